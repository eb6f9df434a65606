"""Which findings a report shows: those at or above `show-severity`.

Unset, it is `warning` in the reports people read (text, concise, GitHub annotations), so a
first run is a screen or two of findings worth acting on, and `info` in the reports for
machines (json, sarif, junit, gitlab), which carry every finding for tools that filter
themselves. Set, it applies to every report. A finding that fails the run is always shown.

Hidden findings move to `FileResult.hidden`: still counted in the summary ("5 not shown"),
still masked in code frames when they flag a secret, in no report.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from flowlint.diagnostics import Severity

if TYPE_CHECKING:
    from flowlint.engine.linter import FileResult
    from flowlint.engine.settings import Settings

FOR_PEOPLE = ("text", "concise", "github")
"""Formats a person reads line by line; the others are documents for tools."""


def lowest_shown(settings: Settings, output_format: str) -> Severity:
    """The lowest severity a report in `output_format` shows."""
    chosen = settings.show_severity
    if chosen is None:
        chosen = Severity.WARNING if output_format in FOR_PEOPLE else Severity.INFO
    return min(chosen, settings.fail_on)


def shown_results(results: list[FileResult], lowest: Severity) -> list[FileResult]:
    """`results` with findings below `lowest` moved to `hidden` (copies of the results that
    change; the originals stay whole for the other reports and the exit status)."""
    shown = []
    for result in results:
        kept = [d for d in result.diagnostics if d.severity >= lowest]
        if len(kept) != len(result.diagnostics):
            result = copy.copy(result)
            result.hidden = [d for d in result.diagnostics if d.severity < lowest]
            result.diagnostics = kept
        shown.append(result)
    return shown
