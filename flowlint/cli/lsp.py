"""`flowlint lsp`: run the language server over stdio (see docs/lsp.md)."""

from __future__ import annotations

import logging
import sys

import click


@click.command("lsp", short_help="Run the language server over stdio.")
@click.option(
    "--stdio",
    is_flag=True,
    help="Talk over stdin/stdout (the default and only transport; accepted for clients that pass it).",
)
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default="warning",
    show_default=True,
    help="What to log on stderr (stdout carries the protocol).",
)
def lsp_command(stdio: bool, log_level: str) -> None:
    """Run the language server over stdio, for editors (see docs/lsp.md)."""
    logging.basicConfig(
        level=getattr(logging, log_level.upper()),
        stream=sys.stderr,
        format="flowlint lsp %(levelname)s %(name)s: %(message)s",
    )
    from flowlint.lsp.startup import serve

    serve()
