"""The keys of a flowlint configuration table, each checked strictly and turned into `Settings`.

A mistake names the file, the key and what was expected, and stops the run with exit status 2:
a misspelt key silently ignored would leave a team believing a rule is off when it is not.
Rule names are checked later, against the registry (see `flowlint.config.loader`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flowlint.config.discovery import ConfigFile
from flowlint.diagnostics import Severity
from flowlint.engine.presets import PRESETS
from flowlint.engine.settings import ConfigError, Settings, WidgetIgnore
from flowlint.model.suggest import did_you_mean

SEVERITY_NAMES = ("error", "warning", "info")


def _fail(config: ConfigFile, key: str, expected: str, value: Any) -> ConfigError:
    return ConfigError(f"{config.describe(key)}: expected {expected}, got {_show(value)}")


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array" if any(not isinstance(item, str) for item in value) else repr(value)
    return repr(value)


def string_list(config: ConfigFile, key: str, value: Any, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _fail(config, key, f"an array of strings ({what})", value)
    return [item.strip() for item in value]


def severity(config: ConfigFile, key: str, value: Any) -> Severity:
    if not isinstance(value, str) or value.strip().lower() not in SEVERITY_NAMES:
        raise _fail(config, key, 'one of "error", "warning", "info"', value)
    return Severity.parse(value)


def positive_int(config: ConfigFile, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _fail(config, key, "a positive whole number of bytes", value)
    return value


def positive_seconds(config: ConfigFile, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise _fail(config, key, "a positive number of seconds", value)
    return float(value)


def table(config: ConfigFile, key: str, value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(config, key, f"a table ({what})", value)
    return value


def relative_path(config: ConfigFile, value: str) -> Path:
    """Paths in a configuration file are relative to the folder that holds it."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else config.path.parent / path


def _per_widget_ignores(config: ConfigFile, key: str, value: Any) -> list[WidgetIgnore]:
    expected = "an array of tables with `widget`, `rules` and optionally `files`"
    if not isinstance(value, list):
        raise _fail(config, key, expected, value)
    entries = []
    for number, entry in enumerate(value, start=1):
        where = f"{key}[{number}]"
        if not isinstance(entry, dict):
            raise _fail(config, where, expected, entry)
        for name in entry:
            if name not in ("files", "widget", "rules"):
                raise ConfigError(
                    f"{config.describe(where)}: unknown key '{name}'"
                    f"{did_you_mean(name, ('files', 'widget', 'rules'))} "
                    "(expected `widget`, `rules` and optionally `files`)"
                )
        widget = entry.get("widget")
        if not isinstance(widget, str) or not widget:
            raise _fail(config, f"{where}.widget", "a widget name or glob (string)", widget)
        files = entry.get("files", "*")
        if not isinstance(files, str) or not files:
            raise _fail(config, f"{where}.files", "a file glob (string)", files)
        if "rules" not in entry:
            raise ConfigError(f"{config.describe(where)}: missing `rules` (rules to silence)")
        rules = string_list(config, f"{where}.rules", entry["rules"], "rules to silence")
        entries.append(WidgetIgnore(files=files, widget=widget, rules=tuple(rules)))
    return entries


def _per_file_ignores(config: ConfigFile, key: str, value: Any) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for pattern, rules in table(config, key, value, "file glob → rules").items():
        result[pattern] = string_list(config, f"{key}.{pattern}", rules, "rules to silence")
    return result


def _severities(config: ConfigFile, key: str, value: Any) -> dict[str, Severity]:
    return {
        rule: severity(config, f"{key}.{rule}", level)
        for rule, level in table(config, key, value, "rule → severity").items()
    }


def _rule_options(config: ConfigFile, key: str, value: Any) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for rule, options in table(config, key, value, "rule → table of options").items():
        result[rule] = dict(table(config, f"{key}.{rule}", options, "option → value"))
    return result


Apply = Callable[[ConfigFile, str, Any, Settings], None]


