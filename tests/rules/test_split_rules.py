"""Split-condition rules (FL5xx): severities, messages and bounded regex evaluation."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from flowlint.split.user_regex import PatternError, compile_pattern, matches_whole
from tests.conftest import FIXTURES, run_json

RULES = FIXTURES / "rules"


def _findings(rule: str, fixture: str) -> list[dict[str, Any]]:
    status, report = run_json(str(RULES / rule / f"{fixture}.json"))
    assert status in (0, 1)
    return [d for d in report["diagnostics"] if d["rule"] == rule]


def test_numeric_comparison_grades_value_and_input() -> None:
    value = _findings("numeric-comparison-on-text", "fires_non_numeric_value")
    assert [d["severity"] for d in value] == ["error"]
    assert "'five' is not a number" in value[0]["message"]
    text = _findings("numeric-comparison-on-text", "fires_raw_body_input")
    assert [d["severity"] for d in text] == ["warning"]
    assert "{{widgets.ask.inbound.Body | plus: 0}}" in text[0]["message"]


def test_shadowed_condition_names_both_branches() -> None:
    findings = _findings("shadowed-condition", "fires_not_blank_first")
    assert len(findings) == 1
    message = findings[0]["message"]
    assert "(to 'support')" in message and "(to 'sales')" in message
    assert findings[0]["severity"] == "warning"


def test_studio_style_patterns_compile() -> None:
    for pattern in [r"\p{L}+", "a++b", "(?>ab)c", r"^(s[ií]|y)$", "(?<word>x)"]:
        compile_pattern(pattern)
    try:
        compile_pattern("(unclosed")
    except PatternError as error:
        assert error.offset == 9
    else:
        raise AssertionError("an unclosed group must not compile")


def test_catastrophic_patterns_are_cut_off() -> None:
    # Processor time, as the matcher's timeout counts it (0.1 s here for the two): wall-clock
    # time on a loaded machine was 3x that.
    started = time.process_time()
    assert matches_whole("(x+x+)+y", "x" * 5000) is None
    assert matches_whole("(a|aa)+$", "a" * 5000 + "b") is None
    assert time.process_time() - started < 2
    assert matches_whole("^(y|yes)$", "YES") is True
    assert matches_whole("yes", "yes please") is False


def test_a_catastrophic_regex_condition_does_not_hang_the_linter(tmp_path: Path) -> None:
    body = "{{widgets.ask.inbound.Body}}"
    values = ["x" * 4000 + str(i) for i in range(20)]
    transitions: list[dict[str, Any]] = [
        {"event": "noMatch"},
        {
            "event": "match",
            "next": "ask",
            "conditions": [
                {"friendly_name": "slow", "arguments": [body], "type": "regex", "value": "(x+x+)+y"}
            ],
        },
    ]
    transitions += [
        {
            "event": "match",
            "next": "ask",
            "conditions": [
                {"friendly_name": f"v{i}", "arguments": [body], "type": "equal_to", "value": v}
            ],
        }
        for i, v in enumerate(values)
    ]
    flow = {
        "description": "slow regex",
        "initial_state": "Trigger",
        "flags": {"allow_concurrent_calls": True},
        "states": [
            {
                "name": "Trigger",
                "type": "trigger",
                "transitions": [{"event": "incomingMessage", "next": "ask"}],
                "properties": {},
            },
            {
                "name": "ask",
                "type": "send-and-wait-for-reply",
                "transitions": [{"event": "incomingMessage", "next": "route"}],
                "properties": {"body": "Say something", "timeout": "3600"},
            },
            {
                "name": "route",
                "type": "split-based-on",
                "transitions": transitions,
                "properties": {"input": body},
            },
        ],
    }
    path = tmp_path / "slow.json"
    path.write_text(json.dumps(flow))
    started = time.perf_counter()
    status, _ = run_json("--select", "shadowed-condition", str(path))
    assert status in (0, 1)
    assert time.perf_counter() - started < 15
