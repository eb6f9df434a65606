"""`flowlint rules` and `flowlint explain RULE`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from flowlint.cli.trust_option import (
    trust_config_rules_option,
    trusts_config_rules,
    warn_about_withheld_rules,
)
from flowlint.engine.registry import Registry, load_registry
from flowlint.engine.settings import ConfigError


def _registry(rules_dirs: tuple[str, ...], trust_config_rules: bool) -> Registry:
    """The built-in rules, installed plugins, `--rules-dir` folders and, when the user trusts
    it, the `rules-dirs` of the configuration file found from the working folder."""
    try:
        configured = _configured_rules_dirs(trusts_config_rules(trust_config_rules))
        return load_registry([*configured, *(Path(folder) for folder in rules_dirs)])
    except ConfigError as exc:
        click.echo(f"flowlint: error: {exc}", err=True)
        sys.exit(2)


def _configured_rules_dirs(trusted: bool) -> list[Path]:
    """Trusted: the configuration's `rules-dirs` (a broken configuration is an error).
    Untrusted: none, with a warning when the configuration names some; these commands do not
    otherwise depend on the configuration, so one they cannot read is passed over."""
    from flowlint.config import load_settings

    try:
        resolved = load_settings(Path.cwd(), trust_rules_dirs=trusted)
    except ConfigError:
        if trusted:
            raise
        return []
    warn_about_withheld_rules(resolved)
    return resolved.settings.rules_dirs


@click.command("rules", short_help="List every rule: code, name, category, severity, summary.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown", "fixes"]),
    default="text",
)
@click.option(
    "--rules-dir", multiple=True, type=click.Path(), help="Also load rules from this folder."
)
@trust_config_rules_option
def rules_command(output_format: str, rules_dir: tuple[str, ...], trust_config_rules: bool) -> None:
    """List every rule: code, name, category, default severity and summary."""
    registry = _registry(rules_dir, trust_config_rules)
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
                "fixes": [applicability.value for applicability in rule.fixes],
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
    if output_format == "fixes":
        from flowlint.engine.docs import fixes_markdown

        click.echo(fixes_markdown(registry), nl=False)
        return
    if output_format == "markdown":
        from flowlint.engine.docs import rules_markdown

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


@click.command("explain", short_help="Print the full documentation of a rule.")
@click.argument("rule")
@click.option(
    "--rules-dir", multiple=True, type=click.Path(), help="Also load rules from this folder."
)
@trust_config_rules_option
def explain_command(rule: str, rules_dir: tuple[str, ...], trust_config_rules: bool) -> None:
    """Print the full documentation of RULE (a code such as FL103 or a name)."""
    from flowlint.engine.docs import rule_markdown
    from flowlint.model.suggest import did_you_mean

    registry = _registry(rules_dir, trust_config_rules)
    found = registry.get(rule)
    if found is None:
        hint = did_you_mean(rule, [*registry.by_name, *registry.by_code])
        click.echo(
            f"flowlint: error: no rule '{rule}'{hint} (`flowlint rules` lists them)", err=True
        )
        sys.exit(2)
    click.echo(rule_markdown(found), nl=False)
