"""`--format junit`: JUnit XML, which CI servers (Jenkins, GitLab, Azure, CircleCI) show as tests.

One `<testsuite>` per file and one `<testcase>` per file and rule. A test case fails when the
rule found something at or above `--fail-on`, so the test view agrees with the exit status;
findings below it are listed in the case's `<system-out>`. A clean file is one passing case,
so dashboards count checked files; a check flowlint failed to do (a file it could not read,
a rule that crashed) is an `<error>`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections import defaultdict

from flowlint.diagnostics import Diagnostic, Severity
from flowlint.engine.linter import FileResult
from flowlint.reporters import ReportOptions, RunReport
from flowlint.source.text_safety import escape_unsafe


def xml_text(text: str) -> str:
    """Text for an attribute or element: the characters XML 1.0 cannot carry at all, even as
    character references (most of C0, lone surrogates), are escaped with the other control
    and bidirectional characters, which CI pages would otherwise show raw."""
    return escape_unsafe(text)


def _finding_line(diagnostic: Diagnostic) -> str:
    start = diagnostic.range.start
    widget = f" (widget '{diagnostic.widget}')" if diagnostic.widget else ""
    return (
        f"{diagnostic.path}:{start.line}:{start.column}: {diagnostic.severity.label}"
        f"[{diagnostic.code}/{diagnostic.rule}] {diagnostic.message}{widget}"
    )


def _suite(
    run: RunReport, result: FileResult, fail_on: Severity
) -> tuple[ElementTree.Element, int, int]:
    suite = ElementTree.Element("testsuite", name=xml_text(result.path))
    failures = errors = 0
    by_rule: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    for diagnostic in result.diagnostics:
        by_rule[(diagnostic.code, diagnostic.rule)].append(diagnostic)
    for (code, rule), findings in sorted(by_rule.items()):
        first = findings[0].range.start
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname=xml_text(result.path),
            name=f"{code} {rule}",
            file=xml_text(result.path),
            line=str(first.line),
        )
        body = "\n".join(xml_text(_finding_line(diagnostic)) for diagnostic in findings)
        failing = [diagnostic for diagnostic in findings if diagnostic.severity >= fail_on]
        if run.is_tool_failure(findings[0]):  # the check did not run: an error, not a failure
            error = ElementTree.SubElement(
                case, "error", type=rule, message=xml_text(findings[0].message)
            )
            error.text = body
            errors += 1
        elif failing:
            count = len(findings)
            summary = (
                failing[0].message
                if count == 1
                else f"{count} findings, first: {failing[0].message}"
            )
            failure = ElementTree.SubElement(case, "failure", type=rule, message=xml_text(summary))
            failure.text = body
            failures += 1
        else:
            ElementTree.SubElement(case, "system-out").text = body
    if len(suite) == 0:
        ElementTree.SubElement(
            suite,
            "testcase",
            classname=xml_text(result.path),
            name="flowlint",
            file=xml_text(result.path),
        )
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    suite.set("time", "0")
    return suite, failures, errors


def render(run: RunReport, options: ReportOptions) -> str:
    fail_on = Severity.parse(options.fail_on)
    root = ElementTree.Element("testsuites", name="flowlint")
    tests = failures = errors = 0
    for result in run.results:
        if result.skipped:
            continue
        suite, suite_failures, suite_errors = _suite(run, result, fail_on)
        root.append(suite)
        tests += len(suite)
        failures += suite_failures
        errors += suite_errors
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    root.set("time", "0")
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
