"""A fake Studio REST API v2 on 127.0.0.1 (random port, served from a thread in the test).

It implements the endpoints flowlint uses, with Twilio's documented answers:

- `GET /v2/Flows` and `GET /v2/Flows/{sid}/Revisions`: pages of `PageSize` entries with
  `meta.next_page_url` (list entries carry `definition: null`, as Twilio's do);
- `GET /v2/Flows/{sid}` and `GET /v2/Flows/{sid}/Revisions/{n|LatestPublished|LatestRevision}`;
- `POST /v2/Flows/Validate` (form `FriendlyName`, `Status`, `Definition`): `{"valid": true}`, or
  a 400 with code 81022 and `details.errors[] = {property_path, message}` from a few checks
  that mimic Twilio's messages;
- `GET`/`POST /v2/Flows/{sid}/TestUsers`;
- basic auth: a live account (SID + auth token), an API key (SK + secret), and test credentials
  (answered with 403 / 20008, as Twilio does outside Messages, Calls and IncomingPhoneNumbers);
  anything else is a 401 / 20003;
- injected faults (`fail(...)`): any status, a number of times, with an optional Retry-After.

Twilio's `next_page_url` is an absolute URL on its own host. Ours points at a closed loopback
port (`PAGE_URL_BASE`), so a client that followed it instead of re-basing it onto its base URL
would fail at once, without any chance of reaching the internet.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import itertools
import json
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.twilio.fake_validator import validation_errors

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "authtoken-NEVER-PRINTED-4c1d"
API_KEY = "SK" + "89abcdef01234567" * 2
API_SECRET = "apisecret-NEVER-PRINTED-77e0"
TEST_ACCOUNT_SID = "AC" + "fedcba9876543210" * 2
TEST_AUTH_TOKEN = "testtoken-NEVER-PRINTED-03b9"
SECRETS = (ACCOUNT_SID, AUTH_TOKEN, API_KEY, API_SECRET, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN)

PAGE_URL_BASE = "http://127.0.0.1:9"


@dataclass
class Revision:
    revision: int
    definition: dict[str, Any]
    status: str
    commit_message: str | None
    date_created: str
    date_updated: str


@dataclass
class FakeFlow:
    sid: str
    friendly_name: str
    revisions: list[Revision]
    test_users: list[str] = field(default_factory=list)
    account_sid: str = ACCOUNT_SID

    @property
    def latest(self) -> Revision:
        return self.revisions[-1]


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    form: list[tuple[str, str]]
    username: str | None


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    status: int
    remaining: int
    code: int | None
    message: str
    retry_after: str | None
    details: Any = None


class FakeStudioApi:
    """Start with `with FakeStudioApi() as api:`; `api.url` is the base URL to use."""

    def __init__(self) -> None:
        self.flows: dict[str, FakeFlow] = {}
        self.requests: list[RecordedRequest] = []
        self.faults: list[Fault] = []
        self.lock = threading.Lock()
        self._sid_counter = itertools.count(1)
        self._clock = itertools.count(1)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.fake = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeStudioApi:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    # -- arranging the account ---------------------------------------------------------------

    def _now(self) -> str:
        tick = next(self._clock)
        return f"2024-05-01T10:{tick // 60:02d}:{tick % 60:02d}Z"

    def add_flow(
        self,
        friendly_name: str,
        definition: dict[str, Any],
        *,
        status: str = "published",
        test_users: list[str] | None = None,
        account_sid: str = ACCOUNT_SID,
    ) -> str:
        # Random-looking but reproducible SIDs, like the ones in real accounts.
        sid = "FW" + hashlib.md5(f"{friendly_name}/{next(self._sid_counter)}".encode()).hexdigest()
        now = self._now()
        revision = Revision(1, copy.deepcopy(definition), status, "first version", now, now)
        with self.lock:
            self.flows[sid] = FakeFlow(
                sid, friendly_name, [revision], list(test_users or []), account_sid
            )
        return sid

    def update_flow(
        self,
        sid: str,
        definition: dict[str, Any],
        *,
        status: str = "published",
        commit_message: str = "an update",
        friendly_name: str | None = None,
    ) -> int:
        """Save a new revision, as the Console's Publish (or Save) does; returns its number."""
        with self.lock:
            flow = self.flows[sid]
            now = self._now()
            number = flow.latest.revision + 1
            flow.revisions.append(
                Revision(number, copy.deepcopy(definition), status, commit_message, now, now)
            )
            if friendly_name is not None:
                flow.friendly_name = friendly_name
            return number

    def fail(
        self,
        method: str,
        path: str,
        status: int,
        *,
        times: int = 1,
        code: int | None = None,
        message: str = "injected failure",
        retry_after: str | None = None,
        details: Any = None,
    ) -> None:
        """Answer the next `times` requests matching `method` and the `path` regex with `status`
        (and a `details` object, as Validate's 400 answers carry)."""
        with self.lock:
            self.faults.append(
                Fault(method, re.compile(path), status, times, code, message, retry_after, details)
            )

    def requests_to(self, method: str, pattern: str) -> list[RecordedRequest]:
        regex = re.compile(pattern)
        return [r for r in self.requests if r.method == method and regex.fullmatch(r.path)]

    # -- resources ---------------------------------------------------------------------------

    def flow_resource(self, flow: FakeFlow, *, with_definition: bool = True) -> dict[str, Any]:
        latest = flow.latest
        return {
            "sid": flow.sid,
            "account_sid": flow.account_sid,
            "friendly_name": flow.friendly_name,
            "definition": copy.deepcopy(latest.definition) if with_definition else None,
            "status": latest.status,
            "revision": latest.revision,
            "commit_message": latest.commit_message,
            "valid": True,
            "errors": [],
            "warnings": [],
            "date_created": flow.revisions[0].date_created,
            "date_updated": latest.date_updated,
            "webhook_url": f"https://webhooks.twilio.com/v1/Accounts/{flow.account_sid}/Flows/{flow.sid}",
            "url": f"https://studio.twilio.com/v2/Flows/{flow.sid}",
            "links": {
                "revisions": f"https://studio.twilio.com/v2/Flows/{flow.sid}/Revisions",
                "test_users": f"https://studio.twilio.com/v2/Flows/{flow.sid}/TestUsers",
                "executions": f"https://studio.twilio.com/v2/Flows/{flow.sid}/Executions",
            },
        }

    def revision_resource(
        self, flow: FakeFlow, revision: Revision, *, with_definition: bool = True
    ) -> dict[str, Any]:
        return {
            "sid": flow.sid,
            "account_sid": flow.account_sid,
            "friendly_name": flow.friendly_name,
            "definition": copy.deepcopy(revision.definition) if with_definition else None,
            "status": revision.status,
            "revision": revision.revision,
            "commit_message": revision.commit_message,
            "valid": True,
            "errors": [],
            "date_created": revision.date_created,
            "date_updated": revision.date_updated,
            "url": f"https://studio.twilio.com/v2/Flows/{flow.sid}/Revisions/{revision.revision}",
        }


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeStudio/1.0"

    @property
    def fake(self) -> FakeStudioApi:
        return self.server.fake  # type: ignore[attr-defined,no-any-return]

    def log_message(self, format: str, *args: Any) -> None:  # silence the default stderr log
        return

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    # -- plumbing ----------------------------------------------------------------------------

    def _handle(self, method: str) -> None:
        parts = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        form = urllib.parse.parse_qsl(body, keep_blank_values=True)
        username, password = self._basic_auth()
        fake = self.fake
        with fake.lock:
            fake.requests.append(RecordedRequest(method, parts.path, query, form, username))
            fault = next(
                (
                    f
                    for f in fake.faults
                    if f.method == method and f.path.fullmatch(parts.path) and f.remaining
                ),
                None,
            )
            if fault is not None:
                fault.remaining -= 1
        if fault is not None:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._error(
                fault.status,
                fault.code or fault.status * 100,
                fault.message,
                details=fault.details,
                headers=headers,
            )
            return
        if (username, password) in ((TEST_ACCOUNT_SID, TEST_AUTH_TOKEN),):
            self._error(403, 20008, "Resource not accessible with Test Account Credentials")
            return
        if (username, password) not in ((ACCOUNT_SID, AUTH_TOKEN), (API_KEY, API_SECRET)):
            self._error(401, 20003, "Authenticate")
            return
        try:
            self._route(method, parts.path, query, form)
        except Exception as exc:  # the fake must answer even when a test feeds it nonsense
            self._error(500, 20500, f"fake server bug: {exc!r}")

    def _basic_auth(self) -> tuple[str | None, str | None]:
        header = self.headers.get("Authorization") or ""
        if not header.startswith("Basic "):
            return None, None
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return None, None
        return user, password

    def _route(
        self, method: str, path: str, query: dict[str, str], form: list[tuple[str, str]]
    ) -> None:
        fake = self.fake
        if method == "POST" and path == "/v2/Flows/Validate":
            self._validate(dict(form))
            return
        match = re.fullmatch(
            r"/v2/Flows(?:/(FW[0-9a-fA-F]{32})(?:/(Revisions|TestUsers)(?:/([^/]+))?)?)?", path
        )
        if not match:
            self._error(404, 20404, f"The requested resource {path} was not found")
            return
        sid, child, item = match.groups()
        if sid is None:
            if method != "GET":
                self._error(405, 20004, "Method not allowed")
                return
            with fake.lock:
                entries = [
                    fake.flow_resource(f, with_definition=False) for f in fake.flows.values()
                ]
            self._page(path, "flows", entries, query)
            return
        with fake.lock:
            flow = fake.flows.get(sid)
        if flow is None:
            self._error(404, 20404, f"The requested resource {path} was not found")
            return
        if child is None:
            self._json(200, fake.flow_resource(flow))
        elif child == "TestUsers":
            if method == "POST":
                users = [value for key, value in form if key == "TestUsers"]
                too_long = [u for u in users if len(u.encode()) > 300]
                if too_long:
                    self._error(400, 20001, "Each Test User identity can be up to 300 bytes")
                    return
                flow.test_users = users
            self._json(
                200,
                {
                    "sid": sid,
                    "test_users": flow.test_users,
                    "url": f"https://studio.twilio.com/v2/Flows/{sid}/TestUsers",
                },
            )
        elif item is None:
            entries = [
                fake.revision_resource(flow, r, with_definition=False)
                for r in reversed(flow.revisions)
            ]
            self._page(path, "revisions", entries, query)
        else:
            revision = self._find_revision(flow, item)
            if revision is None:
                self._error(404, 20404, f"The requested resource {path} was not found")
            else:
                self._json(200, fake.revision_resource(flow, revision))

    @staticmethod
    def _find_revision(flow: FakeFlow, item: str) -> Revision | None:
        if item == "LatestRevision":
            return flow.latest
        if item == "LatestPublished":
            published = [r for r in flow.revisions if r.status == "published"]
            return published[-1] if published else None
        return next((r for r in flow.revisions if str(r.revision) == item), None)

    def _page(
        self, path: str, key: str, entries: list[dict[str, Any]], query: dict[str, str]
    ) -> None:
        size = min(int(query.get("PageSize", "50")), 1000)
        page = int(query.get("Page", "0"))
        token = query.get("PageToken", "PT0")
        offset = int(token[2:]) if token.startswith("PT") else 0
        chunk = entries[offset : offset + size]

        def url(page_number: int, start: int) -> str:
            parameters = {"PageSize": size, "Page": page_number, "PageToken": f"PT{start}"}
            return f"{PAGE_URL_BASE}{path}?{urllib.parse.urlencode(parameters)}"

        has_next = offset + size < len(entries)
        self._json(
            200,
            {
                key: chunk,
                "meta": {
                    "page": page,
                    "page_size": size,
                    "first_page_url": url(0, 0),
                    "previous_page_url": url(page - 1, max(offset - size, 0)) if page else None,
                    "url": url(page, offset),
                    "next_page_url": url(page + 1, offset + size) if has_next else None,
                    "key": key,
                },
            },
        )

    def _validate(self, form: dict[str, str]) -> None:
        for name in ("FriendlyName", "Status", "Definition"):
            if not form.get(name):
                self._error(400, 20001, f"Missing required parameter {name} in the post body")
                return
        try:
            definition = json.loads(form["Definition"])
        except ValueError:
            errors = [{"property_path": "#", "message": "Definition is not valid JSON"}]
        else:
            errors = validation_errors(definition)
        if errors:
            self._error(400, 81022, "Invalid Flow Definition", details={"errors": errors})
        else:
            self._json(200, {"valid": True})

    def _error(
        self,
        status: int,
        code: int,
        message: str,
        *,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        body: dict[str, Any] = {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        }
        if details is not None:
            body["details"] = details
        self._json(status, body, headers)

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
