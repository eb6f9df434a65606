"""The deployed flow as a version to compare with: `twilio:FW…` (the flow as it is now) or
`twilio:FW…@N` (revision N; also `@LatestPublished`, `@LatestRevision`).

Credentials, API URL, retries and error messages are those of `flowlint pull`
(`flowlint.twilio`); every failure becomes a `DiffInputError`.
"""

from __future__ import annotations

import json
import os

from flowlint.diff.sources import TWILIO_PREFIX, DiffInputError, FlowVersion, parse_version
from flowlint.twilio.studio_api import REVISION_ALIASES, StudioApi


def connect(api_url: str | None) -> tuple[StudioApi, str | None]:
    """A Studio API client from the environment, and the plain-HTTP warning if any."""
    from flowlint.twilio.credentials import credentials_from_environment
    from flowlint.twilio.errors import TwilioSetupError
    from flowlint.twilio.http_client import (
        RetryPolicy,
        StudioHttpClient,
        plain_http_warning,
        resolve_api_url,
    )

    try:
        credentials = credentials_from_environment(os.environ)
        base_url = resolve_api_url(api_url, os.environ)
        retry = RetryPolicy.from_environment(os.environ)
    except TwilioSetupError as exc:
        raise DiffInputError(str(exc)) from exc
    return StudioApi(StudioHttpClient(base_url, credentials, retry)), plain_http_warning(base_url)


def parse_twilio_spec(spec: str) -> tuple[str, int | str | None]:
    """`twilio:FW…[@revision]` → (flow SID, revision or None)."""
    from flowlint.twilio.sid import is_flow_sid

    sid, _, revision_text = spec[len(TWILIO_PREFIX) :].partition("@")
    if not is_flow_sid(sid):
        raise DiffInputError(
            f"{spec!r}: not a Flow SID (FW followed by 32 hexadecimal digits); nothing was sent"
        )
    if not revision_text:
        return sid, None
    if revision_text.isdigit():
        return sid, int(revision_text)
    if revision_text in REVISION_ALIASES:
        return sid, revision_text
    raise DiffInputError(
        f"{spec!r}: the revision after @ must be a number, LatestPublished or LatestRevision"
    )


def read_deployed(api: StudioApi, sid: str, revision: int | str | None) -> FlowVersion:
    """The definition Twilio holds for the flow (or the revision)."""
    from flowlint.twilio.errors import StudioApiError, TwilioSetupError

    label = f"{TWILIO_PREFIX}{sid}" + (f"@{revision}" if revision is not None else "")
    try:
        resource = api.flow(sid) if revision is None else api.revision(sid, revision)
    except (StudioApiError, TwilioSetupError) as exc:
        raise DiffInputError(f"cannot fetch {label}: {exc}") from exc
    definition = resource.get("definition")
    if not isinstance(definition, dict):
        raise DiffInputError(f"{label}: Twilio returned the flow without a definition")
    return parse_version(label, json.dumps(definition).encode("utf-8"))
