"""The Studio REST API v2 endpoints flowlint uses, over `StudioHttpClient`.

- `GET /v2/Flows` (paged), `GET /v2/Flows/{sid}`
- `GET /v2/Flows/{sid}/Revisions` (paged), `GET /v2/Flows/{sid}/Revisions/{revision}`
- `POST /v2/Flows/Validate` (form: `FriendlyName`, `Status`, `Definition`)
- `GET /v2/Flows/{sid}/TestUsers`

Every SID is checked before it becomes part of a URL.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flowlint.twilio.errors import StudioApiError, TwilioSetupError
from flowlint.twilio.http_client import StudioHttpClient
from flowlint.twilio.sid import is_flow_sid

DEFINITION_INVALID = 81022
"""Twilio's error code for "Flow definition validation failed"."""

REVISION_ALIASES = ("LatestPublished", "LatestRevision")


@dataclass(frozen=True)
class ValidationProblem:
    """One entry of Validate's `details.errors`."""

    property_path: str | None
    """Where Twilio points, like `#/states/3/properties/timeout` (relative to the definition)."""
    message: str


@dataclass(frozen=True)
class ValidationAnswer:
    """What Validate said: valid, or the problems (with Twilio's code and message)."""

    valid: bool
    problems: list[ValidationProblem] = field(default_factory=list)
    code: int | None = None
    message: str | None = None


def require_flow_sid(sid: str) -> str:
    if not is_flow_sid(sid):
        raise TwilioSetupError(
            f"{sid!r} is not a Flow SID (FW followed by 32 hexadecimal digits); nothing was sent"
        )
    return sid


class StudioApi:
    """Typed calls on top of the HTTP client; answers are the JSON objects Twilio returns."""

    def __init__(self, http: StudioHttpClient) -> None:
        self.http = http

    def flows(self, page_size: int = 50) -> Iterator[dict[str, Any]]:
        """Every flow of the account (list entries: their `definition` is null)."""
        return self._pages("/v2/Flows", "flows", page_size)

    def flow(self, sid: str) -> dict[str, Any]:
        return self._object(self.http.get(f"/v2/Flows/{require_flow_sid(sid)}"), "flow")

    def revisions(self, sid: str, page_size: int = 50) -> Iterator[dict[str, Any]]:
        return self._pages(f"/v2/Flows/{require_flow_sid(sid)}/Revisions", "revisions", page_size)

    def revision(self, sid: str, revision: int | str) -> dict[str, Any]:
        if not (isinstance(revision, int) or revision in REVISION_ALIASES):
            raise TwilioSetupError(
                f"revision {revision!r} is not a number, LatestPublished or LatestRevision"
            )
        path = f"/v2/Flows/{require_flow_sid(sid)}/Revisions/{urllib.parse.quote(str(revision))}"
        return self._object(self.http.get(path), "revision")

    def test_users(self, sid: str) -> dict[str, Any]:
        return self._object(
            self.http.get(f"/v2/Flows/{require_flow_sid(sid)}/TestUsers"), "test users"
        )

    def validate(self, friendly_name: str, status: str, definition_json: str) -> ValidationAnswer:
        """Send a definition (compact JSON text) to Validate; a 400 answer becomes problems."""
        form = [
            ("FriendlyName", friendly_name),
            ("Status", status),
            ("Definition", definition_json),
        ]
        try:
            answer = self.http.post("/v2/Flows/Validate", form)
        except StudioApiError as error:
            if error.status != 400:
                raise
            return ValidationAnswer(
                False, _problems(error.details), error.code, error.twilio_message
            )
        valid = isinstance(answer, dict) and answer.get("valid") is True
        return ValidationAnswer(valid)

    # -- plumbing ----------------------------------------------------------------------------

    def _pages(self, path: str, key: str, page_size: int) -> Iterator[dict[str, Any]]:
        page = self.http.get(path, {"PageSize": page_size})
        seen: set[str] = set()
        while True:
            if not isinstance(page, dict) or not isinstance(page.get(key), list):
                raise StudioApiError(f"GET {path}: the answer has no `{key}` list")
            for entry in page[key]:
                if isinstance(entry, dict):
                    yield entry
            meta = page.get("meta")
            next_url = meta.get("next_page_url") if isinstance(meta, dict) else None
            if not isinstance(next_url, str) or not next_url:
                return
            if next_url in seen:
                raise StudioApiError(f"GET {path}: the API sent the same next page twice")
            seen.add(next_url)
            page = self.http.get_page(next_url)

    @staticmethod
    def _object(answer: Any, what: str) -> dict[str, Any]:
        if not isinstance(answer, dict):
            raise StudioApiError(f"the API answered with something that is not a {what} object")
        return answer


def _problems(details: Any) -> list[ValidationProblem]:
    errors = details.get("errors") if isinstance(details, dict) else None
    problems = []
    for entry in errors if isinstance(errors, list) else []:
        if not isinstance(entry, dict):
            continue
        path = entry.get("property_path")
        message = entry.get("message")
        problems.append(
            ValidationProblem(
                path if isinstance(path, str) else None,
                message if isinstance(message, str) else "(no message)",
            )
        )
    return problems
