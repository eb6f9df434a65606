"""`flowlint pull`: download flows (and optionally their revisions and test users) into a
directory, fetching and writing only what changed.

Each flow is all-or-nothing: everything it needs is downloaded first and only then written
(see `local_copy.write_all_or_nothing`), so a failure leaves the previous copy intact.
A flow that no longer exists (404) is reported and the others carry on; any other API failure
(bad credentials, rate limiting, an outage) stops the run, since the next requests would fail
the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flowlint.twilio.errors import StudioApiError, TwilioSetupError
from flowlint.twilio.local_copy import (
    META_SUFFIX,
    LocalCopy,
    json_text,
    metadata_text,
    write_all_or_nothing,
)
from flowlint.twilio.studio_api import StudioApi


@dataclass
class FlowOutcome:
    """What happened to one flow."""

    sid: str
    state: str
    """`created`, `updated`, `unchanged` or `failed`."""
    file: Path | None = None
    revision: object = None
    new_revisions: int = 0
    error: str | None = None


class FlowPuller:
    """Pulls flows through `api` into `directory`."""

    def __init__(
        self,
        api: StudioApi,
        directory: Path,
        *,
        revisions: bool = False,
        test_users: bool = False,
        page_size: int = 50,
    ) -> None:
        self.api = api
        self.directory = directory
        self.revisions = revisions
        self.test_users = test_users
        self.page_size = page_size
        self.local = LocalCopy(directory)
        self.account_sid = api.http.credentials.account_sid
        self.current_sid: str | None = None
        """The flow being pulled, for error messages when the run stops."""

    def pull_all(self) -> Iterator[FlowOutcome]:
        """Every flow of the account; flows whose list entry matches the local copy are not
        fetched again (unless revisions or test users are wanted)."""
        for entry in self.api.flows(self.page_size):
            sid = entry.get("sid")
            if not isinstance(sid, str):
                continue
            if not (self.revisions or self.test_users) and self.local.is_current(sid, entry):
                name = self.local.names[sid]
                yield FlowOutcome(
                    sid, "unchanged", self.directory / f"{name}.json", entry.get("revision")
                )
                continue
            yield self._pull(sid)

    def pull(self, sids: Iterable[str]) -> Iterator[FlowOutcome]:
        for sid in sids:
            yield self._pull(sid)

    def _pull(self, sid: str) -> FlowOutcome:
        self.current_sid = sid
        try:
            outcome = self._pull_flow(sid)
        except StudioApiError as error:
            if error.status != 404:
                raise
            outcome = FlowOutcome(sid, "failed", error=error.message)
        self.current_sid = None
        return outcome

    def _pull_flow(self, sid: str) -> FlowOutcome:
        resource = self.api.flow(sid)
        owner = resource.get("account_sid")
        if self.account_sid and isinstance(owner, str) and owner != self.account_sid:
            raise TwilioSetupError(
                f"flow {sid} belongs to another account than TWILIO_ACCOUNT_SID: check that "
                "the API key and TWILIO_ACCOUNT_SID are for the same account"
            )
        definition = resource.get("definition")
        if not isinstance(definition, dict):
            return FlowOutcome(sid, "failed", error="Twilio returned the flow without a definition")
        known = sid in self.local.metadata
        name = self.local.name_for(sid, resource.get("friendly_name"))
        files: dict[Path, bytes] = {}
        new_revisions = self._stage_revisions(sid, name, files) if self.revisions else 0
        if self.test_users:
            files[self.directory / f"{name}.test-users.json"] = json_text(self.api.test_users(sid))
        definition_path = self.directory / f"{name}.json"
        definition_bytes = json_text(definition)
        files[definition_path] = definition_bytes
        files[self.directory / f"{name}{META_SUFFIX}"] = metadata_text(
            resource, definition_path.name, definition_bytes
        )
        changed = write_all_or_nothing(files)
        state = "updated" if known and changed else "created" if changed else "unchanged"
        return FlowOutcome(sid, state, definition_path, resource.get("revision"), new_revisions)

    def _stage_revisions(self, sid: str, name: str, files: dict[Path, bytes]) -> int:
        """Add the revisions not yet on disk to `files` (revisions never change once made)."""
        folder = self.directory / f"{name}.revisions"
        added = 0
        for entry in self.api.revisions(sid, self.page_size):
            number = entry.get("revision")
            if not isinstance(number, int) or isinstance(number, bool):
                continue
            definition_path = folder / f"{number}.json"
            meta_path = folder / f"{number}{META_SUFFIX}"
            if definition_path.exists() and meta_path.exists():
                continue
            revision = entry if isinstance(entry.get("definition"), dict) else None
            revision = revision or self.api.revision(sid, number)
            definition = revision.get("definition")
            if not isinstance(definition, dict):
                continue
            definition_bytes = json_text(definition)
            files[definition_path] = definition_bytes
            files[meta_path] = metadata_text(revision, definition_path.name, definition_bytes)
            added += 1
        return added


def summarize(outcomes: list[FlowOutcome]) -> str:
    """`3 flows: 1 created, 1 updated, 1 unchanged` (the states that occurred, in that order)."""
    if not outcomes:
        return "no flows"
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.state] = counts.get(outcome.state, 0) + 1
    states = ("created", "updated", "unchanged", "failed")
    parts = [f"{counts[state]} {state}" for state in states if state in counts]
    noun = "flow" if len(outcomes) == 1 else "flows"
    return f"{len(outcomes)} {noun}: " + ", ".join(parts)


def describe(outcome: FlowOutcome) -> str:
    """One line of `flowlint pull` output for a flow."""
    details: list[str] = []
    if outcome.revision is not None:
        details.append(f"revision {outcome.revision}")
    if outcome.new_revisions:
        plural = "s" if outcome.new_revisions > 1 else ""
        details.append(f"{outcome.new_revisions} new revision{plural}")
    suffix = f" ({', '.join(details)})" if details else ""
    return f"{outcome.state:<9} {outcome.sid}  {outcome.file or '-'}{suffix}"
