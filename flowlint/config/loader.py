"""Resolve the configuration of a run: defaults, then a configuration file, then the command
line; remember where every value came from (for `flowlint config --show`).

The command line and the language server both call `load_settings`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flowlint.config.discovery import (
    ConfigFile,
    display_path,
    find_config_file,
    read_config_file,
)
from flowlint.config.keys import apply_table, relative_path
from flowlint.config.trust import not_loaded_note, unknown_names_warning, withheld_warning
from flowlint.diagnostics import Severity
from flowlint.engine.settings import ConfigError, Settings, WidgetIgnore
from flowlint.model.suggest import did_you_mean

if TYPE_CHECKING:
    from flowlint.engine.registry import Registry

DEFAULT = "default"
DEFAULT_CACHE_DIR = ".flowlint_cache"


@dataclass
class ResolvedConfig:
    """The settings of a run and where each came from."""

    settings: Settings
    sources: dict[str, str] = field(default_factory=dict)
    """Configuration key (`select`, `severity.unreachable-widget`, ...) → where it was set;
    keys absent here have their default value."""
    path: Path | None = None
    """The configuration file used, if any."""
    root: Path = field(default_factory=Path.cwd)
    """The project folder: the configuration file's folder, else the starting folder."""
    cache_dir: Path | None = None
    """`cache-dir` from the file (resolved against its folder); None: `<root>/.flowlint_cache`."""
    registry: Registry | None = None
    """The registry the rule names were checked against (reusable by `Linter`), if loaded."""
    withheld_rules_dirs: list[Path] = field(default_factory=list)
    """`rules-dirs` of the file left out because nobody opted in to running them
    (`flowlint.config.trust`)."""
    withheld_from: str = ""
    """Where those folders were named (`flowlint.toml: rules-dirs`)."""
    ignored_rule_names: dict[str, list[str]] = field(default_factory=dict)
    """Key of the file → rule names it uses that match no loaded rule, left out of the run
    (only while `withheld_rules_dirs` could have defined them)."""

    def trust_warnings(self, how_to_trust: str) -> list[str]:
        """Warnings about what was left out because the file's rule folders were not loaded;
        `how_to_trust` says how to opt in where these are shown (command line, editor)."""
        if not self.withheld_rules_dirs:
            return []
        folders = [display_path(folder) for folder in self.withheld_rules_dirs]
        warnings = [withheld_warning(self.withheld_from, folders, how_to_trust)]
        for key, names in self.ignored_rule_names.items():
            warnings.append(unknown_names_warning(key, names))
        return warnings

    def source(self, key: str) -> str:
        return self.sources.get(key, DEFAULT)

    @property
    def effective_cache_dir(self) -> Path:
        return self.cache_dir or self.root / DEFAULT_CACHE_DIR

    def apply_command_line(
        self,
        *,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        extend_select: list[str] | None = None,
        fail_on: Severity | None = None,
        max_file_size: int | None = None,
        file_timeout: float | None = None,
        rules_dirs: list[Path] | None = None,
        environment: str | None = None,
        show_severity: Severity | None = None,
        exit_zero: bool | None = None,
        preset: str | None = None,
    ) -> None:
        """Command-line flags win over the file: `--select` replaces the selection, `--ignore`,
        `--extend-select` and `--rules-dir` add to it, the others replace."""
        settings = self.settings
        if select:
            settings.select = list(select)
            self.sources["select"] = "command line (--select)"
        if ignore:
            settings.ignore = [*settings.ignore, *ignore]
            self.sources["ignore"] = _joined(self.sources.get("ignore"), "command line (--ignore)")
        if extend_select:
            settings.extend_select = [*settings.extend_select, *extend_select]
            self.sources["extend-select"] = _joined(
                self.sources.get("extend-select"), "command line (--extend-select)"
            )
        if fail_on is not None:
            settings.fail_on = fail_on
            self.sources["fail-on"] = "command line (--fail-on)"
        if show_severity is not None:
            settings.show_severity = show_severity
            self.sources["show-severity"] = "command line (--show-severity)"
        if exit_zero is not None:
            settings.exit_zero = exit_zero
            flag = "--exit-zero" if exit_zero else "--no-exit-zero"
            self.sources["exit-zero"] = f"command line ({flag})"
        if preset is not None:
            settings.preset = preset
            self.sources["preset"] = "command line (--preset)"
        if max_file_size is not None:
            settings.max_file_size = max_file_size
            self.sources["max-file-size"] = "command line (--max-file-size)"
        if file_timeout is not None:
            settings.file_timeout = file_timeout
            self.sources["file-timeout"] = "command line (--timeout)"
        if rules_dirs:
            settings.rules_dirs = [*settings.rules_dirs, *rules_dirs]
            self.sources["rules-dirs"] = _joined(
                self.sources.get("rules-dirs"), "command line (--rules-dir)"
            )
            self.registry = None  # the rules those folders add are not in it
        if environment is not None:
            from flowlint.templates.profiles import ProfileError, chosen_values

            try:
                settings.environment_values = chosen_values(settings.environments, environment)
            except ProfileError as exc:
                raise ConfigError(str(exc)) from None
            settings.environment = environment
            self.sources["environment"] = "command line (--env)"

    def anchor_globs(self, working_folder: Path) -> None:
        """Make the file's path globs also match paths as a run from `working_folder` reports
        them. Globs are written relative to the configuration file's folder, while
        `flowlint check` reports paths relative to where it runs: run from `flows/`, the glob
        `flows/legacy/*.json` must also match `legacy/old.json`."""
        root = os.path.abspath(self.root)
        here = os.path.abspath(working_folder)
        if root == here or self.path is None:
            return
        settings = self.settings

        def both(patterns: list[str]) -> list[str]:
            extra = [_rebased(p, root, here) for p in patterns]
            return list(dict.fromkeys([*patterns, *(p for p in extra if p)]))

        settings.include = both(settings.include)
        settings.exclude = both(settings.exclude)
        for pattern, rules in list(settings.per_file_ignores.items()):
            rebased = _rebased(pattern, root, here)
            if rebased and rebased not in settings.per_file_ignores:
                settings.per_file_ignores[rebased] = rules
        for entry in list(settings.widget_ignores):
            rebased = _rebased(entry.files, root, here)
            if rebased:
                settings.widget_ignores.append(
                    WidgetIgnore(files=rebased, widget=entry.widget, rules=entry.rules)
                )


