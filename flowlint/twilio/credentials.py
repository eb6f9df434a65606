"""Where the credentials come from: environment variables only, never the command line (which
shell history and process lists keep), and never printed.

- `TWILIO_ACCOUNT_SID` + `TWILIO_AUTH_TOKEN`: basic auth with the Account SID as user name.
- `TWILIO_API_KEY` + `TWILIO_API_SECRET`: basic auth with the API key SID (`SK…`) as user name.
  Studio URLs do not name the account (`/v2/Flows/FW…`): the key alone identifies it, so
  `TWILIO_ACCOUNT_SID` is optional here. When it is set too, `flowlint pull` checks that every
  flow it downloads belongs to that account. An API key wins when both pairs are set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flowlint.twilio.errors import TwilioSetupError
from flowlint.twilio.sid import ACCOUNT_SID, API_KEY_SID

AUTH_TOKEN_SOURCE = "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"
API_KEY_SOURCE = "TWILIO_API_KEY and TWILIO_API_SECRET"


@dataclass(frozen=True)
class Credentials:
    """A user name and password for basic auth, and which variables they came from."""

    username: str = field(repr=False)
    password: str = field(repr=False)
    source: str
    """The environment variables they came from, for error messages."""
    account_sid: str | None = field(default=None, repr=False)
    """The account the flows must belong to, when known."""


def credentials_from_environment(env: Mapping[str, str]) -> Credentials:
    """Read the credentials; raise `TwilioSetupError` naming what is missing or malformed."""
    account_sid = env.get("TWILIO_ACCOUNT_SID", "").strip()
    auth_token = env.get("TWILIO_AUTH_TOKEN", "").strip()
    api_key = env.get("TWILIO_API_KEY", "").strip()
    api_secret = env.get("TWILIO_API_SECRET", "").strip()
    if account_sid and not ACCOUNT_SID.match(account_sid):
        raise TwilioSetupError(
            "TWILIO_ACCOUNT_SID is not an Account SID (AC followed by 32 hexadecimal digits)"
        )
    if api_key or api_secret:
        if not api_key:
            raise TwilioSetupError("TWILIO_API_SECRET is set but TWILIO_API_KEY is not")
        if not api_secret:
            raise TwilioSetupError("TWILIO_API_KEY is set but TWILIO_API_SECRET is not")
        if not API_KEY_SID.match(api_key):
            raise TwilioSetupError(
                "TWILIO_API_KEY is not an API key SID (SK followed by 32 hexadecimal digits)"
            )
        return Credentials(api_key, api_secret, API_KEY_SOURCE, account_sid or None)
    if account_sid and auth_token:
        return Credentials(account_sid, auth_token, AUTH_TOKEN_SOURCE, account_sid)
    if account_sid:
        raise TwilioSetupError(
            "TWILIO_ACCOUNT_SID is set but TWILIO_AUTH_TOKEN is not (or use an API key: "
            "TWILIO_API_KEY and TWILIO_API_SECRET)"
        )
    if auth_token:
        raise TwilioSetupError("TWILIO_AUTH_TOKEN is set but TWILIO_ACCOUNT_SID is not")
    raise TwilioSetupError(
        "no Twilio credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY "
        "and TWILIO_API_SECRET"
    )
