"""How the schema rules behave together and with the core rules, through the real CLI:
one kind can be ignored alone, nothing is reported twice, legacy exports get one finding,
flows inside Flow resources are positioned right."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, run_json

RULES = FIXTURES / "rules"


def _write(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data, indent=2))
    return str(path)


def _trigger(first: str) -> dict[str, Any]:
    return {
        "name": "Trigger",
        "type": "trigger",
        "transitions": [{"event": "incomingMessage", "next": first}],
        "properties": {"offset": {"x": 0, "y": 0}},
    }


def _rules(report: dict[str, Any]) -> list[str]:
    return sorted(d["rule"] for d in report["diagnostics"])


def test_one_kind_can_be_ignored_alone() -> None:
    fixture = str(RULES / "invalid-property-type" / "fires_gather_quoted_numbers.json")
    _, everything = run_json("--select", "FL3", fixture)
    assert _rules(everything) == ["invalid-property-type", "invalid-property-type"]
    _, ignored = run_json("--select", "FL3", "--ignore", "invalid-property-type", fixture)
    assert _rules(ignored) == []
    _, only = run_json("--select", "unknown-property,invalid-property-type", fixture)
    assert _rules(only) == ["invalid-property-type", "invalid-property-type"]


def test_core_rules_and_schema_rules_never_report_the_same_range(tmp_path: Path) -> None:
    """Wrong JSON types, unknown events, missing events, initial_state and the widget limit
    belong to the core rules; the schema pass drops its own failures there."""
    widget = {
        "name": "lookup",
        "type": "run-function",
        "transitions": [{"event": "failed"}, {"next": "lookup"}, {"event": 7}],
        "properties": {"url": "https://owl-1234.twil.io/lookup"},
    }
    broken_name = {"name": 42, "type": "say-play", "transitions": [], "properties": []}
    flow = {
        "states": [_trigger("lookup"), widget, broken_name],
        "initial_state": "",
    }
    _, report = run_json(_write(tmp_path / "mixed.json", flow))
    by_range: dict[tuple[int, int], list[str]] = {}
    for diagnostic in report["diagnostics"]:
        start = diagnostic["range"]["start"]
        by_range.setdefault((start["line"], start["column"]), []).append(diagnostic["rule"])
    doubled = {where: rules for where, rules in by_range.items() if len(set(rules)) > 1}
    assert doubled == {}
    rules = _rules(report)
    assert "invalid-transition-event" in rules
    assert "invalid-flow-structure" in rules
    assert "invalid-initial-state" in rules
    # properties: [] on say-play is the builder's; its missing `say` is the schema's own.
    assert not any(rule.startswith("invalid-property-type") for rule in rules)


def test_too_many_widgets_is_not_also_a_schema_finding(tmp_path: Path) -> None:
    states = [_trigger("w0")] + [
        {
            "name": f"w{index}",
            "type": "set-variables",
            "transitions": [{"event": "next", "next": f"w{index + 1}"}],
            "properties": {"variables": [{"key": "step", "value": str(index)}]},
        }
        for index in range(1001)
    ]
    states[-1]["transitions"] = [{"event": "next"}]
    path = _write(tmp_path / "big.json", {"states": states, "initial_state": "Trigger"})
    _, report = run_json("--select", "FL3,too-many-widgets", path)
    assert _rules(report) == ["too-many-widgets"]


def test_legacy_export_gets_one_finding_instead_of_a_flood() -> None:
    fixture = str(RULES / "legacy-definition-format" / "fires_pre_v2_export.json")
    _, report = run_json("--select", "FL3", fixture)
    assert _rules(report) == ["legacy-definition-format"]
    message = report["diagnostics"][0]["message"]
    assert "'Say', 'Gather'" in message and "uuid" in message and "FF" in message


def test_flow_resource_definition_is_positioned_in_its_file(tmp_path: Path) -> None:
    widget = {
        "name": "ask",
        "type": "send-and-wait-for-reply",
        "transitions": [{"event": "incomingMessage"}],
        "properties": {"from": "{{flow.channel.address}}", "body": "ZIP?", "timeout": 3600},
    }
    resource = {
        "sid": "FW0123456789abcdef0123456789abcdef",
        "friendly_name": "Survey",
        "status": "published",
        "revision": 3,
        "definition": {"states": [_trigger("ask"), widget], "initial_state": "Trigger"},
    }
    path = tmp_path / "resource.json"
    _write(path, resource)
    _, report = run_json("--select", "FL3", str(path))
    [finding] = report["diagnostics"]
    assert finding["rule"] == "invalid-property-type"
    assert finding["pointer"] == "/definition/states/1/properties/timeout"
    line = path.read_text().splitlines()[finding["range"]["start"]["line"] - 1]
    assert line.strip() == '"timeout": 3600'


def test_unknown_widget_type_still_gets_the_common_shape_checked(tmp_path: Path) -> None:
    widget = {"name": "bye", "type": "hang-up", "transitions": [{"event": "done"}]}
    flow = {"states": [_trigger("bye"), widget], "initial_state": "Trigger"}
    _, report = run_json("--select", "FL3", _write(tmp_path / "hangup.json", flow))
    found = {(d["rule"], d["message"]) for d in report["diagnostics"]}
    assert (
        "unknown-widget-type",
        "'hang-up' is not a Studio widget type, so Twilio rejects the definition; Studio has no "
        "hang-up widget: the call ends when a transition leaves `next` empty",
    ) in found
    # Its missing `properties` would be a cascade of the unknown type: not reported.
    assert not any(rule == "missing-required-property" for rule, _ in found)
    # The shape every widget shares is still checked: transitions must be a list.
    widget["transitions"] = "done"
    _, report = run_json(_write(tmp_path / "hangup_text.json", flow))
    assert any(
        d["widget"] == "bye" and "transitions" in d["message"] and d["severity"] == "error"
        for d in report["diagnostics"]
        if d["rule"] != "unknown-widget-type"
    ), report["diagnostics"]
