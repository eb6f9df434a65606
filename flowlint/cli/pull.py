"""`flowlint pull --out DIR (FW… | --all)`: download flows from a Twilio account."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from flowlint.twilio.studio_api import StudioApi

EXIT_OK, EXIT_DRIFT, EXIT_ERROR = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"flowlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.command("pull", short_help="Download flows from a Twilio account.")
@click.argument("sids", nargs=-1, metavar="[FLOW_SID]...")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Directory to write the flows to (created if missing).",
)
@click.option("--all", "pull_all", is_flag=True, help="Pull every flow of the account.")
@click.option("--revisions", is_flag=True, help="Also write every revision of each flow.")
@click.option("--test-users", is_flag=True, help="Also write each flow's TestUsers resource.")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing: compare the copies in --out DIR with the deployed flows, semantically, "
    "and exit 1 if any differs in meaning (or has no local copy).",
)
@click.option(
    "--api-url",
    default=None,
    metavar="URL",
    help="Studio API base URL [default: $FLOWLINT_STUDIO_API_URL or https://studio.twilio.com].",
)
@click.option(
    "--page-size",
    type=click.IntRange(1, 1000),
    default=50,
    show_default=True,
    help="Flows and revisions per list request.",
)
def pull_command(
    sids: tuple[str, ...],
    out_dir: str,
    pull_all: bool,
    revisions: bool,
    test_users: bool,
    check: bool,
    api_url: str | None,
    page_size: int,
) -> None:
    """Download flows into --out DIR: a pretty-printed definition (<name>.json) and a metadata
    file (<name>.meta.json) per flow; re-running rewrites only what changed.

    Credentials come from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and
    TWILIO_API_SECRET. Exit status 0 when every flow was pulled, 2 otherwise. With --check:
    0 when every local copy means what is deployed, 1 on drift, 2 on errors.
    """
    if pull_all == bool(sids):
        raise click.UsageError("name flow SIDs or use --all (not both)")
    from flowlint.twilio.sid import is_flow_sid

    malformed = [sid for sid in sids if not is_flow_sid(sid)]
    if malformed:
        names = ", ".join(repr(sid) for sid in malformed)
        _fail(f"not a Flow SID (FW followed by 32 hexadecimal digits): {names}; nothing was sent")

    from flowlint.twilio.credentials import credentials_from_environment
    from flowlint.twilio.errors import StudioApiError, TwilioSetupError
    from flowlint.twilio.http_client import (
        RetryPolicy,
        StudioHttpClient,
        plain_http_warning,
        resolve_api_url,
    )
    from flowlint.twilio.pull import FlowOutcome, FlowPuller, describe, summarize
    from flowlint.twilio.studio_api import StudioApi

    try:
        credentials = credentials_from_environment(os.environ)
        base_url = resolve_api_url(api_url, os.environ)
        retry = RetryPolicy.from_environment(os.environ)
    except TwilioSetupError as exc:
        _fail(str(exc))
        return
    warning = plain_http_warning(base_url)
    if warning:
        click.echo(f"flowlint: warning: {warning}", err=True)
    directory = Path(out_dir)
    api = StudioApi(StudioHttpClient(base_url, credentials, retry))
    if check:
        if revisions or test_users:
            raise click.UsageError(
                "--check compares definitions only (no --revisions, --test-users)"
            )
        _check_drift(api, directory, None if pull_all else list(dict.fromkeys(sids)))
        return
    puller = FlowPuller(
        api, directory, revisions=revisions, test_users=test_users, page_size=page_size
    )
    outcomes: list[FlowOutcome] = []
    problem: str | None = None
    try:
        pulled = puller.pull_all() if pull_all else puller.pull(dict.fromkeys(sids))
        for outcome in pulled:
            outcomes.append(outcome)
            if outcome.state == "failed":
                click.echo(f"flowlint: error: flow {outcome.sid}: {outcome.error}", err=True)
            else:
                click.echo(describe(outcome))
    except (StudioApiError, TwilioSetupError) as exc:
        problem = str(exc)
    except OSError as exc:
        target = exc.filename or directory
        problem = f"cannot write {target}: {exc.strerror or exc}"
    if outcomes or problem is None:
        click.echo(f"{summarize(outcomes)} (in {directory})")
    if problem is not None:
        if puller.current_sid is not None:
            problem += f" (while pulling {puller.current_sid}: its files were left as they were)"
        _fail(problem)
    sys.exit(EXIT_ERROR if any(o.state == "failed" for o in outcomes) else EXIT_OK)


def _check_drift(api: StudioApi, directory: Path, sids: list[str] | None) -> None:
    """`pull --check`: one line per flow, the semantic diff under each drifted one."""
    from flowlint.cli.color import use_color
    from flowlint.diff.drift import DriftOutcome, check_drift
    from flowlint.diff.reports import text_report
    from flowlint.diff.sources import DiffInputError

    color = use_color("auto", sys.stdout)
    outcomes: list[DriftOutcome] = []
    try:
        for outcome in check_drift(api, directory, sids):
            outcomes.append(outcome)
            if outcome.state == "failed":
                click.echo(f"flowlint: error: flow {outcome.sid}: {outcome.error}", err=True)
                continue
            where = outcome.file or f"(no local copy in {directory})"
            click.echo(f"{outcome.state:<9} {outcome.sid}  {where}")
            if (
                outcome.diff is not None
                and outcome.local
                and outcome.deployed
                and outcome.diff.meaningful
            ):
                report = text_report(
                    outcome.diff,
                    outcome.local.label,
                    outcome.deployed.label,
                    color=color,
                    show_layout=True,
                )
                click.echo(
                    "".join(f"    {line}\n" for line in report.splitlines()), nl=False, color=color
                )
    except DiffInputError as exc:
        _fail(str(exc))
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.state] = counts.get(outcome.state, 0) + 1
    parts = [f"{counts[s]} {s}" for s in ("same", "drifted", "missing", "failed") if s in counts]
    noun = "flow" if len(outcomes) == 1 else "flows"
    click.echo(f"{len(outcomes)} {noun}: {', '.join(parts) or 'none'} (against {directory})")
    if "failed" in counts:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_DRIFT if "drifted" in counts or "missing" in counts else EXIT_OK)
