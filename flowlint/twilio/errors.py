"""What can go wrong when flowlint talks to Twilio, worded for the person at the terminal.

Messages never contain credentials: they name the environment variables the credentials came
from, the request method and path, and what Twilio said.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

TEST_CREDENTIALS_ERROR = 20008
"""Twilio's error code for "Resource not accessible with Test Account Credentials"."""


class TwilioSetupError(Exception):
    """A problem found before any request: credentials, base URL, a malformed SID, a setting."""


class StudioApiError(Exception):
    """The Studio API failed or refused a request (after the retries, when retrying made sense).

    `status` is the HTTP status (None when the server could not be reached), `code` and
    `twilio_message` are Twilio's error code and message, `details` its `details` object.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: int | None = None,
        twilio_message: str | None = None,
        details: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.twilio_message = twilio_message
        self.details = details


def describe_failure(
    *,
    status: int,
    code: int | None,
    twilio_message: str | None,
    request: str,
    credential_source: str,
    attempts: int,
) -> str:
    """The message for an HTTP error answer; `request` is like `GET /v2/Flows/FW…`."""
    reason = _reason(status)
    said = f": Twilio says {twilio_message!r}" if twilio_message else ""
    error = f", Twilio error {code}" if code else ""
    if status == 401:
        return (
            f"Twilio did not accept the credentials (401 Unauthorized{error}) for {request}: "
            f"check {credential_source}"
        )
    if status == 403:
        hint = (
            "test credentials only work for buying phone numbers, sending SMS and making calls, "
            "so the Studio API refuses them; use the live Account SID and Auth Token, or an API "
            "key"
        )
        if code == TEST_CREDENTIALS_ERROR:
            return f"these are test credentials (403 Forbidden{error}): {hint}"
        return (
            f"Twilio refused access to {request} (403 Forbidden{error}){said}. If "
            f"{credential_source} are test credentials: {hint}"
        )
    if status == 404:
        return (
            f"Twilio answered 404 Not Found for {request}: it does not exist in this account "
            "(or the credentials belong to another account)"
        )
    if status == 429:
        return (
            f"Twilio kept answering 429 Too Many Requests for {request} ({attempts} attempts): "
            "the account is being rate limited; wait a minute and run again"
        )
    if status >= 500:
        return (
            f"Twilio answered {status} {reason} for {request} ({attempts} attempts){said}; the "
            "service may be having trouble (https://status.twilio.com): try again later"
        )
    return f"Twilio answered {status} {reason}{error} for {request}{said}"


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "error"
