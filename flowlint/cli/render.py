"""`flowlint render --env prod FLOW [-o OUT]`: write a template's concrete definition."""

from __future__ import annotations

from pathlib import Path

import click

from flowlint.cli.environment_option import (
    environment_options,
    fail,
    load_environment,
    output_option,
    read_flow,
    write_output,
)
from flowlint.source.text import LineIndex


@click.command("render", short_help="Write a ${NAME} template's definition for an environment.")
@click.argument("flow", type=str)
@environment_options
@output_option("definition")
def render_command(
    flow: str, environment: str, config_path: Path | None, output: Path | None
) -> None:
    """Render the template FLOW (a file, or - for stdin) with an environment's values.

    Only the ${NAME} placeholders change (JSON-escaped inside strings; $${ becomes ${), so
    the same template and values always give the same bytes. Exit status 2, and nothing
    written, when a placeholder has no value or the result is not JSON.
    """
    from flowlint.source.tree import parse_json
    from flowlint.templates.render import render

    profile = load_environment(config_path, environment)
    template = read_flow(flow)
    rendering = render(template, profile.values())
    lines = LineIndex(template)
    if rendering.missing:
        where = "; ".join(
            f"{flow}:{_place(lines, p.start)}: ${{{p.name}}}" for p in rendering.missing
        )
        fail(f"no value in environment '{environment}' for: {where}")
    parsed = parse_json(rendering.text.lstrip("\ufeff"))
    if parsed.tree is None and parsed.syntax is not None:
        start = rendering.offsets.to_template(parsed.syntax.span[0])
        fail(
            f"{flow}:{_place(lines, start)}: the rendered definition is not JSON: "
            f"{parsed.syntax.message}"
        )
    write_output(rendering.text, output)


def _place(lines: LineIndex, offset: int) -> str:
    line, column = lines.line_column(offset)
    return f"{line}:{column}"
