"""`flowlint diff OLD NEW`: what changed in meaning between two versions of a flow.

Each side is a file, `-` (stdin), `git:REV:path` or `twilio:FW…[@revision]`. Exit status 0 when
nothing changed in meaning (layout moves included), 1 when something did, 2 when a side cannot
be read or is not a flow. `--git-driver` takes the seven arguments git gives an external diff
driver (see docs/review.md) and always exits 0 on success, as git requires.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from flowlint.cli.color import use_color
from flowlint.source.line_diff import unified_diff
from flowlint.source.reading import read_file

if TYPE_CHECKING:
    from flowlint.diff.compare import FlowDiff
    from flowlint.diff.sources import FlowVersion

EXIT_SAME, EXIT_CHANGED, EXIT_ERROR = 0, 1, 2
GIT_DRIVER_ARGUMENTS = 7
"""path old-file old-hex old-mode new-file new-hex new-mode."""
NULL_FILE = "/dev/null"


def _fail(message: str) -> None:
    click.echo(f"flowlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.command("diff", short_help="Show what changed in meaning between two versions of a flow.")
@click.argument("sides", nargs=-1, metavar="OLD NEW")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option("--no-layout", is_flag=True, help="Text and Markdown: omit the canvas-moves line.")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour (NO_COLOR is honoured).",
)
@click.option(
    "--git-driver",
    is_flag=True,
    help="Take git's external diff arguments (path old-file old-hex old-mode new-file new-hex "
    "new-mode); see docs/review.md.",
)
@click.option(
    "--api-url",
    default=None,
    metavar="URL",
    help="For twilio: sides, the Studio API base URL [default: $FLOWLINT_STUDIO_API_URL or "
    "https://studio.twilio.com].",
)
def diff_command(
    sides: tuple[str, ...],
    output_format: str,
    no_layout: bool,
    color: str,
    git_driver: bool,
    api_url: str | None,
) -> None:
    """Show what changed in meaning from OLD to NEW: widgets added, removed and renamed,
    transitions rewired, properties and flow flags changed. Whitespace, key order and widget
    moves on the canvas are not changes (moves are counted on one line).

    OLD and NEW are files, - for stdin, git:REV:PATH (read with `git show REV:PATH`) or
    twilio:FW…[@REVISION] (the deployed flow; credentials as for `flowlint pull`)."""
    from flowlint.diff.compare import compare_flows
    from flowlint.diff.sources import DiffInputError

    if git_driver:
        _git_driver(sides, output_format, no_layout, color)
        return
    if len(sides) != 2:
        raise click.UsageError("expected two versions: OLD NEW")
    if sides.count("-") > 1:
        raise click.UsageError("only one side can be read from stdin (-)")
    try:
        old, new = (_read(side, api_url) for side in sides)
    except DiffInputError as exc:
        _fail(str(exc))
        return
    diff = compare_flows(old.flow, new.flow)
    _write(diff, old, new, output_format, no_layout, color)
    sys.exit(EXIT_CHANGED if diff.meaningful else EXIT_SAME)


def _read(side: str, api_url: str | None) -> FlowVersion:
    from flowlint.diff.sources import TWILIO_PREFIX, read_source

    if not side.startswith(TWILIO_PREFIX):
        return read_source(side)
    from flowlint.diff.drift import connect, parse_twilio_spec, read_deployed

    sid, revision = parse_twilio_spec(side)
    api, warning = connect(api_url)
    if warning:
        click.echo(f"flowlint: warning: {warning}", err=True)
    return read_deployed(api, sid, revision)


def _write(
    diff: FlowDiff,
    old: FlowVersion,
    new: FlowVersion,
    output_format: str,
    no_layout: bool,
    color: str,
) -> None:
    from flowlint.diff.reports import json_report, text_report

    if output_format == "json":
        click.echo(json_report(diff), nl=False)
    elif output_format == "markdown":
        from flowlint.diff.markdown import markdown_report

        text = markdown_report(diff, old.flow, new.flow, old.label, new.label)
        click.echo(text, nl=False)
    else:
        colored = use_color(color, sys.stdout)
        text = text_report(diff, old.label, new.label, color=colored, show_layout=not no_layout)
        click.echo(text, nl=False, color=colored)


def _git_driver(sides: tuple[str, ...], output_format: str, no_layout: bool, color: str) -> None:
    """git's external diff protocol: 7 arguments, or 1 (the path) for an unmerged file."""
    from flowlint.diff.compare import compare_flows
    from flowlint.diff.sources import MAX_INPUT_BYTES, DiffInputError, empty_version, parse_version
    from flowlint.source.text_safety import escape_unsafe

    if len(sides) == 1:
        click.echo(f"* Unmerged path {escape_unsafe(sides[0])}")
        return
    if len(sides) != GIT_DRIVER_ARGUMENTS:
        raise click.UsageError(
            f"--git-driver takes the {GIT_DRIVER_ARGUMENTS} arguments git passes to an external "
            f"diff (path old-file old-hex old-mode new-file new-hex new-mode), got {len(sides)}"
        )
    path, old_file, _, _, new_file, _, _ = sides
    data: list[bytes] = []
    for name in (old_file, new_file):
        try:
            data.append(b"" if name == NULL_FILE else read_file(name, MAX_INPUT_BYTES))
        except OSError as exc:
            _fail(f"cannot read {escape_unsafe(name)}: {exc.strerror or exc}")
    old_label, new_label = f"a/{path}", f"b/{path}"
    try:
        old = (
            empty_version(NULL_FILE) if old_file == NULL_FILE else parse_version(old_label, data[0])
        )
        new = (
            empty_version(NULL_FILE) if new_file == NULL_FILE else parse_version(new_label, data[1])
        )
    except DiffInputError as exc:
        # Not a flow (the attribute matched another JSON file, or a side is broken): show what
        # git would, a line diff, so `git diff` still works.
        click.echo(f"diff --flowlint {escape_unsafe(old_label)} {escape_unsafe(new_label)}")
        click.echo(f"# not compared as flows: {exc}; line diff follows")
        old_text, new_text = (side.decode("utf-8", "replace") for side in data)
        click.echo(unified_diff(old_text, new_text, old_label, new_label), nl=False)
        return
    click.echo(f"diff --flowlint {escape_unsafe(old_label)} {escape_unsafe(new_label)}")
    diff = compare_flows(old.flow, new.flow)
    _write(diff, old, new, output_format, no_layout, color)