def _rebased(pattern: str, root: str, here: str) -> str | None:
    """`pattern` (relative to `root`) relative to `here`; None when it needs no twin: globs
    that start with a wildcard or name no folder match at any depth already."""
    if pattern.startswith(("*", "/", "~")) or "/" not in pattern.strip("/"):
        return None
    rebased = os.path.relpath(os.path.normpath(os.path.join(root, pattern)), here)
    rebased = rebased.replace(os.sep, "/")
    return None if rebased == pattern else rebased


def _joined(before: str | None, now: str) -> str:
    return f"{before} + {now}" if before else now


def load_settings(
    start: Path | None = None,
    explicit: Path | None = None,
    isolated: bool = False,
    *,
    trust_rules_dirs: bool = False,
) -> ResolvedConfig:
    """Resolve the configuration for a run started in `start` (default: the working folder).

    `explicit` is a `--config` file; `isolated` ignores configuration files altogether.
    The file's `rules-dirs` are imported only with `trust_rules_dirs` (the user opted in, see
    `flowlint.config.trust`); else they are kept in `withheld_rules_dirs` and rule names only
    they could define are left out of the run. A `--config` file is no exception: in CI it is
    still the repository's file.
    Raises `ConfigError` (exit status 2) naming the file, the key and what was expected.
    """
    start = (start or Path.cwd()).resolve()
    if isolated:
        return ResolvedConfig(Settings(), root=start)
    config = read_config_file(explicit) if explicit is not None else find_config_file(start)
    if config is None:
        return ResolvedConfig(Settings(), root=start)
    settings = Settings()
    keys = apply_table(config, settings)
    resolved = ResolvedConfig(settings, path=config.path, root=config.path.parent)
    for key in keys:
        value = config.table[key]
        if isinstance(value, dict) and key in ("severity", "rules", "per-file-ignores"):
            for name in value:
                resolved.sources[f"{key}.{name}"] = config.describe(f"{key}.{name}")
            if key == "rules":
                for rule, options in value.items():
                    for option in options:
                        # Options are stored under their Python names (max-widgets → max_widgets).
                        name = option.replace("-", "_")
                        resolved.sources[f"rules.{rule}.{name}"] = config.describe(
                            f"rules.{rule}.{option}"
                        )
        elif key == "environments" and isinstance(value, dict):
            for name, entries in value.items():
                for placeholder in entries if isinstance(entries, dict) else ():
                    where = f"environments.{name}.{placeholder}"
                    resolved.sources[where] = config.describe(where)
        else:
            resolved.sources[key] = config.describe(key)
    cache_dir = config.table.get("cache-dir")
    if isinstance(cache_dir, str):
        resolved.cache_dir = _cache_dir_inside_project(config, cache_dir)
    if settings.rules_dirs and not trust_rules_dirs:
        resolved.withheld_rules_dirs = settings.rules_dirs
        resolved.withheld_from = config.describe("rules-dirs")
        settings.rules_dirs = []
        resolved.sources["rules-dirs"] += f" ({not_loaded_note()})"
    if _names_rules(settings) or resolved.withheld_rules_dirs:
        resolved.registry = _check_rule_names(config, settings, resolved)
    return resolved


