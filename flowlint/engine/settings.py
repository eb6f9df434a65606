"""Resolved settings of one run: which rules, their severities and options, limits.

The command line builds a `Settings` from its flags (and, when configuration files are
supported, from those first); the engine and the language server only read it.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from flowlint.diagnostics import Severity

if TYPE_CHECKING:
    from flowlint.templates.profiles import Profile
    from flowlint.templates.render import Value

DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024
DEFAULT_FILE_TIMEOUT = 60.0
"""Seconds the rules may spend on one file before it gets a check-timeout finding."""
"""Files larger than this are refused unread (20 MiB; Studio's own limit is 1 MB a flow)."""


class ConfigError(Exception):
    """A mistake in the settings or the configuration: the CLI exits with status 2."""


class WidgetIgnore(NamedTuple):
    """Silence `rules` for widgets whose name matches `widget` in files matching `files`."""

    files: str
    widget: str
    rules: tuple[str, ...]


@dataclass(eq=False)
class Settings:
    select: list[str] | None = None
    """Rule selectors to enable (code, name, code prefix, category, or ALL); None: defaults."""
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    severities: dict[str, Severity] = field(default_factory=dict)
    """Severity overrides, keyed by rule code or name."""
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Options per rule, keyed by rule name (or code)."""
    fail_on: Severity = Severity.ERROR
    show_severity: Severity | None = None
    """Lowest severity the reports show; None: `warning` in reports for people, `info` in
    those for machines (flowlint.reporters.shown). Never above `fail_on`: what fails a run is shown."""
    exit_zero: bool = False
    """Exit 0 even when findings reach `fail_on` (a tool failure still exits 2)."""
    preset: str = "default"
    """`default` or `strict` (every rule on, options at their strict values): flowlint.engine.presets."""
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    file_timeout: float = DEFAULT_FILE_TIMEOUT
    rules_dirs: list[Path] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    """File glob → rule selectors silenced in matching files."""
    widget_ignores: list[WidgetIgnore] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    environments: dict[str, Profile] = field(default_factory=dict)
    """Environment profiles by name (`[tool.flowlint.environments.<name>]`)."""
    environment: str | None = None
    """The environment templates are rendered with (`--env`); None: placeholders neutral."""
    environment_values: dict[str, Value] | None = None
    """That environment's values, checked when it was chosen."""
    project_flows: dict[str, Path] = field(default_factory=dict)
    """`[tool.flowlint.flows]`: a flow's SID or friendly name → its file (see
    `flowlint.project`)."""

    def ignored_for_file(self, path: str) -> list[str]:
        """Rule selectors silenced for this file by `per_file_ignores`."""
        selectors: list[str] = []
        for pattern, rules in self.per_file_ignores.items():
            if path_matches(path, pattern):
                selectors.extend(rules)
        return selectors

    def ignored_for_widget(self, path: str, widget: str | None) -> list[str]:
        if widget is None:
            return []
        selectors: list[str] = []
        for entry in self.widget_ignores:
            if path_matches(path, entry.files) and fnmatch.fnmatchcase(widget, entry.widget):
                selectors.extend(entry.rules)
        return selectors


def path_matches(path: str, pattern: str) -> bool:
    """Glob match on a path, trying the whole path and each of its trailing parts, so
    `flows/*.json` matches `repo/flows/a.json` and `*.json` matches anything ending in .json."""
    normalized = path.replace("\\", "/")
    if fnmatch.fnmatchcase(normalized, pattern):
        return True
    parts = normalized.split("/")
    return any(fnmatch.fnmatchcase("/".join(parts[i:]), pattern) for i in range(1, len(parts)))
