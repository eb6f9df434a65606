"""`--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on
the pull request's diff (`::error file=…,line=…::message`).

GitHub shows at most 10 error and 10 warning annotations per step, so a workflow should also
keep a full report (SARIF for code scanning, or the concise format in the step summary).
"""

from __future__ import annotations

from flowlint.diagnostics import Severity
from flowlint.reporters import ReportOptions, RunReport
from flowlint.reporters.columns import utf16_range
from flowlint.reporters.text import summary_line
from flowlint.source.text_safety import escape_unsafe

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message the way the Actions runner decodes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (file, title): also `:` and `,`, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(command: str, properties: list[tuple[str, object]], message: str) -> str:
    """One workflow command on one line. Control characters are escaped visibly first (the
    runner echoes annotations into a log that renders ANSI sequences), so no line break is
    left for the runner to decode and nothing from the file can begin a command of its own."""
    rendered = ",".join(
        f"{name}={escape_property(escape_unsafe(str(value)))}" for name, value in properties
    )
    return f"::{command} {rendered}::{escape_data(escape_unsafe(message))}"


def render(run: RunReport, options: ReportOptions) -> str:
    lines = []
    for result in run.results:
        for diagnostic in result.diagnostics:
            start_line, start_column, end_line, end_column = utf16_range(result, diagnostic)
            properties: list[tuple[str, object]] = [("file", diagnostic.path), ("line", start_line)]
            properties.append(("endLine", end_line))
            # GitHub accepts columns only when the annotation stays on one line.
            if start_line == end_line:
                properties.append(("col", start_column))
                properties.append(("endColumn", max(end_column, start_column + 1)))
            properties.append(("title", f"{diagnostic.code} {diagnostic.rule}"))
            lines.append(annotation(COMMANDS[diagnostic.severity], properties, diagnostic.message))
    if options.summary:
        lines.append(summary_line(run.counts(), False))
    return "".join(line + "\n" for line in lines)
