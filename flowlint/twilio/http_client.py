"""HTTP to the Studio REST API with the standard library: basic auth, form bodies, JSON answers,
and retries with exponential backoff on 429, 5xx and network failures.

Redirects are not followed, so the credentials only ever go to the configured base URL; list
pages' `next_page_url` (absolute URLs on Twilio's host) are re-based onto that URL too, which is
what proxies and test servers need.
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.message import Message
from typing import Any

from flowlint import __version__
from flowlint.twilio.credentials import Credentials
from flowlint.twilio.errors import StudioApiError, TwilioSetupError, describe_failure

DEFAULT_API_URL = "https://studio.twilio.com"
API_URL_VARIABLE = "FLOWLINT_STUDIO_API_URL"
RETRIES_VARIABLE = "FLOWLINT_STUDIO_RETRIES"
RETRY_DELAY_VARIABLE = "FLOWLINT_STUDIO_RETRY_DELAY"
TIMEOUT_SECONDS = 30.0
MAX_ANSWER_BYTES = 64 * 1024 * 1024
"""Far above any Studio answer (a definition is under 1 MB); guards against a wrong --api-url."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry 429, 5xx and network failures.

    The wait doubles from `first_delay` up to `max_delay`; a `Retry-After` header (seconds) is
    honoured up to `max_delay`. `FLOWLINT_STUDIO_RETRIES` and `FLOWLINT_STUDIO_RETRY_DELAY`
    override the defaults (the tests use a few milliseconds).
    """

    retries: int = 3
    first_delay: float = 1.0
    max_delay: float = 30.0

    @classmethod
    def from_environment(cls, env: Mapping[str, str]) -> RetryPolicy:
        policy = cls()
        retries_text = env.get(RETRIES_VARIABLE, "").strip()
        delay_text = env.get(RETRY_DELAY_VARIABLE, "").strip()
        retries, first_delay = policy.retries, policy.first_delay
        if retries_text:
            if not retries_text.isdigit() or int(retries_text) > 20:
                raise TwilioSetupError(f"{RETRIES_VARIABLE} must be a whole number from 0 to 20")
            retries = int(retries_text)
        if delay_text:
            try:
                first_delay = float(delay_text)
            except ValueError:
                first_delay = -1.0
            if not 0 <= first_delay <= 60:
                raise TwilioSetupError(f"{RETRY_DELAY_VARIABLE} must be seconds from 0 to 60")
        return cls(retries, first_delay, max(policy.max_delay, first_delay))

    def delay(self, retry: int, retry_after: str | None) -> float:
        """Seconds to wait before retry number `retry` (0 for the first retry)."""
        backoff = min(self.first_delay * 2.0**retry, self.max_delay)
        if retry_after:
            try:
                asked = float(retry_after)
            except ValueError:
                return backoff
            return max(backoff, min(asked, self.max_delay))
        return backoff


def resolve_api_url(option: str | None, env: Mapping[str, str]) -> str:
    """The base URL: `--api-url`, else `FLOWLINT_STUDIO_API_URL`, else Twilio's.

    Trailing slashes and a trailing `/v2` are dropped (we add `/v2/...` ourselves). A URL with
    a user name or password is refused without echoing it.
    """
    origin = "--api-url" if option else API_URL_VARIABLE
    raw = (option or env.get(API_URL_VARIABLE, "") or DEFAULT_API_URL).strip()
    parts = urllib.parse.urlsplit(raw)
    if parts.username is not None or parts.password is not None:
        raise TwilioSetupError(
            f"{origin} must not contain credentials: set TWILIO_ACCOUNT_SID and "
            "TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET) instead"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TwilioSetupError(f"{origin} {raw!r} is not an http:// or https:// URL")
    if parts.query or parts.fragment:
        raise TwilioSetupError(f"{origin} {raw!r} must not have a query or a fragment")
    path = parts.path.rstrip("/")
    if path.endswith("/v2"):
        path = path[: -len("/v2")]
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def plain_http_warning(api_url: str) -> str | None:
    """A warning when credentials would cross the network unencrypted."""
    parts = urllib.parse.urlsplit(api_url)
    if parts.scheme != "http" or _is_loopback(parts.hostname or ""):
        return None
    return f"{api_url} is plain HTTP: the credentials will cross the network unencrypted"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Turn redirects into errors: following one would send the credentials elsewhere."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class _NetworkFailure(Exception):
    pass


class StudioHttpClient:
    """Sends authenticated requests to one Studio API base URL and decodes the JSON answers."""

    def __init__(
        self,
        api_url: str,
        credentials: Credentials,
        retry: RetryPolicy | None = None,
        *,
        timeout: float = TIMEOUT_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api_url = api_url
        self.credentials = credentials
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self._sleep = sleep
        token = f"{credentials.username}:{credentials.password}".encode()
        self._authorization = "Basic " + base64.b64encode(token).decode("ascii")
        self._opener = urllib.request.build_opener(_NoRedirect())

    def __repr__(self) -> str:
        return f"StudioHttpClient({self.api_url!r})"

    def get(self, path: str, query: Mapping[str, str | int] | None = None) -> Any:
        """GET `path` (like `/v2/Flows`) with query parameters."""
        suffix = "?" + urllib.parse.urlencode(query) if query else ""
        return self._request("GET", path + suffix, None)

    def post(self, path: str, form: Sequence[tuple[str, str]]) -> Any:
        """POST a form-encoded body (a key may repeat, as Twilio's array parameters do)."""
        return self._request("POST", path, urllib.parse.urlencode(form).encode("utf-8"))

    def get_page(self, page_url: str) -> Any:
        """GET a list page from a `next_page_url`, re-based onto our base URL."""
        parts = urllib.parse.urlsplit(page_url)
        return self._request("GET", parts.path + ("?" + parts.query if parts.query else ""), None)

    # -- one request, retried ----------------------------------------------------------------

    def _request(self, method: str, path_and_query: str, body: bytes | None) -> Any:
        url = self.api_url + path_and_query
        label = f"{method} {path_and_query.split('?', 1)[0]}"
        attempts = 0
        while True:
            attempts += 1
            retry_left = attempts <= self.retry.retries
            try:
                status, headers, data = self._send(method, url, body)
            except _NetworkFailure as failure:
                if retry_left:
                    self._sleep(self.retry.delay(attempts - 1, None))
                    continue
                raise StudioApiError(
                    f"cannot reach {self.api_url} for {label}: {failure} "
                    f"({attempts} attempt{'s' if attempts > 1 else ''})"
                ) from None
            if (status == 429 or status >= 500) and retry_left:
                self._sleep(self.retry.delay(attempts - 1, headers.get("Retry-After")))
                continue
            return self._decode(status, data, label, attempts)

    def _send(self, method: str, url: str, body: bytes | None) -> tuple[int, Message, bytes]:
        request = urllib.request.Request(url, data=body, method=method)
        request.add_header("Authorization", self._authorization)
        request.add_header("Accept", "application/json")
        request.add_header("User-Agent", f"flowlint/{__version__}")
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.status, response.headers, _read(response)
        except urllib.error.HTTPError as answer:
            with answer:
                return answer.code, answer.headers, _read(answer)
        except urllib.error.URLError as exc:
            reason = exc.reason
            raise _NetworkFailure(getattr(reason, "strerror", None) or str(reason)) from None
        except (OSError, http.client.HTTPException) as exc:
            raise _NetworkFailure(
                getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            ) from None

    def _decode(self, status: int, data: bytes, label: str, attempts: int) -> Any:
        try:
            answer = json.loads(data) if data else None
        except (ValueError, UnicodeDecodeError):
            answer = None
            if 200 <= status < 300:
                raise StudioApiError(
                    f"{self.api_url} answered {label} with something that is not JSON: is it "
                    "the Studio API?",
                    status=status,
                ) from None
        if 200 <= status < 300:
            return answer
        if 300 <= status < 400:
            raise StudioApiError(
                f"{self.api_url} answered {label} with a redirect ({status}); flowlint does not "
                "follow redirects (the credentials would go along): use the final address as "
                "the base URL",
                status=status,
            )
        fields = answer if isinstance(answer, dict) else {}
        code = fields.get("code") if isinstance(fields.get("code"), int) else None
        message = fields.get("message") if isinstance(fields.get("message"), str) else None
        raise StudioApiError(
            describe_failure(
                status=status,
                code=code,
                twilio_message=message,
                request=label,
                credential_source=self.credentials.source,
                attempts=attempts,
            ),
            status=status,
            code=code,
            twilio_message=message,
            details=fields.get("details"),
        )


def _read(response: Any) -> bytes:
    data: bytes = response.read(MAX_ANSWER_BYTES + 1)
    if len(data) > MAX_ANSWER_BYTES:
        raise _NetworkFailure(f"the answer is over {MAX_ANSWER_BYTES:,} bytes")
    return data
