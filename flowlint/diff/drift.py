"""The deployed flow as a version to compare with: `twilio:FW…` (the flow as it is now) or
`twilio:FW…@N` (revision N; also `@LatestPublished`, `@LatestRevision`).

Credentials, API URL, retries and error messages are those of `flowlint pull`
(`flowlint.twilio`); every failure becomes a `DiffInputError`. `check_drift` is
`flowlint pull --check`: the local copies `pull` wrote against the deployed flows.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flowlint.diff.compare import FlowDiff, compare_flows
from flowlint.diff.sources import (
    TWILIO_PREFIX,
    DiffInputError,
    FlowVersion,
    parse_version,
    read_source,
)
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


@dataclass
class DriftOutcome:
    """How one flow's local copy compares with what is deployed."""

    sid: str
    state: str
    """`same` (no change in meaning), `drifted`, `missing` (no local copy) or `failed`."""
    file: Path | None = None
    diff: FlowDiff | None = None
    deployed: FlowVersion | None = None
    local: FlowVersion | None = None
    error: str | None = None


def check_drift(api: StudioApi, directory: Path, sids: list[str] | None) -> Iterator[DriftOutcome]:
    """Compare the copies `flowlint pull` wrote in `directory` (found by SID through their
    metadata files) with the deployed flows: `sids`, or every flow of the account (None).
    A flow that does not exist (404) or a local copy that cannot be read is a `failed` outcome;
    any other API failure raises `DiffInputError`, since the next requests would fail too."""
    from flowlint.twilio.errors import StudioApiError
    from flowlint.twilio.local_copy import LocalCopy

    local = LocalCopy(directory)
    if sids is None:
        try:
            sids = [e["sid"] for e in api.flows() if isinstance(e.get("sid"), str)]
        except StudioApiError as exc:
            raise DiffInputError(str(exc)) from exc
    for sid in sids:
        name = local.names.get(sid)
        path = directory / f"{name}.json" if name is not None else None
        try:
            deployed = read_deployed(api, sid, None)
        except DiffInputError as exc:
            cause = exc.__cause__
            if isinstance(cause, StudioApiError) and cause.status != 404:
                raise
            yield DriftOutcome(sid, "failed", path, error=str(exc))
            continue
        if path is None:
            yield DriftOutcome(sid, "missing", deployed=deployed)
            continue
        try:
            copy = read_source(str(path))
        except DiffInputError as exc:
            yield DriftOutcome(sid, "failed", path, error=str(exc))
            continue
        diff = compare_flows(copy.flow, deployed.flow)
        state = "drifted" if diff.meaningful else "same"
        yield DriftOutcome(sid, state, path, diff, deployed, copy)
