"""Which findings a report shows: those at or above `show-severity`.

Unset, it is `warning` in the reports people read (text, concise, GitHub annotations), so a
first run is a screen or two of findings worth acting on, and `info` in the reports for
machines (json, sarif, junit, gitlab), which carry every finding for tools that filter
themselves. Set, it applies to every report. A finding that fails the run is always shown,
and so is an input problem (a file that could not be read, parsed or checked: json-syntax,
unreadable-file, check-timeout, internal-error, …) whatever severity the configuration gives
it, since it means findings may be missing, not that the file has a hint.

Hidden findings move to `FileResult.hidden`: still counted in the summary ("5 not shown"),
still masked in code frames when they flag a secret, in no report.
"""

from __future__ import annotations

import copy
from collections.abc import Collection
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


def shown_results(
    results: list[FileResult], lowest: Severity, always: Collection[str] = ()
) -> list[FileResult]:
    """`results` with findings below `lowest` moved to `hidden`, except those of the rules
    named in `always` (the input problems); copies of the results that change, the originals
    stay whole for the other reports and the exit status."""
    shown = []
    for result in results:
        kept, hidden = [], []
        for diagnostic in result.diagnostics:
            if diagnostic.severity >= lowest or diagnostic.rule in always:
                kept.append(diagnostic)
            else:
                hidden.append(diagnostic)
        if hidden:
            result = copy.copy(result)
            result.hidden = hidden
            result.diagnostics = kept
        shown.append(result)
    return shown
