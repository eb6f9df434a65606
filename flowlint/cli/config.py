"""`flowlint config --show`: the resolved configuration, each value with where it came from.

The text form is valid TOML (sources are comments), so it can be pasted into a `flowlint.toml`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from flowlint.cli.trust_option import (
    trust_config_rules_option,
    trusts_config_rules,
    warn_about_withheld_rules,
)
from flowlint.config.discovery import display_path
from flowlint.config.loader import ResolvedConfig, load_settings
from flowlint.engine.presets import DEFAULT as DEFAULT_PRESET
from flowlint.engine.presets import option_default
from flowlint.engine.registry import load_registry
from flowlint.engine.settings import ConfigError
from flowlint.run.cache_folders import cache_folder_note
from flowlint.templates.profiles import Profile

_COMMENT_COLUMN = 48


def toml_value(value: Any) -> str:
    """A value as TOML (strings, numbers, booleans, paths and arrays of them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Path):
        value = str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def toml_key(key: str) -> str:
    bare = key and all(character.isalnum() or character in "-_" for character in key)
    return key if bare else json.dumps(key, ensure_ascii=False)


def _line(key: str, value: Any, source: str) -> str:
    text = f"{toml_key(key)} = {toml_value(value)}"
    return f"{text:<{_COMMENT_COLUMN}} # {source}"


def _rules_dirs(resolved: ResolvedConfig) -> list[Path]:
    """The folders loaded and, with their `not loaded` note in the source comment, the ones
    the file names but nobody trusted."""
    return [*resolved.withheld_rules_dirs, *resolved.settings.rules_dirs]


def render_text(resolved: ResolvedConfig, isolated: bool) -> str:
    settings = resolved.settings
    if resolved.path is not None:
        header = f"# configuration file: {display_path(resolved.path)}"
    elif isolated:
        header = "# --isolated: configuration files ignored, defaults only"
    else:
        header = f"# no configuration file found from {resolved.root} upward: defaults only"
    out = [header, ""]
    top: list[tuple[str, Any]] = [
        ("select", settings.select if settings.select is not None else ["(defaults)"]),
        ("ignore", settings.ignore),
        ("extend-select", settings.extend_select),
        ("fail-on", settings.fail_on.label),
        ("show-severity", settings.show_severity.label if settings.show_severity else None),
        ("exit-zero", settings.exit_zero),
        ("preset", settings.preset),
        ("max-file-size", settings.max_file_size),
        ("file-timeout", settings.file_timeout),
        ("rules-dirs", [str(folder) for folder in _rules_dirs(resolved)]),
        ("include", settings.include),
        ("exclude", settings.exclude),
    ]
    for key, value in top:
        if key == "select" and settings.select is None:
            if settings.preset == DEFAULT_PRESET:
                unset, source = "# select = (every rule enabled by default)", "default"
            else:
                unset, source = "# select = (every rule, opt-in ones too)", "preset strict"
            out.append(f"{unset:<{_COMMENT_COLUMN}} # {source}")
            continue
        if key == "show-severity" and value is None:
            unset = "# show-severity = (warning in text, concise, github; info in the others)"
            out.append(f"{unset:<{_COMMENT_COLUMN}} # default")
            continue
        out.append(_line(key, value, resolved.source(key)))
    out.append(_cache_line(resolved))
    sections: list[tuple[str, list[str]]] = []
    if settings.severities:
        sections.append(
            (
                "[severity]",
                [
                    _line(rule, level.label, resolved.source(f"severity.{rule}"))
                    for rule, level in settings.severities.items()
                ],
            )
        )
    if settings.per_file_ignores:
        sections.append(
            (
                "[per-file-ignores]",
                [
                    _line(pattern, rules, resolved.source(f"per-file-ignores.{pattern}"))
                    for pattern, rules in settings.per_file_ignores.items()
                ],
            )
        )
    for rule, lines in _rule_option_lines(resolved).items():
        sections.append((f"[rules.{toml_key(rule)}]", lines))
    for entry in settings.widget_ignores:
        source = resolved.source("per-widget-ignores")
        sections.append(
            (
                f"{'[[per-widget-ignores]]':<{_COMMENT_COLUMN}} # {source}",
                [
                    _line("files", entry.files, source),
                    _line("widget", entry.widget, source),
                    _line("rules", list(entry.rules), source),
                ],
            )
        )
    for name, profile in settings.environments.items():
        sections.append((f"[environments.{toml_key(name)}]", _profile_lines(resolved, profile)))
    for heading, lines in sections:
        out.extend(["", heading, *lines])
    return "\n".join(out) + "\n"


def _cache_line(resolved: ResolvedConfig) -> str:
    """`cache-dir` as `flowlint check` uses it: the folder the cache really goes in (inside the
    one asked for when that is an existing folder flowlint did not create), or the one asked
    for with why there is no cache."""
    requested = resolved.effective_cache_dir
    chosen, note = cache_folder_note(requested)
    source = resolved.source("cache-dir")
    return _line("cache-dir", chosen or requested, f"{source}; {note}" if note else source)


