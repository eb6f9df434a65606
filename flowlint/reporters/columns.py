"""Columns in UTF-16 code units, as SARIF, GitHub and most web viewers count them.

flowlint counts columns in code points; the two differ only on lines with characters outside
the Basic Multilingual Plane (emoji), which Studio message bodies do contain.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from weakref import WeakKeyDictionary

from flowlint.diagnostics import Diagnostic
from flowlint.engine.linter import FileResult

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_OFFSETS: WeakKeyDictionary[FileResult, list[int]] = WeakKeyDictionary()
"""Offsets of the characters outside the BMP, per file: found once, so converting a column
costs a bisection instead of re-reading the line (a minified flow is one long line)."""


def utf16_column(result: FileResult, line: int, column: int) -> int:
    """Convert a 1-based code-point column on a 1-based line into a 1-based UTF-16 column."""
    if not result.text:
        return column
    lines = result.lines()
    if line > lines.line_count:
        return column
    astral = _ASTRAL_OFFSETS.get(result)
    if astral is None:
        text = result.text
        astral = [] if text.isascii() else [match.start() for match in _ASTRAL.finditer(text)]
        _ASTRAL_OFFSETS[result] = astral
    if not astral:
        return column
    start = lines.line_start(line)
    line_end = lines.line_start(line + 1) if line < lines.line_count else len(result.text)
    stop = min(start + column - 1, line_end)
    return column + bisect_left(astral, stop) - bisect_left(astral, start)


def utf16_range(result: FileResult, diagnostic: Diagnostic) -> tuple[int, int, int, int]:
    """(start line, start column, end line, end column), columns in UTF-16 units, end exclusive."""
    start, end = diagnostic.range.start, diagnostic.range.end
    return (
        start.line,
        utf16_column(result, start.line, start.column),
        end.line,
        utf16_column(result, end.line, end.column),
    )
