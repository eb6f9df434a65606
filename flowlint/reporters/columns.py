"""Columns in UTF-16 code units, as SARIF, GitHub and most web viewers count them.

flowlint counts columns in code points; the two differ only on lines with characters outside
the Basic Multilingual Plane (emoji), which Studio message bodies do contain.
"""

from __future__ import annotations

from flowlint.diagnostics import Diagnostic
from flowlint.engine.linter import FileResult


def utf16_column(result: FileResult, line: int, column: int) -> int:
    """Convert a 1-based code-point column on a 1-based line into a 1-based UTF-16 column."""
    if not result.text:
        return column
    lines = result.lines()
    if line > lines.line_count:
        return column
    prefix = lines.line_text(line)[: column - 1]
    if prefix.isascii():
        return column
    return len(prefix.encode("utf-16-le")) // 2 + 1 + max(0, column - 1 - len(prefix))


def utf16_range(result: FileResult, diagnostic: Diagnostic) -> tuple[int, int, int, int]:
    """(start line, start column, end line, end column), columns in UTF-16 units, end exclusive."""
    start, end = diagnostic.range.start, diagnostic.range.end
    return (
        start.line,
        utf16_column(result, start.line, start.column),
        end.line,
        utf16_column(result, end.line, end.column),
    )
