"""`--format json`: one document with every diagnostic and a summary (schema in docs/cli.md)."""

from __future__ import annotations

import json

from flowlint.diagnostics import Diagnostic
from flowlint.reporters import ReportOptions, RunReport
from flowlint.reporters.statistics import rule_statistics
from flowlint.source.text_safety import escape_unsafe_in_json


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, object]:
    return {
        "path": diagnostic.path,
        "code": diagnostic.code,
        "rule": diagnostic.rule,
        "severity": diagnostic.severity.label,
        "message": diagnostic.message,
        "widget": diagnostic.widget,
        "pointer": diagnostic.pointer_text,
        "range": {
            "start": {"line": diagnostic.range.start.line, "column": diagnostic.range.start.column},
            "end": {"line": diagnostic.range.end.line, "column": diagnostic.range.end.column},
        },
    }


def render(run: RunReport, options: ReportOptions) -> str:
    diagnostics = [diagnostic for result in run.results for diagnostic in result.diagnostics]
    document: dict[str, object] = {
        "flowlint_version": run.version,
        "diagnostics": [diagnostic_json(diagnostic) for diagnostic in diagnostics],
        "summary": run.counts(),
    }
    if options.statistics:
        document["statistics"] = [
            {
                "code": statistic.code,
                "name": statistic.name,
                "count": statistic.total,
                "fixable": statistic.fixable,
            }
            for statistic in rule_statistics(diagnostics)
        ]
    # Messages stay exact for programs; the bytes carry no raw control or bidi character.
    return escape_unsafe_in_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
