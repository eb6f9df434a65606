"""`flowlint templatize --env dev FLOW [-o OUT]`: a Console export → a `${NAME}` template."""

from __future__ import annotations

from pathlib import Path

import click

from flowlint.cli.environment_option import (
    environment_options,
    load_environment,
    output_option,
    read_flow,
    write_output,
)


@click.command(
    "templatize", short_help="Turn a flow into a ${NAME} template with an environment's values."
)
@click.argument("flow", type=str)
@environment_options
@output_option("template")
def templatize_command(
    flow: str, environment: str, config_path: Path | None, output: Path | None
) -> None:
    """Replace the environment's literal values in FLOW (a file, or - for stdin) by their
    ${NAME} placeholders; `flowlint render --env` with the same environment gives FLOW back.

    Only string values of 8 characters or more count (SIDs, URLs, domains); what was
    replaced is listed on stderr. FLOW is a concrete definition: a `${` already in it is
    literal text, written `$${` in the template.
    """
    from flowlint.templates.templatize import templatize

    profile = load_environment(config_path, environment)
    text = read_flow(flow)
    result = templatize(text, profile)
    write_output(result.text, output)
    if result.replaced:
        listing = ", ".join(
            f"${{{name}}} ×{count}" for name, count in sorted(result.replaced.items())
        )
        click.echo(
            f"flowlint: replaced {sum(result.replaced.values())} values: {listing}", err=True
        )
    else:
        click.echo(f"flowlint: no value of environment '{environment}' found in {flow}", err=True)
