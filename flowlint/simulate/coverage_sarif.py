"""`--coverage-report sarif`: the transitions no case took, as SARIF 2.1.0 notes, so code
scanning (or any SARIF viewer) can annotate the untested branches in the flow files."""

from __future__ import annotations

import json
from typing import Any

from flowlint import __version__
from flowlint.reporters.sarif import INFORMATION_URI, SCHEMA_URI, artifact_location
from flowlint.reporters.text_safety import escape_unsafe, escape_unsafe_in_json
from flowlint.simulate.coverage import FlowCoverage

RULE_ID = "uncovered-transition"


def coverage_sarif(reports: list[FlowCoverage]) -> str:
    results: list[dict[str, Any]] = []
    for report in reports:
        for missed in report.uncovered:
            results.append(
                {
                    "ruleId": RULE_ID,
                    "level": "note",
                    "message": {
                        "text": escape_unsafe(
                            f"No test case takes '{missed.widget}' --{missed.event}--> "
                            f"'{missed.target}'"
                        )
                    },
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": artifact_location(str(report.flow_file.path)),
                                # Columns are code points; flow files are ASCII in practice.
                                "region": {"startLine": missed.line, "startColumn": missed.column},
                            }
                        }
                    ],
                }
            )
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
                        "rules": [
                            {
                                "id": RULE_ID,
                                "shortDescription": {
                                    "text": "A transition no flowlint test case takes"
                                },
                            }
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
    return escape_unsafe_in_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
