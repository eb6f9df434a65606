"""The `flowlint` command: a click group of the subcommands below, each in its own module.

Every subcommand module is imported at start-up; each keeps its heavy imports (the language
server, the Twilio client, python-liquid) inside the function that needs them, so that
`flowlint check` does not pay for them (tests/cli/test_lazy_imports.py)."""

from __future__ import annotations

from typing import Any

import click

from flowlint import __version__
from flowlint.cli.check import check_command
from flowlint.cli.config import config_command
from flowlint.cli.diff import diff_command
from flowlint.cli.fmt import fmt_command
from flowlint.cli.graph import graph_command
from flowlint.cli.lsp import lsp_command
from flowlint.cli.pull import pull_command
from flowlint.cli.render import render_command
from flowlint.cli.rules import explain_command, rules_command
from flowlint.cli.schema import schema_command
from flowlint.cli.templatize import templatize_command
from flowlint.cli.test import test_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "-V", "--version", prog_name="flowlint", message="%(prog)s %(version)s"
)
def cli() -> None:
    """flowlint: find mistakes in Twilio Studio flows before your customers do."""


for _command in (
    check_command,
    config_command,
    diff_command,
    explain_command,
    fmt_command,
    graph_command,
    lsp_command,
    pull_command,
    render_command,
    rules_command,
    schema_command,
    templatize_command,
    test_command,
):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> Any:
    """Console entry point. Exit statuses: 0 clean, 1 findings at or above --fail-on,
    2 usage, configuration or I/O errors, 130 interrupted (Ctrl-C)."""
    from flowlint.run import interrupt

    interrupt.install()
    _tolerate_any_encoding()
    return cli.main(args=argv, prog_name="flowlint")


def _tolerate_any_encoding() -> None:
    """Widget names and messages carry any text from the file (emoji, lone surrogates from
    `"\\ud800"` escapes): a terminal or pipe that cannot show a character gets a `\\U0001f989`
    escape instead of a UnicodeEncodeError that would lose the whole report."""
    import contextlib
    import sys

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A closed or detached stream has nothing to protect.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
