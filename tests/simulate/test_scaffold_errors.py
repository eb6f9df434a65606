"""`flowlint test --scaffold` writes a case for each way the flow ends in a Studio runtime error
(issue #18: `expect: error: 81001` and the like), named so a reader sees it is an error path,
and the written file passes `flowlint test`.

Limits (studio-domain.md §4, §5): "A Flow Execution will be stopped if the same Widget is
executed 10 times in a row" (81001); "An Execution will end after 1,000 Steps" (81000).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import run_flowlint
from tests.simulate.conftest import flow_of, widget


def _condition(operator: str, value: str) -> dict[str, Any]:
    return {"friendly_name": "c", "arguments": ["x"], "type": operator, "value": value}


def _scaffolded(folder: Path, definition: dict[str, Any]) -> list[dict[str, Any]]:
    """The cases `--scaffold` writes for the flow, after checking that they pass."""
    (folder / "flow.json").write_text(json.dumps(definition), encoding="utf-8")
    written = run_flowlint("test", "--scaffold", "flow.json", cwd=folder)
    assert written.returncode == 0, written.stderr
    (folder / "flow.flowtest.yaml").write_text(written.stdout, encoding="utf-8")
    result = run_flowlint("test", cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    cases: list[dict[str, Any]] = yaml.safe_load(written.stdout)["cases"]
    return cases


def _errors(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [case for case in cases if "error" in case["expect"]]


def test_a_transition_to_a_missing_widget_gets_an_error_case(tmp_path: Path) -> None:
    route = widget("route", "split-based-on", {"input": "{{trigger.message.Body}}"})
    route["transitions"] = [
        {"event": "noMatch", "next": "bye"},
        {"event": "match", "next": "agnet", "conditions": [_condition("equal_to", "agent")]},
    ]
    bye = widget("bye", "send-message", {"body": "Bye"}, ("sent", None), ("failed", None))
    cases = _scaffolded(tmp_path, flow_of(route, bye))
    assert _errors(cases) == [
        {
            "name": "route ends in error missing-widget",
            "trigger": {
                "event": "incomingMessage",
                "message": {"From": "+15551230000", "To": "+15559870000", "Body": "agent"},
            },
            "expect": {"path": ["Trigger", "route"], "error": "missing-widget"},
        }
    ]


def test_an_event_without_a_transition_gets_an_error_case(tmp_path: Path) -> None:
    """A Function raises `fail` on an error answer (Twilio's Run Function page); with no
    transition for it the run stops there."""
    lookup = widget("lookup", "run-function", {"url": "https://x.twil.io/a"}, ("success", "ok"))
    ok = widget("ok", "send-message", {"body": "Done"}, ("sent", None), ("failed", None))
    cases = _scaffolded(tmp_path, flow_of(lookup, ok))
    (error,) = _errors(cases)
    assert error["name"] == "lookup ends in error unhandled-event"
    assert error["mocks"] == {"lookup": {"status": 500, "body": "error"}}
    assert error["expect"] == {"path": ["Trigger", "lookup"], "error": "unhandled-event"}


def test_a_gather_asking_again_on_timeout_ends_in_81001(tmp_path: Path) -> None:
    ask = widget(
        "ask", "gather-input-on-call", {"say": "Press 1"}, ("keypress", "thanks"),
        ("speech", "thanks"), ("timeout", "ask"),
    )  # fmt: skip
    thanks = widget("thanks", "say-play", {"say": "Thanks"}, ("audioComplete", None))
    cases = _scaffolded(tmp_path, flow_of(ask, thanks, trigger_event="incomingCall"))
    (error,) = _errors(cases)
    assert error["name"] == "ask x10 ends in error 81001"
    assert error["inputs"] == [{"widget": "ask", "event": "timeout"}] * 9
    assert error["expect"]["path"] == ["Trigger", *["ask"] * 10]
    assert error["expect"]["says"] == ["Press 1"] * 9  # the tenth run stops before it speaks
    assert error["expect"]["error"] == 81001


def test_a_loop_with_no_way_out_ends_in_81000(tmp_path: Path) -> None:
    tick = widget("tick", "set-variables", {"variables": [{"key": "a", "value": "1"}]})
    tick["transitions"] = [{"event": "next", "next": "tock"}]
    tock = widget("tock", "set-variables", {"variables": [{"key": "b", "value": "2"}]})
    tock["transitions"] = [{"event": "next", "next": "tick"}]
    cases = _scaffolded(tmp_path, flow_of(tick, tock))
    (error,) = _errors(cases)
    assert error["name"] == "tick -> tock -> ... (1,000 steps) ends in error 81000"
    # 1,000 steps are too many to read: the case names the widgets it visits.
    assert error["expect"] == {"visits": ["Trigger", "tick", "tock"], "error": 81000}


def test_a_flow_that_handles_every_event_gets_no_error_case(tmp_path: Path) -> None:
    ask = widget("ask", "send-and-wait-for-reply", {"body": "Name?"}, ("incomingMessage", "hi"),
                 ("timeout", None), ("deliveryFailure", None))  # fmt: skip
    hi = widget("hi", "send-message", {"body": "Hi"}, ("sent", None), ("failed", None))
    cases = _scaffolded(tmp_path, flow_of(ask, hi))
    assert len(cases) == 4
    assert _errors(cases) == []


def test_an_error_case_goes_the_way_a_written_case_went(tmp_path: Path) -> None:
    """The walk first reaches `lookup` through the second `match` of `route`, which no case
    can take (its input is computed, and a mock can force only the first match). A written
    case reached `lookup` through `noMatch` and `by_text`: the error case goes that way."""
    route = widget("route", "split-based-on", {"input": "{{trigger.message.Body | upcase}}"})
    route["transitions"] = [
        {"event": "match", "next": "bye", "conditions": [_condition("equal_to", "A")]},
        {"event": "match", "next": "by_voice", "conditions": [_condition("equal_to", "B")]},
        {"event": "noMatch", "next": "by_text"},
    ]
    by_voice = widget("by_voice", "send-message", {"body": "voice"}, ("sent", "lookup"),
                      ("failed", None))  # fmt: skip
    by_text = widget("by_text", "send-message", {"body": "text"}, ("sent", "lookup"),
                     ("failed", None))  # fmt: skip
    lookup = widget("lookup", "run-function", {"url": "https://x.twil.io/a"}, ("success", "bye"))
    bye = widget("bye", "send-message", {"body": "Bye"}, ("sent", None), ("failed", None))
    cases = _scaffolded(tmp_path, flow_of(route, by_voice, by_text, lookup, bye))
    (error,) = _errors(cases)
    assert error["name"] == "route -> by_text -> lookup ends in error unhandled-event"
    assert error["mocks"] == {
        "route": {"event": "noMatch"},
        "lookup": {"status": 500, "body": "error"},
    }
