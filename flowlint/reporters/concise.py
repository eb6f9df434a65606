"""`--format concise`: one line per finding, `path:line:col: severity[code/name] message`,
then the summary line; for grep, editors' quickfix lists and terminals without room."""

from __future__ import annotations

from flowlint.reporters import ReportOptions, RunReport
from flowlint.reporters.text import statistics_text, summary_line
from flowlint.source.text_safety import escape_unsafe


def render(run: RunReport, options: ReportOptions) -> str:
    lines = statistics_text(run) if options.statistics else _findings(run)
    if options.summary:
        lines.append(summary_line(run.counts(), False))
    return "".join(line + "\n" for line in lines)


def _findings(run: RunReport) -> list[str]:
    lines = []
    for result in run.results:
        for diagnostic in result.diagnostics:
            start = diagnostic.range.start
            message = escape_unsafe(diagnostic.message)
            lines.append(
                f"{escape_unsafe(diagnostic.path)}:{start.line}:{start.column}: "
                f"{diagnostic.severity.label}[{diagnostic.code}/{diagnostic.rule}] {message}"
            )
    return lines
