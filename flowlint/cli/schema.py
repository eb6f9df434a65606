"""`flowlint schema`: print the JSON Schemas flowlint checks flows against.

    flowlint schema                    the flow-definition schema, every widget type included
    flowlint schema --widget run-function
    flowlint schema --list             the known widget types
    flowlint schema --test-file        the format of `*.flowtest.yaml` test files

The whole-definition schema is what editors' JSON language services take (docs/
editors-json-schema.md shows the VS Code `json.schemas` setting): it reports unknown properties
and leaves out the constraints flowlint reports only as warnings (`flowlint.schema.editor`).
The test-file schema is what YAML language services take (docs/testing.md).
"""

from __future__ import annotations

import json
import sys

import click


@click.command(
    "schema", short_help="Print the JSON Schema of flow definitions or of one widget type."
)
@click.option("--widget", "widget", metavar="TYPE", help="Print one widget type's schema.")
@click.option("--list", "list_types", is_flag=True, help="List the known widget types.")
@click.option(
    "--test-file",
    "test_file",
    is_flag=True,
    help="Print the schema of *.flowtest.yaml test files (`flowlint test`).",
)
def schema_command(widget: str | None, list_types: bool, test_file: bool) -> None:
    """Print the JSON Schema of flow definitions (draft-07), of one widget type, or of test
    files."""
    chosen_options = [
        name
        for name, given in (
            ("--list", list_types),
            ("--widget", widget),
            ("--test-file", test_file),
        )
        if given
    ]
    if len(chosen_options) > 1:
        click.echo(
            f"flowlint: error: {' and '.join(chosen_options)} cannot be used together", err=True
        )
        sys.exit(2)
    if test_file:
        from flowlint.simulate.test_file_schema import flowtest_schema

        click.echo(json.dumps(flowtest_schema(), indent=2, ensure_ascii=False))
        return
    from flowlint.model.catalog import widget_types

    types = widget_types()
    if list_types:
        width = max((len(name) for name in types), default=0)
        for name in sorted(types):
            known = types[name]
            note = f"  (deprecated: {known.deprecated})" if known.deprecated else ""
            click.echo(f"{name:<{width}}  {known.status}{note}")
        return
    if widget is not None:
        chosen = types.get(widget)
        if chosen is None:
            from flowlint.model.suggest import did_you_mean

            hint = did_you_mean(widget, types)
            click.echo(
                f"flowlint: error: no widget type '{widget}'{hint} "
                "(`flowlint schema --list` shows them all)",
                err=True,
            )
            sys.exit(2)
        click.echo(json.dumps(chosen.schema, indent=2, ensure_ascii=False))
        return
    from flowlint.schema.editor import editor_schema

    click.echo(json.dumps(editor_schema(), indent=2, ensure_ascii=False))
