"""`--coverage-report sarif`: the transitions no case took, as SARIF 2.1.0 notes, so code
scanning (or any SARIF viewer) can annotate the untested branches in the flow files; the
transitions no run can take (coverage.py) come under their own rule, as warnings, since they
are mistakes in the flow rather than missing tests."""

from __future__ import annotations

import json
from typing import Any

from flowlint import __version__
from flowlint.reporters.sarif import INFORMATION_URI, SCHEMA_URI, artifact_location
from flowlint.simulate.coverage import FlowCoverage, UncoveredTransition
from flowlint.source.text_safety import escape_unsafe, escape_unsafe_in_json

RULE_ID = "uncovered-transition"
DEAD_RULE_ID = "transition-cannot-be-taken"


def _result(rule: str, level: str, text: str, path: str, missed: UncoveredTransition) -> Any:
    return {
        "ruleId": rule,
        "level": level,
        "message": {"text": escape_unsafe(text)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(path),
                    # Columns are code points; flow files are ASCII in practice.
                    "region": {"startLine": missed.line, "startColumn": missed.column},
                }
            }
        ],
    }


def coverage_sarif(reports: list[FlowCoverage]) -> str:
    results: list[dict[str, Any]] = []
    for report in reports:
        path = report.path
        for missed in report.uncovered:
            text = f"No test case takes '{missed.widget}' --{missed.event}--> '{missed.target}'"
            results.append(_result(RULE_ID, "note", text, path, missed))
        for dead in report.cannot_be_taken:
            text = (
                f"No run can take '{dead.widget}' --{dead.event}--> '{dead.target}': {dead.reason}"
            )
            results.append(_result(DEAD_RULE_ID, "warning", text, path, dead))
    rules = [
        {"id": RULE_ID, "shortDescription": {"text": "A transition no flowlint test case takes"}},
        {
            "id": DEAD_RULE_ID,
            "shortDescription": {
                "text": "A transition no run can take (left out of transition coverage)"
            },
        },
    ]
    document = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "flowlint test",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return escape_unsafe_in_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