def _profile_lines(resolved: ResolvedConfig, profile: Profile) -> list[str]:
    """One line per placeholder; a value read from an environment variable is shown as the
    TOML that reads it, with what the variable holds now in the comment."""
    lines = []
    for key, entry in profile.entries.items():
        source = resolved.source(f"environments.{profile.name}.{key}")
        if entry.variable is None:
            lines.append(_line(key, entry.value, source))
            continue
        read = f"{{ env = {toml_value(entry.variable)} }}"
        if entry.value is None:
            state = entry.shown()
        elif entry.defaulted:
            state = f"${entry.variable} is not set: default {entry.shown()}"
        else:
            state = f"${entry.variable} = {entry.shown()}"
        text = f"{toml_key(key)} = {read}"
        lines.append(f"{text:<{_COMMENT_COLUMN}} # {source}; {state}")
    return lines


def _rule_option_lines(resolved: ResolvedConfig) -> dict[str, list[str]]:
    """Rule → its option lines: those the file sets, then those `preset` sets."""
    settings = resolved.settings
    sections = {
        rule: [
            _line(name, value, resolved.source(f"rules.{rule}.{name}"))
            for name, value in options.items()
        ]
        for rule, options in settings.rule_options.items()
    }
    for rule, options in preset_options(resolved).items():
        sections.setdefault(rule, []).extend(
            _line(name, value, f"preset {settings.preset} ({resolved.source('preset')})")
            for name, value in options.items()
        )
    return sections


def preset_options(resolved: ResolvedConfig) -> dict[str, dict[str, Any]]:
    """Rule name → the option values the preset sets that the configuration does not."""
    settings = resolved.settings
    if settings.preset == DEFAULT_PRESET:
        return {}
    registry = resolved.registry or load_registry(settings.rules_dirs)
    chosen: dict[str, dict[str, Any]] = {}
    for rule in registry.sorted_rules():
        explicit = {
            name
            for key, options in settings.rule_options.items()
            if registry.get(key) is rule
            for name in options
        }
        for option in rule.options:
            value = option_default(option, settings.preset)
            if option.name not in explicit and value != option.default:
                chosen.setdefault(rule.name, {})[option.name] = value
    return chosen


def render_json(resolved: ResolvedConfig) -> str:
    settings = resolved.settings
    requested = resolved.effective_cache_dir
    chosen, note = cache_folder_note(requested)
    document = {
        "path": str(resolved.path) if resolved.path else None,
        "root": str(resolved.root),
        "settings": {
            "select": settings.select,
            "ignore": settings.ignore,
            "extend-select": settings.extend_select,
            "fail-on": settings.fail_on.label,
            "show-severity": settings.show_severity.label if settings.show_severity else None,
            "exit-zero": settings.exit_zero,
            "preset": settings.preset,
            "max-file-size": settings.max_file_size,
            "file-timeout": settings.file_timeout,
            "rules-dirs": [str(folder) for folder in settings.rules_dirs],
            "include": settings.include,
            "exclude": settings.exclude,
            "cache-dir": str(chosen or requested),
            "severity": {rule: level.label for rule, level in settings.severities.items()},
            "per-file-ignores": settings.per_file_ignores,
            "per-widget-ignores": [
                {"files": entry.files, "widget": entry.widget, "rules": list(entry.rules)}
                for entry in settings.widget_ignores
            ],
            "rules": settings.rule_options,
            "environments": {
                name: {
                    key: {"value": entry.value, "env": entry.variable}
                    for key, entry in profile.entries.items()
                }
                for name, profile in settings.environments.items()
            },
            "preset-rules": preset_options(resolved),
        },
        "sources": resolved.sources,
        "rules-dirs-not-loaded": [str(folder) for folder in resolved.withheld_rules_dirs],
        "cache": {
            "requested": str(requested),
            "used": str(chosen) if chosen is not None else None,
            "note": note or None,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@click.command(
    "config", short_help="Show the resolved configuration and where each value came from."
)
@click.option("--show", is_flag=True, help="Print the resolved configuration (the default action).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Use this configuration file instead of looking for one.",
)
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@trust_config_rules_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def config_command(
    show: bool,
    config_path: Path | None,
    isolated: bool,
    trust_config_rules: bool,
    output_format: str,
) -> None:
    """Show the configuration `flowlint check` would use here, and where each value came from.

    Files are looked for from the working folder upward: .flowlint.toml, flowlint.toml, then
    pyproject.toml with a [tool.flowlint] table. Exit status 2 when the configuration is wrong.
    The rule folders of `rules-dirs` are only checked and loaded with --trust-config-rules.
    """
    try:
        resolved = load_settings(
            Path.cwd(),
            config_path,
            isolated,
            trust_rules_dirs=trusts_config_rules(trust_config_rules),
        )
    except ConfigError as exc:
        click.echo(f"flowlint: error: {exc}", err=True)
        sys.exit(2)
    warn_about_withheld_rules(resolved)
    text = render_json(resolved) if output_format == "json" else render_text(resolved, isolated)
    click.echo(text, nl=False)
