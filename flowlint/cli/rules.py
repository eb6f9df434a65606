"""`flowlint rules` and `flowlint explain RULE`."""

from __future__ import annotations

import json
import sys

import click

from flowlint.registry import load_registry
from flowlint.settings import ConfigError


def _registry(rules_dirs: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from pathlib import Path

    try:
        return load_registry([Path(folder) for folder in rules_dirs])
    except ConfigError as exc:
        click.echo(f"flowlint: error: {exc}", err=True)
        sys.exit(2)


@click.command("rules")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text"
)
@click.option(
    "--rules-dir", multiple=True, type=click.Path(), help="Also load rules from this folder."
)
def rules_command(output_format: str, rules_dir: tuple[str, ...]) -> None:
    """List every rule: code, name, category, default severity and summary."""
    registry = _registry(rules_dir)
    rules = registry.sorted_rules()
    if output_format == "json":
        payload = [
            {
                "code": rule.code,
                "name": rule.name,
                "category": rule.category,
                "severity": rule.severity.label,
                "summary": rule.summary,
                "origin": rule.origin,
                "options": [
                    {
                        "name": o.name,
                        "type": o.type_label,
                        "default": o.default,
                        "description": o.description,
                    }
                    for o in rule.options
                ],
            }
            for rule in rules
        ]
        click.echo(json.dumps(payload, indent=2))
        return
    if output_format == "markdown":
        from flowlint.docs_gen import rules_markdown

        click.echo(rules_markdown(registry), nl=False)
        return
    name_width = max((len(rule.name) for rule in rules), default=4)
    category_width = max((len(rule.category) for rule in rules), default=8)
    click.echo(
        f"{'CODE':<6} {'NAME':<{name_width}} {'CATEGORY':<{category_width}} {'SEVERITY':<8} SUMMARY"
    )
    for rule in rules:
        click.echo(
            f"{rule.code:<6} {rule.name:<{name_width}} {rule.category:<{category_width}} "
            f"{rule.severity.label:<8} {rule.summary}"
        )


@click.command("explain")
@click.argument("rule")
@click.option(
    "--rules-dir", multiple=True, type=click.Path(), help="Also load rules from this folder."
)
def explain_command(rule: str, rules_dir: tuple[str, ...]) -> None:
    """Print the full documentation of RULE (a code such as FL103 or a name)."""
    from flowlint.docs_gen import rule_markdown
    from flowlint.suggest import did_you_mean

    registry = _registry(rules_dir)
    found = registry.get(rule)
    if found is None:
        hint = did_you_mean(rule, [*registry.by_name, *registry.by_code])
        click.echo(
            f"flowlint: error: no rule '{rule}'{hint} (`flowlint rules` lists them)", err=True
        )
        sys.exit(2)
    click.echo(rule_markdown(found), nl=False)