def _set_select(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    settings.select = string_list(config, key, value, "rule selectors")


def _set_ignore(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    settings.ignore = string_list(config, key, value, "rule selectors")


def _set_extend_select(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    settings.extend_select = string_list(config, key, value, "rule selectors")


def _set_fail_on(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    settings.fail_on = severity(config, key, value)


def _set_show_severity(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    settings.show_severity = severity(config, key, value)


def _set_exit_zero(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    if not isinstance(value, bool):
        raise _fail(config, key, "true or false", value)
    settings.exit_zero = value


def _set_preset(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    if not isinstance(value, str) or value.strip().lower() not in PRESETS:
        raise _fail(config, key, " or ".join(f'"{name}"' for name in PRESETS), value)
    settings.preset = value.strip().lower()


def _set_max_file_size(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    settings.max_file_size = positive_int(config, key, value)


def _set_file_timeout(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    settings.file_timeout = positive_seconds(config, key, value)


def _set_rules_dirs(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    folders = string_list(config, key, value, "folders of rule modules")
    settings.rules_dirs = [relative_path(config, folder) for folder in folders]


def _set_include(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    settings.include = string_list(config, key, value, "file globs")


def _set_exclude(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    settings.exclude = string_list(config, key, value, "file or folder globs")


def _set_per_file_ignores(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    settings.per_file_ignores = _per_file_ignores(config, key, value)


def _set_per_widget_ignores(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    settings.widget_ignores = _per_widget_ignores(config, key, value)


def _set_severity(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    settings.severities = _severities(config, key, value)


def _set_rules(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    settings.rule_options = _rule_options(config, key, value)


def _set_environments(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    from flowlint.templates.profiles import ProfileError, parse_profiles

    try:
        settings.environments = parse_profiles(value, config.describe(key))
    except ProfileError as exc:
        raise ConfigError(str(exc)) from None


def _set_flows(config: ConfigFile, key: str, value: Any, settings: Settings) -> None:
    flows: dict[str, Path] = {}
    for name, path in table(config, key, value, "flow SID or friendly name → file").items():
        if not isinstance(path, str) or not path.strip():
            raise _fail(config, f"{key}.{name}", "a file path (string)", path)
        flows[name.strip()] = relative_path(config, path.strip())
    settings.project_flows = flows


KEYS: dict[str, tuple[Apply, str]] = {
    "select": (_set_select, "rules to enable instead of the defaults"),
    "ignore": (_set_ignore, "rules to disable"),
    "extend-select": (_set_extend_select, "rules to enable on top of the defaults"),
    "fail-on": (_set_fail_on, "lowest severity that fails the run"),
    "show-severity": (_set_show_severity, "lowest severity the reports show"),
    "exit-zero": (_set_exit_zero, "exit 0 even when findings reach fail-on"),
    "preset": (_set_preset, "default, or strict: every opt-in rule and option on"),
    "max-file-size": (_set_max_file_size, "files larger than this many bytes are refused"),
    "file-timeout": (_set_file_timeout, "seconds of checking per file before check-timeout"),
    "rules-dirs": (_set_rules_dirs, "folders of extra rule modules"),
    "include": (_set_include, "globs a directory walk keeps"),
    "exclude": (_set_exclude, "globs a directory walk skips"),
    "per-file-ignores": (_set_per_file_ignores, "file glob → rules silenced there"),
    "per-widget-ignores": (_set_per_widget_ignores, "widget glob in file glob → rules"),
    "severity": (_set_severity, "rule → severity override"),
    "rules": (_set_rules, "rule → its options"),
    "environments": (_set_environments, "environment name → placeholder values"),
    "flows": (_set_flows, "flow SID or friendly name → its file (the project's flows)"),
}
"""Every key of the table → (how it sets the settings, one-line description)."""

EXTRA_KEYS = {"cache-dir": "where `flowlint check` keeps its cache"}
"""Keys that are not part of `Settings` (the CLI reads them from `ConfigFile.table`)."""


def apply_table(config: ConfigFile, settings: Settings) -> list[str]:
    """Set `settings` from the file's table; returns the keys the file set."""
    known = [*KEYS, *EXTRA_KEYS]
    for key, value in config.table.items():
        if key not in known:
            underscored = key.replace("_", "-")
            hint = (
                f"; did you mean '{underscored}'?"
                if underscored in known
                else did_you_mean(key, known)
            )
            raise ConfigError(
                f"{config.describe()}: unknown key '{key}'{hint} (known keys: {', '.join(known)})"
            )
        if key in KEYS:
            KEYS[key][0](config, key, value, settings)
        elif not isinstance(value, str) or not value:
            raise _fail(config, key, "a folder path (string)", value)
    return list(config.table)
