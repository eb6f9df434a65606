"""Diagnostics → output formats. One module per format, each with a `render` function.

`render(run: RunReport, options: ReportOptions) -> str` receives every file's result at once
so formats that need a document (JSON, SARIF, JUnit) and line formats work the same way.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flowlint.diagnostics import Diagnostic
    from flowlint.engine.linter import FileResult
    from flowlint.engine.registry import Registry

_ALL_FORMATS: dict[str, str] = {
    "text": "flowlint.reporters.text",
    "concise": "flowlint.reporters.concise",
    "json": "flowlint.reporters.json_format",
    "sarif": "flowlint.reporters.sarif",
    "junit": "flowlint.reporters.junit",
    "github": "flowlint.reporters.github",
    "gitlab": "flowlint.reporters.gitlab",
}

FORMATS: dict[str, str] = {
    name: module for name, module in _ALL_FORMATS.items() if importlib.util.find_spec(module)
}
"""Format name → module (those present). Each module defines `render(run, options) -> str`."""


@dataclass(eq=False)
class ReportOptions:
    color: bool = False
    show_source: bool = True
    fail_on: str = "error"
    summary: bool = True
    """Print the closing summary line (text, concise, github); `--quiet` turns it off."""
    statistics: bool = False
    """`--statistics`: counts per rule instead of the findings (text, concise), or an extra
    `statistics` array (json)."""


@dataclass(eq=False)
class RunReport:
    """Everything a reporter may need about one run."""

    results: list[FileResult]
    registry: Registry
    version: str
    extra: dict[str, object] = field(default_factory=dict)
    root: Path | None = None
    """The project root the reported paths are relative to (SARIF names it `%SRCROOT%`)."""

    def is_tool_failure(self, diagnostic: Diagnostic) -> bool:
        """Whether the finding says flowlint failed to check the file (a rule crashed, the
        file could not be read): SARIF lists it as a failed execution, JUnit as an error."""
        rule = self.registry.by_name.get(diagnostic.rule)
        return bool(getattr(rule, "tool_failure", False))

    def counts(self) -> dict[str, int]:
        """Findings per severity, those `show-severity` hides included; `hidden`, only when
        some are hidden, says how many of them the report leaves out (so the summary's shape
        is unchanged for every run that hides nothing)."""
        from flowlint.diagnostics import Severity

        counts = {"files": 0, "errors": 0, "warnings": 0, "infos": 0, "tool_failures": 0}
        hidden = 0
        for result in self.results:
            if result.skipped:
                continue
            counts["files"] += 1
            hidden += len(result.hidden)
            for diagnostic in (*result.diagnostics, *result.hidden):
                key = {
                    Severity.ERROR: "errors",
                    Severity.WARNING: "warnings",
                    Severity.INFO: "infos",
                }
                counts[key[diagnostic.severity]] += 1
                counts["tool_failures"] += self.is_tool_failure(diagnostic)
        if hidden:
            counts["hidden"] = hidden
        return counts


def renderer(name: str) -> Callable[[RunReport, ReportOptions], str]:
    module = importlib.import_module(FORMATS[name])
    render: Callable[[RunReport, ReportOptions], str] = module.render
    return render
