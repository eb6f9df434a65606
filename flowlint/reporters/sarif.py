"""`--format sarif`: SARIF 2.1.0, the format GitHub code scanning uploads.

One run with the rules that fired (id, name, short and full description, help text and a
link to the docs), one result per finding with its exact region (columns in UTF-16 code units,
end exclusive, as SARIF counts them) and the JSON Pointer as a logical location, plus a
line-independent partial fingerprint so alerts survive reformatting. Findings that mean
flowlint failed to check a file (a rule crash, an unreadable file) are also tool execution
notifications, and the invocation is then not successful. Paths are relative to the project
root, named `%SRCROOT%` in `originalUriBaseIds`, so viewers resolve them wherever flowlint ran.

Viewers (GitHub code scanning, the SARIF viewer extension) show `message.text` and a logical
location's `name` as text, so those have their control and bidirectional characters escaped
(flowlint.source.text_safety); identifiers (URIs, pointers, fingerprints) stay exact, and the document
writes any such character as a JSON `\\u` escape.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flowlint.diagnostics import Diagnostic, RelatedLocation, Severity
from flowlint.engine.linter import FileResult
from flowlint.reporters import ReportOptions, RunReport
from flowlint.reporters.columns import utf16_column, utf16_range
from flowlint.rule import Rule
from flowlint.run.fingerprints import fingerprint, normalised_path
from flowlint.source.text_safety import escape_unsafe, escape_unsafe_in_json

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/flowlint/flowlint"
RULES_DOC_URI = "https://github.com/flowlint/flowlint/blob/main/docs/rules.md"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub sorts and filters code scanning alerts by this property.
PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "recommendation",
}
FINGERPRINT_KEY = "flowlint/v1"
SOURCE_ROOT = "%SRCROOT%"


def artifact_location(path: str) -> dict[str, str]:
    """Where a reported path points: relative paths are relative to the project root
    (`%SRCROOT%`; GitHub resolves them against the repository), absolute ones (files outside
    the project) become file URIs."""
    candidate = Path(path)
    if candidate.is_absolute():
        return {"uri": candidate.as_uri()}
    return {"uri": quote(normalised_path(path)), "uriBaseId": SOURCE_ROOT}


def _rule_descriptor(rule: type[Rule] | None, diagnostic: Diagnostic) -> dict[str, Any]:
    if rule is None:  # a diagnostic from a rule the registry does not know (should not happen)
        return {
            "id": diagnostic.code,
            "name": diagnostic.rule,
            "shortDescription": {"text": diagnostic.rule},
            "fullDescription": {"text": diagnostic.rule},
            "help": {"text": diagnostic.rule},
        }
    sections = rule.docs().sections
    what = sections.get("What it finds") or rule.summary
    fix = sections.get("Fix", "")
    help_text = f"{what}\n\nWhy it matters: {sections.get('Why it matters', '')}".strip()
    if fix:
        help_text += f"\n\nFix:\n{fix}"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": what},
        "help": {"text": help_text, "markdown": rule.docs().markdown()},
        "helpUri": f"{RULES_DOC_URI}#{rule.code.lower()}-{rule.name}",
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": ["twilio-studio", rule.category],
            "precision": "high",
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
        },
    }


def _related_location(
    result: FileResult, path: str, number: int, note: RelatedLocation
) -> dict[str, Any]:
    start, end = note.range
    if note.path is not None and note.path != path:
        # Another file (a subflow): its text is not at hand, so columns stay in code points,
        # which equal UTF-16 units on the ASCII JSON structure the notes point at.
        region = {
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
        }
        path = note.path
    else:
        region = {
            "startLine": start.line,
            "startColumn": utf16_column(result, start.line, start.column),
            "endLine": end.line,
            "endColumn": utf16_column(result, end.line, end.column),
        }
    return {
        "id": number,
        "message": {"text": escape_unsafe(note.message)},
        "physicalLocation": {"artifactLocation": artifact_location(path), "region": region},
    }


def render(run: RunReport, options: ReportOptions) -> str:
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for result in run.results:
        for diagnostic in result.diagnostics:
            if diagnostic.code not in rule_index:
                rule_index[diagnostic.code] = len(rules)
                rules.append(_rule_descriptor(run.registry.get(diagnostic.code), diagnostic))
            start_line, start_column, end_line, end_column = utf16_range(result, diagnostic)
            location: dict[str, Any] = {
                "physicalLocation": {
                    "artifactLocation": artifact_location(diagnostic.path),
                    "region": {
                        "startLine": start_line,
                        "startColumn": start_column,
                        "endLine": end_line,
                        "endColumn": end_column,
                    },
                }
            }
            logical: dict[str, Any] = {
                "fullyQualifiedName": diagnostic.pointer_text or "/",
                "kind": "member",
            }
            if diagnostic.widget is not None:
                logical["name"] = escape_unsafe(diagnostic.widget)
            location["logicalLocations"] = [logical]
            if run.is_tool_failure(diagnostic):
                notifications.append(
                    {
                        "level": "error",
                        "message": {
                            "text": escape_unsafe(f"{diagnostic.path}: {diagnostic.message}")
                        },
                        "locations": [location],
                        "associatedRule": {
                            "id": diagnostic.code,
                            "index": rule_index[diagnostic.code],
                        },
                    }
                )
            entry: dict[str, Any] = {
                "ruleId": diagnostic.code,
                "ruleIndex": rule_index[diagnostic.code],
                "level": LEVELS[diagnostic.severity],
                "message": {"text": escape_unsafe(diagnostic.message)},
                "locations": [location],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint(diagnostic)},
            }
            if diagnostic.related:
                entry["relatedLocations"] = [
                    _related_location(result, diagnostic.path, number, note)
                    for number, note in enumerate(diagnostic.related, start=1)
                ]
            results.append(entry)
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "flowlint",
                        "version": run.version,
                        "semanticVersion": run.version,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "automationDetails": {"id": "flowlint/"},
                **_base_ids(run),
                "columnKind": "utf16CodeUnits",
                "invocations": [invocation],
                "results": results,
            }
        ],
    }
    return escape_unsafe_in_json(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def _base_ids(run: RunReport) -> dict[str, Any]:
    if run.root is None:
        return {}
    return {"originalUriBaseIds": {SOURCE_ROOT: {"uri": run.root.resolve().as_uri() + "/"}}}
