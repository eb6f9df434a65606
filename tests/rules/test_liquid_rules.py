"""Liquid rules (FL4xx): severities and messages on their fixtures, through the real CLI.

Positions are asserted by the fixture harness (tests/rules/test_rule_fixtures.py); this module
checks what the `.expect` files do not record: the graded severity (error when the value can
never exist, warning when only some paths lack it) and the content of the messages.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import FIXTURES, run_json

RULES = FIXTURES / "rules"


def _findings(rule: str, fixture: str) -> list[dict[str, Any]]:
    status, report = run_json(str(RULES / rule / f"{fixture}.json"))
    assert status in (0, 1)
    return [d for d in report["diagnostics"] if d["rule"] == rule]


@pytest.mark.parametrize(
    ("rule", "fixture", "severity", "fragments"),
    [
        (
            "liquid-syntax",
            "fires_unclosed_output",
            "error",
            ["expected '}}'", "{{flow.variables.reservation_id is confirmed."],
        ),
        (
            "undefined-widget-reference",
            "fires_renamed_widget",
            "error",
            ["did you mean 'get_users'"],
        ),
        (
            "unexecuted-widget-reference",
            "fires_other_branch",
            "error",
            ["can never run before it", "no path leads from 'lookup' to 'help'"],
        ),
        (
            "unexecuted-widget-reference",
            "fires_skipped_on_no_match",
            "info",
            ["Trigger -incomingMessage-> ask_menu -incomingMessage-> route -noMatch-> reply"],
        ),
        (
            "undefined-flow-variable",
            "fires_misspelt_key",
            "error",
            ["no set-variables widget sets it", "did you mean 'customer_name'"],
        ),
        (
            "trigger-field-unavailable",
            "fires_call_field_in_sms_branch",
            "error",
            ["only incomingMessage executions reach 'reply'", "not trigger.call"],
        ),
        (
            "trigger-field-unavailable",
            "fires_message_field_in_conversation",
            "warning",
            ["is most likely empty"],
        ),
        (
            "trigger-field-unavailable",
            "fires_message_field_in_subflow",
            "warning",
            ["is most likely empty", "only incomingParent executions reach 'notify'"],
        ),
        (
            "undefined-flow-variable",
            "fires_set_on_one_branch",
            "warning",
            ["route -match-> thanks"],
        ),
    ],
)
def test_severity_and_message(rule: str, fixture: str, severity: str, fragments: list[str]) -> None:
    findings = _findings(rule, fixture)
    assert findings
    for finding in findings:
        assert finding["severity"] == severity
        for fragment in fragments:
            assert fragment in finding["message"]


def test_unknown_output_suggests_the_nested_field() -> None:
    findings = _findings("unknown-widget-output", "fires_wrong_fields")
    assert {d["severity"] for d in findings} == {"error"}
    messages = [d["message"] for d in findings]
    assert any("did you mean 'inbound.Body'" in message for message in messages)
    assert any("did you mean 'Digits'" in message for message in messages)
    assert any("has no output 'parsed' (it has outbound)" in message for message in messages)


def test_undocumented_output_is_only_a_warning() -> None:
    findings = _findings("unknown-widget-output", "fires_undocumented_field")
    assert [(d["severity"], d["widget"]) for d in findings] == [("warning", "sales")]


def test_unknown_filter_names_the_studio_spelling() -> None:
    messages = sorted(
        d["message"] for d in _findings("unknown-liquid-filter", "fires_jinja_and_typo_filters")
    )
    assert "use downcase" in messages[0]
    assert "did you mean 'upcase'" in messages[1]


def test_a_read_skipped_on_some_paths_is_a_hint_that_does_not_fail_ci() -> None:
    fixture = FIXTURES / "rules" / "unexecuted-widget-reference" / "fires_skipped_on_no_match.json"
    status, report = run_json("--no-cache", "--select", "FL403", str(fixture))
    assert [d["severity"] for d in report["diagnostics"]] == ["info"]
    assert status == 0