def _cache_dir_inside_project(config: ConfigFile, value: str) -> Path:
    """`cache-dir` resolved against the file's folder. A configuration file comes with the
    repository, so it may only put the cache inside its own folder (links followed): a
    repository must not make flowlint write into, or prune, its user's other folders.
    `--cache-dir` on the command line is the user's own choice and is not limited."""
    path = relative_path(config, value)
    project = os.path.realpath(config.path.parent)
    target = os.path.realpath(path)
    if os.path.commonpath([project, target]) != project:
        raise ConfigError(
            f"{config.describe('cache-dir')}: {value!r} is outside the project ({project}); "
            "a configuration file may only put the cache inside its own folder "
            "(use --cache-dir on the command line to keep it elsewhere)"
        )
    return path


def _names_rules(settings: Settings) -> bool:
    return bool(
        settings.select is not None
        or settings.ignore
        or settings.extend_select
        or settings.severities
        or settings.rule_options
        or settings.per_file_ignores
        or settings.widget_ignores
        or settings.rules_dirs
    )


def _check_rule_names(config: ConfigFile, settings: Settings, resolved: ResolvedConfig) -> Registry:
    """Every rule the file names must exist; options must be the rule's, of the right type.

    While the file's own rule folders are withheld, a name that matches no loaded rule may be
    one of theirs: it is left out of the settings (and listed in `resolved.ignored_rule_names`)
    instead of failing the run, so an untrusted checkout is still checked with the rest."""
    from flowlint.engine.registry import load_registry

    try:
        registry = load_registry(settings.rules_dirs)
    except ConfigError as exc:
        raise ConfigError(f"{config.describe('rules-dirs')}: {exc}") from None
    names = [rule.name for rule in registry.rules] + [rule.code for rule in registry.rules]
    lenient = bool(resolved.withheld_rules_dirs)

    def known(selector: str, key: str) -> bool:
        if registry.matching(selector):
            return True
        if lenient:
            resolved.ignored_rule_names.setdefault(config.describe(key), []).append(selector)
            return False
        raise ConfigError(
            f"{config.describe(key)}: '{selector}' matches no rule{did_you_mean(selector, names)} "
            "(expected a code such as FL103, a name such as unknown-transition-target, "
            "a code prefix, a category or ALL; `flowlint rules` lists them)"
        )

    def kept(selectors: list[str], key: str) -> list[str]:
        return [selector for selector in selectors if known(selector, key)]

    if settings.select is not None:
        settings.select = kept(settings.select, "select")
    settings.ignore = kept(settings.ignore, "ignore")
    settings.extend_select = kept(settings.extend_select, "extend-select")
    settings.per_file_ignores = {
        pattern: kept(selectors, f"per-file-ignores.{pattern}")
        for pattern, selectors in settings.per_file_ignores.items()
    }
    settings.widget_ignores = [
        entry._replace(rules=tuple(kept(list(entry.rules), f"per-widget-ignores[{number}].rules")))
        for number, entry in enumerate(settings.widget_ignores, start=1)
    ]
    settings.severities = {
        name: level
        for name, level in settings.severities.items()
        if known(name, f"severity.{name}")
    }
    settings.rule_options = {
        rule_name: _check_options(config, registry, rule_name, options, names)
        for rule_name, options in settings.rule_options.items()
        if not lenient or known(rule_name, f"rules.{rule_name}")
    }
    return registry


def _check_options(
    config: ConfigFile, registry: Registry, key: str, options: dict[str, Any], names: list[str]
) -> dict[str, Any]:
    rule = registry.get(key)
    if rule is None:
        raise ConfigError(
            f"{config.describe(f'rules.{key}')}: no rule is named '{key}'"
            f"{did_you_mean(key, names)} (expected a rule name or code)"
        )
    known = {option.name: option for option in rule.options}
    checked: dict[str, Any] = {}
    for raw_name, value in options.items():
        where = f"rules.{key}.{raw_name}"
        name = raw_name.replace("-", "_")
        option = known.get(name)
        if option is None:
            listing = ", ".join(sorted(known)) or "it has none"
            raise ConfigError(
                f"{config.describe(where)}: rule {rule.name} has no option '{raw_name}'"
                f"{did_you_mean(name, known)} (its options: {listing})"
            )
        expected = option.type
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
            raise ConfigError(
                f"{config.describe(where)}: expected {_type_name(expected)} ({option.description}), "
                f"got {value!r}"
            )
        problem = option.check(value) if option.check is not None else None
        if problem is not None:
            raise ConfigError(f"{config.describe(where)}: {problem} ({option.description})")
        checked[name] = value
    return checked


def _type_name(expected: type | tuple[type, ...]) -> str:
    if isinstance(expected, tuple):
        return " or ".join(_type_name(each) for each in expected)
    return {
        int: "a whole number",
        float: "a number",
        str: "a string",
        bool: "true or false",
        list: "an array",
    }.get(expected, expected.__name__)
