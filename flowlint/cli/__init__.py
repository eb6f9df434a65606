"""The `flowlint` command. Subcommands are imported only when they run, so `flowlint --version`
and a small `flowlint check` do not pay for the language server or the Twilio client."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import click

from flowlint import __version__

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "check": ("flowlint.cli.check", "Check Studio flow files and report problems."),
    "rules": ("flowlint.cli.rules", "List every rule: code, name, category, severity, summary."),
    "explain": ("flowlint.cli.rules", "Print the full documentation of a rule."),
    "schema": (
        "flowlint.cli.schema",
        "Print the JSON Schema of flow definitions or of one widget type.",
    ),
    "lsp": ("flowlint.cli.lsp", "Run the language server over stdio."),
    "graph": ("flowlint.cli.graph", "Draw a flow's widget graph (mermaid, dot, svg)."),
    "config": (
        "flowlint.cli.config",
        "Show the resolved configuration and where each value came from.",
    ),
    "pull": ("flowlint.cli.pull", "Download flows from a Twilio account."),
    "diff": (
        "flowlint.cli.diff",
        "Show what changed in meaning between two versions of a flow.",
    ),
    "fmt": (
        "flowlint.cli.fmt",
        "Format flow files in the layout the Studio Console exports.",
    ),
    "render": (
        "flowlint.cli.render",
        "Write a ${NAME} template's definition for an environment.",
    ),
    "templatize": (
        "flowlint.cli.templatize",
        "Turn a flow into a ${NAME} template with an environment's values.",
    ),
    "test": ("flowlint.cli.test", "Run flows offline against *.flowtest.yaml test cases."),
}
"""Subcommand → (module defining a click command of that name, one-line help)."""


def _available(module: str) -> bool:
    """Whether a subcommand's module exists (found without importing it)."""
    return importlib.util.find_spec(module) is not None


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, entry in SUBCOMMANDS.items() if _available(entry[0]))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = SUBCOMMANDS.get(cmd_name)
        if entry is None or not _available(entry[0]):
            return None
        module = importlib.import_module(entry[0])
        command: click.Command = getattr(module, cmd_name.replace("-", "_") + "_command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUBCOMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "-V", "--version", prog_name="flowlint", message="%(prog)s %(version)s"
)
def cli() -> None:
    """flowlint: find mistakes in Twilio Studio flows before your customers do."""


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
