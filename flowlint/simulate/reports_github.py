"""`flowlint test --format github`: GitHub Actions workflow commands, which GitHub shows as
annotations: a failed case at its line in the test file (error), a test file that cannot be
used (error), and with coverage a transition no case takes (notice) or no run can take
(warning) at its line in the flow file. The text report follows, for the log."""

from __future__ import annotations

from flowlint.reporters.github import annotation
from flowlint.simulate.coverage import FlowCoverage
from flowlint.simulate.reports import text_report
from flowlint.simulate.suite import FileResult

TITLE = "flowlint test"


def github_report(
    files: list[FileResult], seconds: float, coverage: list[FlowCoverage] | None
) -> str:
    lines: list[str] = []
    for file in files:
        if file.error is not None:
            lines.append(annotation("error", [("file", file.path), ("title", TITLE)], file.error))
        for result in file.results:
            if result.passed:
                continue
            position = result.case.position
            mismatch = result.mismatches[0]
            detail = f"{mismatch.what}: "
            if mismatch.expected or mismatch.actual:
                detail += f"expected {mismatch.expected}, actual {mismatch.actual}. "
            detail += mismatch.detail
            lines.append(
                _at(
                    "error",
                    (position.path, position.line, position.column),
                    f"{TITLE}: {result.case.name}",
                    f"case '{result.case.name}' failed: {detail.strip()}",
                )
            )
    for report in coverage or []:
        for missed in report.uncovered:
            lines.append(
                _at(
                    "notice",
                    (report.path, missed.line, missed.column),
                    "untested transition",
                    f"No test case takes '{missed.widget}' --{missed.event}--> '{missed.target}'",
                )
            )
        for dead in report.cannot_be_taken:
            lines.append(
                _at(
                    "warning",
                    (report.path, dead.line, dead.column),
                    "transition no run can take",
                    f"No run can take '{dead.widget}' --{dead.event}--> '{dead.target}': "
                    f"{dead.reason}",
                )
            )
    return "".join(line + "\n" for line in lines) + text_report(files, seconds, coverage)


def _at(level: str, where: tuple[object, int, int], title: str, message: str) -> str:
    """An annotation of `level` at (file, line, column)."""
    path, line, column = where
    return annotation(
        level, [("file", path), ("line", line), ("col", column), ("title", title)], message
    )
