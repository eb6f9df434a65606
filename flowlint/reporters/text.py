"""`--format text`: `path:line:col: severity[code/name] message`, a code frame, a summary."""

from __future__ import annotations

from flowlint.diagnostics import Diagnostic, Severity
from flowlint.engine.linter import FileResult
from flowlint.reporters import ReportOptions, RunReport
from flowlint.reporters.statistics import rule_statistics, statistics_lines
from flowlint.source.text_safety import escape_unsafe, escape_unsafe_with_columns

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_MAX_FRAME_LINES = 4
_MAX_LINE_WIDTH = 160
_SECRET_RULE = "hardcoded-secret"
"""Code frames mask what this rule flagged, so the report never prints a credential."""


def _style(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _highlight(line: str) -> str:
    from pygments import highlight
    from pygments.formatters import TerminalFormatter
    from pygments.lexers import JsonLexer

    highlighted: str = highlight(line, JsonLexer(), TerminalFormatter())
    return highlighted.rstrip("\n")


def _secrets_by_line(result: FileResult) -> dict[int, list[tuple[int, int]]]:
    """The spans hardcoded-secret flagged, by line: found once per file, not per finding.
    Findings `show-severity` hides count too: a hidden secret is still masked."""
    by_line: dict[int, list[tuple[int, int]]] = {}
    for diagnostic in (*result.diagnostics, *result.hidden):
        if diagnostic.rule == _SECRET_RULE:
            span = (diagnostic.start_offset, diagnostic.end_offset)
            for line in range(diagnostic.range.start.line, diagnostic.range.end.line + 1):
                by_line.setdefault(line, []).append(span)
    return by_line


def _mask(line: str, line_start: int, secrets: list[tuple[int, int]]) -> str:
    for start, end in secrets:
        first, stop = max(start - line_start, 0), min(end - line_start, len(line))
        if first < stop:
            line = line[:first] + "*" * (stop - first) + line[stop:]
    return line


def _frame(
    result: FileResult,
    diagnostic: Diagnostic,
    color: bool,
    secrets: dict[int, list[tuple[int, int]]],
) -> list[str]:
    if not result.text:
        return []
    lines = result.lines()
    start, end = diagnostic.range.start, diagnostic.range.end
    last = min(end.line, start.line + _MAX_FRAME_LINES - 1, lines.line_count)
    if end.line > start.line and end.column == 1:
        last = max(start.line, min(last, end.line - 1))
    width = len(str(last))
    frame: list[str] = []
    for number in range(start.line, last + 1):
        # One character past the width is enough to know the line was clipped.
        raw = lines.line_prefix(number, _MAX_LINE_WIDTH + 1)
        raw = _mask(raw, lines.line_start(number), secrets.get(number, []))
        raw = raw.replace("\t", " ")
        clipped = raw[:_MAX_LINE_WIDTH]
        # Escaped before colouring, so the only escape sequences shown are the highlighter's.
        escaped, columns = escape_unsafe_with_columns(clipped)
        if len(raw) > _MAX_LINE_WIDTH:
            escaped += "…"
            columns.append(columns[-1] + 1)
        shown = _highlight(escaped) if color else escaped
        gutter = _style(f"{number:>{width}} |", _DIM, color)
        frame.append(f"{gutter} {shown}")
        first = start.column if number == start.line else 1 + (len(raw) - len(raw.lstrip()))
        stop = end.column if number == end.line else len(raw) + 1
        first = min(first, len(columns))
        stop = min(max(stop, first + 1), len(columns))
        # The caret line is drawn in the escaped text's columns (`\x1b` is four wide).
        left, right = columns[first - 1], columns[stop - 1]
        marker = " " * left + "^" * max(right - left, 1)
        pad = _style(f"{'':>{width}} |", _DIM, color)
        frame.append(f"{pad} {_style(marker, _COLORS[diagnostic.severity], color)}")
    return frame


def render(run: RunReport, options: ReportOptions) -> str:
    color = options.color
    out = statistics_text(run) if options.statistics else _findings(run, options)
    if options.summary:
        out.append(summary_line(run.counts(), color))
    return "".join(line + "\n" for line in out)


def statistics_text(run: RunReport) -> list[str]:
    """`--statistics`: one `COUNT  CODE  NAME` line per rule with shown findings."""
    return statistics_lines(
        rule_statistics(diagnostic for result in run.results for diagnostic in result.diagnostics)
    )


def _findings(run: RunReport, options: ReportOptions) -> list[str]:
    color = options.color
    out: list[str] = []
    for result in run.results:
        secrets = _secrets_by_line(result) if options.show_source else {}
        for diagnostic in result.diagnostics:
            start = diagnostic.range.start
            path = escape_unsafe(diagnostic.path)
            location = _style(f"{path}:{start.line}:{start.column}:", _BOLD, color)
            severity = _style(
                diagnostic.severity.label, _COLORS[diagnostic.severity] + _BOLD, color
            )
            message = escape_unsafe(diagnostic.message)
            out.append(f"{location} {severity}[{diagnostic.code}/{diagnostic.rule}] {message}")
            if options.show_source:
                out.extend(_frame(result, diagnostic, color, secrets))
                out.append("")
    return out


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(counts: dict[str, int], color: bool) -> str:
    """The closing line of the text formats: "All clear" only when every file was checked
    and nothing was found (input problems are findings, so they rule it out)."""
    files = _plural(counts["files"], "file")
    if not (counts["errors"] or counts["warnings"] or counts["infos"]):
        if not counts["files"]:
            return "No flow files found: 0 files checked."
        return _style(f"All clear: {files} checked, no findings.", "\x1b[32m", color)
    parts = [
        _style(
            _plural(counts["errors"], "error"),
            _COLORS[Severity.ERROR],
            color and counts["errors"] > 0,
        ),
        _style(
            _plural(counts["warnings"], "warning"),
            _COLORS[Severity.WARNING],
            color and counts["warnings"] > 0,
        ),
        _plural(counts["infos"], "info"),
    ]
    found = f"Found {', '.join(parts)} in {files}"
    notes = []
    failures = counts.get("tool_failures", 0)
    if failures:
        notes.append(
            f"; flowlint could not check everything "
            f"({_plural(failures, 'tool failure')}, exit status 2)"
        )
    hidden = counts.get("hidden", 0)
    if hidden:  # the counts above include them: say so, and how to see them
        them = "it" if hidden == 1 else "them"
        notes.append(f" ({hidden} not shown; --show-severity info lists {them})")
    return found + "".join(notes) + "."
