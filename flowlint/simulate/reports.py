"""Test results as text (like pytest), JSON or JUnit XML, and the coverage report."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

from flowlint.simulate.coverage import FlowCoverage
from flowlint.simulate.expectations import CaseResult
from flowlint.simulate.suite import FileResult
from flowlint.source.text_safety import escape_unsafe, escape_unsafe_in_json


def _case_id(file_result: FileResult, result: CaseResult) -> str:
    return f"{file_result.path}::{result.case.name}"


def counts(files: list[FileResult]) -> dict[str, int]:
    results = [result for file in files for result in file.results]
    return {
        "passed": sum(result.passed for result in results),
        "failed": sum(not result.passed for result in results),
        "errors": sum(file.error is not None for file in files),
    }


def text_report(
    files: list[FileResult], seconds: float, coverage: list[FlowCoverage] | None
) -> str:
    lines: list[str] = []
    for file in files:
        if file.error is not None:
            lines.append(f"ERROR {file.error}")
        for result in file.results:
            lines.append(f"{_case_id(file, result)} {'PASSED' if result.passed else 'FAILED'}")
    failures = [(file, result) for file in files for result in file.results if not result.passed]
    if failures:
        lines += ["", "=" * 30 + " FAILURES " + "=" * 30]
        for file, result in failures:
            lines.append(f"___ {_case_id(file, result)} ({result.case.position}) ___")
            for mismatch in result.mismatches:
                lines.append(f"  {mismatch.what}:")
                if mismatch.expected or mismatch.actual:
                    lines.append(f"    expected: {mismatch.expected}")
                    lines.append(f"    actual:   {mismatch.actual}")
                if mismatch.detail:
                    lines.append(f"    {mismatch.detail}")
    if coverage is not None:
        lines += ["", "Transition coverage:"]
        for report in coverage:
            lines.append(
                f"  {report.path}: {report.covered}/{report.total} transitions "
                f"({report.percent:.1f}%)"
            )
            for missed in report.uncovered:
                lines.append(
                    f"    not taken: {missed.widget} --{missed.event}--> {missed.target} "
                    f"({missed.position})"
                )
            for dead in report.cannot_be_taken:
                lines.append(
                    f"    cannot be taken ({dead.reason}): {dead.widget} --{dead.event}--> "
                    f"{dead.target} ({dead.position})"
                )
    tally = counts(files)
    words = {"failed": "failed", "passed": "passed", "errors": "error"}
    parts = [
        f"{tally[key]} {words[key]}{'s' if key == 'errors' and tally[key] > 1 else ''}"
        for key in ("failed", "passed", "errors")
        if tally[key]
    ]
    summary = ", ".join(parts) or "no cases ran"
    lines.append(f"{'=' * 20} {summary} in {seconds:.2f}s {'=' * 20}")
    # Each line escaped whole: a line break inside file text (a case name, an expected message)
    # must not start a line of its own, which a CI log could read as a result or a command.
    return "".join(escape_unsafe(line) + "\n" for line in lines)


def _case_json(file: FileResult, result: CaseResult) -> dict[str, Any]:
    problem = result.run.problem
    return {
        "name": result.case.name,
        "position": {"line": result.case.position.line, "column": result.case.position.column},
        "status": "passed" if result.passed else "failed",
        "path": result.run.path,
        "says": result.run.says,
        "sends": result.run.sends,
        "variables": result.run.variables,
        "ends": (
            {"widget": result.run.ending.widget, "event": result.run.ending.event}
            if result.run.ending
            else None
        ),
        "error": (
            {"code": problem.code, "message": problem.message, "widget": problem.widget}
            if problem
            else None
        ),
        "mismatches": [
            {"what": m.what, "expected": m.expected, "actual": m.actual, "detail": m.detail}
            for m in result.mismatches
        ],
    }


def coverage_json(report: FlowCoverage) -> dict[str, Any]:
    return {
        "flow": report.path,
        "covered": report.covered,
        "total": report.total,
        "percent": round(report.percent, 1),
        "uncovered": [
            {"widget": m.widget, "event": m.event, "next": m.target, "position": m.position}
            for m in report.uncovered
        ],
        "cannot_be_taken": [
            {
                "widget": m.widget,
                "event": m.event,
                "next": m.target,
                "position": m.position,
                "reason": m.reason,
            }
            for m in report.cannot_be_taken
        ],
    }


def json_report(
    files: list[FileResult], seconds: float, coverage: list[FlowCoverage] | None
) -> str:
    value: dict[str, Any] = {
        "files": [
            {
                "path": str(file.path),
                "flow": str(file.flow_file.path) if file.flow_file else None,
                "error": file.error,
                "cases": [_case_json(file, result) for result in file.results],
            }
            for file in files
        ],
        "summary": {**counts(files), "seconds": round(seconds, 3)},
    }
    if coverage is not None:
        value["coverage"] = [coverage_json(report) for report in coverage]
    return escape_unsafe_in_json(json.dumps(value, indent=2, ensure_ascii=False)) + "\n"


def junit_report(files: list[FileResult], seconds: float) -> str:
    """JUnit XML; file text is escaped on its way in, since XML 1.0 cannot hold most C0
    characters even as character references (ElementTree would write them raw)."""
    tally = counts(files)
    root = ElementTree.Element(
        "testsuites",
        name="flowlint test",
        tests=str(tally["passed"] + tally["failed"]),
        failures=str(tally["failed"]),
        errors=str(tally["errors"]),
        time=f"{seconds:.3f}",
    )
    for file in files:
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            name=escape_unsafe(str(file.path)),
            tests=str(len(file.results)),
            failures=str(sum(not r.passed for r in file.results)),
            errors="1" if file.error else "0",
        )
        if file.error is not None:
            case = ElementTree.SubElement(
                suite, "testcase", name="(test file)", classname=escape_unsafe(str(file.path))
            )
            ElementTree.SubElement(case, "error", message=escape_unsafe(file.error))
        for result in file.results:
            case = ElementTree.SubElement(
                suite,
                "testcase",
                name=escape_unsafe(result.case.name),
                classname=escape_unsafe(str(file.path)),
            )
            if not result.passed:
                text = "\n".join(
                    f"{m.what}: expected {m.expected}, actual {m.actual}. {m.detail}".strip()
                    for m in result.mismatches
                )
                failure = ElementTree.SubElement(
                    case, "failure", message=escape_unsafe(result.mismatches[0].what)
                )
                failure.text = escape_unsafe(text, keep="\n")
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
