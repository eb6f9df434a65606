"""Every widget type: its valid example passes, and each mistake Twilio's FlowValidate rejects
(studio-domain.md §5, the tables of tests/schemas/test_schema_files.py) produces the right rule
at the right range, through the real CLI on real files.

Each case is one small flow (a trigger wired to the widget) written to a temporary folder; one
`flowlint check` run covers them all. The expected range is found in the file's text, not with
flowlint's own tree: the mistake's `"key": value` pair is unique in its file.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, run_json
from tests.schemas.test_schema_files import (
    STRICT_TYPE_MISTAKES,
    UNCONFIRMED_MISTAKES,
    WIDGET_TYPES,
)

VALID = FIXTURES / "schemas" / "valid"
SCHEMA_RULE_PREFIX = "FL3"

# The JSON Schema keyword a mistake fails → the rule that must report it.
RULE_FOR_KEYWORD = {
    "type": "invalid-property-type",
    "enum": "invalid-enum-value",
    "maximum": "value-out-of-range",
    "minimum": "value-out-of-range",
    "pattern": "invalid-sid",
}
# Warnings (UNCONFIRMED facts): keyword → rule; `not` on gather is "say and play both set".
UNCONFIRMED_RULE_FOR_KEYWORD = {
    "maximum": "value-out-of-range",
    "minimum": "value-out-of-range",
    "enum": "invalid-enum-value",
    "not": "schema-violation",
    "anyOf": "schema-violation",
    "pattern": "schema-violation",
    "required": "missing-required-property",
    "type": "invalid-property-type",
}


def _flow(widget: dict[str, Any]) -> dict[str, Any]:
    trigger = {
        "name": "Trigger",
        "type": "trigger",
        "transitions": [{"event": "incomingCall", "next": widget["name"]}],
        "properties": {"offset": {"x": 0, "y": 0}},
    }
    if widget["type"] == "trigger":
        return {"description": "t", "states": [widget], "initial_state": widget["name"]}
    return {
        "description": f"one {widget['type']} widget",
        "states": [trigger, widget],
        "initial_state": "Trigger",
        "flags": {"allow_concurrent_calls": True},
    }


def _valid(widget_type: str) -> dict[str, Any]:
    widget: dict[str, Any] = json.loads((VALID / f"{widget_type}.json").read_text())
    return widget


def _range_of(text: str, needle: str) -> str:
    """`line:col-line:col` of the value in the unique `needle` (`"key": value`) of `text`."""
    assert text.count(needle) == 1, needle
    start = text.index(needle) + needle.index(": ") + 2
    end = text.index(needle) + len(needle)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return f"{line}:{column}-{line}:{column + end - start}"


def _strict_cases() -> list[tuple[str, dict[str, Any], str, str, str]]:
    """(case id, widget, property, value needle, expected rule)."""
    cases = []
    for widget_type, change, prop, keyword in STRICT_TYPE_MISTAKES:
        widget = _valid(widget_type)
        widget["properties"].update(change)
        needle = f'"{prop}": {json.dumps(change[prop])}'
        case_id = f"{widget_type}.{prop}={change[prop]!r}"
        cases.append((case_id, widget, prop, needle, RULE_FOR_KEYWORD[keyword]))
    return cases


STRICT_CASES = _strict_cases()


@pytest.fixture(scope="module")
def case_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One flow file per case: valid examples, FlowValidate mistakes, unconfirmed facts."""
    folder = tmp_path_factory.mktemp("widget-mistakes")
    for widget_type in WIDGET_TYPES:
        (folder / f"valid__{widget_type}.json").write_text(
            json.dumps(_flow(_valid(widget_type)), indent=2)
        )
    for index, (_, widget, _, _, _) in enumerate(STRICT_CASES):
        (folder / f"strict__{index}.json").write_text(json.dumps(_flow(widget), indent=2))
    for index, (widget_type, change, _) in enumerate(UNCONFIRMED_MISTAKES):
        widget = _valid(widget_type)
        for key, value in change.items():
            if value is None:
                del widget["properties"][key]
            else:
                widget["properties"][key] = value
        (folder / f"unconfirmed__{index}.json").write_text(json.dumps(_flow(widget), indent=2))
    return folder


@pytest.fixture(scope="module")
def findings(case_folder: Path) -> dict[str, list[dict[str, Any]]]:
    """Schema findings per case file, from one CLI run over every generated flow."""
    status, report = run_json(str(case_folder))
    assert status in (0, 1)
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for diagnostic in report["diagnostics"]:
        if diagnostic["code"].startswith(SCHEMA_RULE_PREFIX):
            by_file[Path(diagnostic["path"]).name].append(diagnostic)
    return by_file


def _where(diagnostic: dict[str, Any]) -> str:
    start, end = diagnostic["range"]["start"], diagnostic["range"]["end"]
    return f"{start['line']}:{start['column']}-{end['line']}:{end['column']}"


@pytest.mark.parametrize("widget_type", WIDGET_TYPES)
def test_valid_example_has_no_schema_finding(
    widget_type: str, findings: dict[str, list[dict[str, Any]]]
) -> None:
    assert findings.get(f"valid__{widget_type}.json", []) == []


@pytest.mark.parametrize(
    ("index", "expected_rule"),
    [(index, case[4]) for index, case in enumerate(STRICT_CASES)],
    ids=[case[0] for case in STRICT_CASES],
)
def test_flowvalidate_mistake_is_reported_at_the_value(
    index: int, expected_rule: str, case_folder: Path, findings: dict[str, list[dict[str, Any]]]
) -> None:
    _, widget, _, needle, _ = STRICT_CASES[index]
    text = (case_folder / f"strict__{index}.json").read_text()
    found = [
        (d["rule"], d["severity"], d["widget"], _where(d))
        for d in findings.get(f"strict__{index}.json", [])
    ]
    # Exactly one finding: a wrong type also fails the field's enum, and only the type is
    # reported.
    assert found == [(expected_rule, "error", widget["name"], _range_of(text, needle))]


@pytest.mark.parametrize(
    "index",
    range(len(UNCONFIRMED_MISTAKES)),
    ids=[f"{t}.{next(iter(c))}" for t, c, _ in UNCONFIRMED_MISTAKES],
)
def test_unconfirmed_fact_is_reported_as_a_warning(
    index: int, findings: dict[str, list[dict[str, Any]]]
) -> None:
    _, _, keyword = UNCONFIRMED_MISTAKES[index]
    found = [(d["rule"], d["severity"]) for d in findings.get(f"unconfirmed__{index}.json", [])]
    assert found == [(UNCONFIRMED_RULE_FOR_KEYWORD[keyword], "warning")]
    message = findings[f"unconfirmed__{index}.json"][0]["message"]
    assert "unconfirmed" in message
