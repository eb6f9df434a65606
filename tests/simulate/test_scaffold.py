"""`flowlint test --scaffold`: the written mocks carry the outputs later widgets read, with
values that make each split on the path take the intended branch (issue #18), and the file
passes with full coverage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from flowlint.model.build import build_flow
from flowlint.simulate.scaffold_values import subject_taking
from tests.conftest import run_flowlint
from tests.simulate.conftest import flow_of, widget

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FLOW = "balance_splits_on_function_output.json"


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("scaffold")
    shutil.copy(FIXTURES / FLOW, folder / FLOW)
    written = run_flowlint("test", "--scaffold", FLOW, cwd=folder)
    assert written.returncode == 0, written.stderr
    (folder / "balance.flowtest.yaml").write_text(written.stdout, encoding="utf-8")
    document: dict[str, Any] = yaml.safe_load(written.stdout)
    return folder, document


def _case_ending_at(document: dict[str, Any], last: str, event: str) -> dict[str, Any]:
    found = [
        case
        for case in document["cases"]
        if case["expect"]["path"][-1] == last and case["expect"]["ends"]["event"] == event
    ]
    assert found, f"no case ends at {last} ({event})"
    return found[0]


def test_the_scaffold_passes_with_every_transition_covered(
    scaffolded: tuple[Path, dict[str, Any]],
) -> None:
    folder, _ = scaffolded
    result = run_flowlint("test", "--coverage", "--fail-under", "100", cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{FLOW}: 15/15 transitions (100.0%)" in result.stdout
    assert "FAILED" not in result.stdout


def test_a_function_body_holds_the_value_each_split_needs(
    scaffolded: tuple[Path, dict[str, Any]],
) -> None:
    """check_balance tests `widgets.lookup.parsed.balance`: > 1000, then < 0, else noMatch.
    The second match cannot be forced by a mock (a forced `match` takes the first), so the
    body must hold a balance under 0 that is not over 1000."""
    _, document = scaffolded
    rich = _case_ending_at(document, "send_rich", "sent")
    assert rich["mocks"]["lookup"] == {
        "status": 200,
        "body": {"balance": 1001, "name": "sample name"},
    }
    # The expectation holds the message rendered from those outputs.
    assert rich["expect"]["sends"] == ["Hi sample name, your balance is 1001."]
    overdrawn = _case_ending_at(document, "send_overdrawn", "sent")
    assert overdrawn["mocks"]["lookup"]["body"] == {"balance": -1}
    assert "check_balance" not in overdrawn["mocks"]  # steered, not forced


def test_values_reach_a_split_through_set_variables_and_from_the_trigger(
    scaffolded: tuple[Path, dict[str, Any]],
) -> None:
    """check_tier reads flow.variables.tier, which remember_tier set from
    widgets.lookup.parsed.account.tier; route_request reads trigger.message.Body."""
    _, document = scaffolded
    gold = _case_ending_at(document, "send_gold", "sent")
    assert gold["mocks"]["lookup"]["body"] == {"balance": 1000, "account": {"tier": "gold"}}
    assert gold["trigger"]["message"]["Body"] == "balance"
    assert set(gold["mocks"]) == {"lookup"}


def test_a_subflow_mock_carries_the_outputs_read_after_it(
    scaffolded: tuple[Path, dict[str, Any]],
) -> None:
    _, document = scaffolded
    verified = _case_ending_at(document, "send_verified", "sent")
    assert verified["mocks"]["verify"] == {
        "event": "completed",
        "outputs": {"verified": "true", "masked_number": "sample masked_number"},
    }


def _split(*transitions: tuple[str, str | None, str, str]) -> Any:
    """A split on a reply, with one `match` per (event, next, operator, value)."""
    entries = []
    for event, target, operator, value in transitions:
        entry: dict[str, Any] = {"event": event, "next": target}
        if event == "match":
            entry["conditions"] = [
                {"friendly_name": "c", "arguments": ["x"], "type": operator, "value": value}
            ]
        entries.append(entry)
    state = widget("split", "split-based-on", {"input": "{{trigger.message.Body}}"})
    state["transitions"] = entries
    end = widget("end", "send-message", {"body": "."}, ("sent", None))
    return build_flow(flow_of(state, end)).widgets_by_name["split"]


@pytest.mark.parametrize(
    ("operator", "value", "wanted"),
    [
        ("equal_to", "Yes", "Yes"),
        ("matches_any_of", "a, b", "a"),
        ("regex", "^(stop|quit)$", "stop"),
        ("contains", "help", "help"),
        ("starts_with", "bal", "bal"),
        ("greater_than", "5", "6"),
        ("less_than", "5", "4"),
        ("is_before_time", "09:00", "08:59"),
        ("is_after_date", "2026-01-01", "2026-01-02"),
        ("is_not_blank", "", "zz-no-match-zz"),
    ],
)
def test_the_chosen_text_takes_the_second_match_not_the_first(
    operator: str, value: str, wanted: str
) -> None:
    """The first match (`equal_to never`) must not hold for the text chosen for the second."""
    split = _split(
        ("noMatch", "end", "", ""),
        ("match", "end", "equal_to", "never"),
        ("match", "end", operator, value),
    )
    assert subject_taking(split, split.transitions[2]) == wanted


def test_no_match_gets_a_text_no_condition_accepts() -> None:
    split = _split(
        ("noMatch", "end", "", ""),
        ("match", "end", "greater_than", "10"),
        ("match", "end", "less_than", "0"),
    )
    assert subject_taking(split, split.transitions[0]) == "10"


def test_a_loop_back_to_the_menu_is_taken_once(tmp_path: Path) -> None:
    """check_digits --noMatch--> greet goes back to a widget already on the path: the scaffold
    takes it once (two inputs for greet) and goes on to an end. The transition to the
    misspelt `conect_agent` is taken by a case that ends in that error, so all are covered."""
    shutil.copy(EXAMPLES / "owl-bank-voice-mistakes.json", tmp_path / "voice.json")
    written = run_flowlint("test", "--scaffold", "voice.json", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    document = yaml.safe_load(written.stdout)
    paths = [case["expect"]["path"] for case in document["cases"]]
    assert ["Trigger", "greet", "check_digits", "greet", "check_digits", "lookup_balance",
            "say_balance"] in paths  # fmt: skip
    (tmp_path / "voice.flowtest.yaml").write_text(written.stdout, encoding="utf-8")
    result = run_flowlint("test", "--coverage", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "voice.json: 7/7 transitions (100.0%)" in result.stdout
    assert [line for line in result.stdout.splitlines() if "not taken:" in line] == []


def test_a_flow_that_reads_the_clock_gets_a_fixed_now(tmp_path: Path) -> None:
    """The expected messages are rendered, so a message with today's date needs the case's
    clock fixed, or the scaffold would fail tomorrow."""
    definition = flow_of(
        widget("greet", "say-play", {"say": "Happy {{ 'now' | date: '%A' }}!"},
               ("audioComplete", None)),
        trigger_event="incomingCall",
    )  # fmt: skip
    (tmp_path / "clock.json").write_text(json.dumps(definition), encoding="utf-8")
    written = run_flowlint("test", "--scaffold", "clock.json", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    (case,) = yaml.safe_load(written.stdout)["cases"]
    assert case["now"] == "2026-01-05T10:00:00-08:00"
    assert case["expect"]["says"] == ["Happy Monday!"]
    (tmp_path / "clock.flowtest.yaml").write_text(written.stdout, encoding="utf-8")
    assert run_flowlint("test", cwd=tmp_path).returncode == 0


def _state(name: str, kind: str, transitions: list[dict[str, Any]], **properties: Any) -> Any:
    return {"name": name, "type": kind, "transitions": transitions, "properties": properties}


def test_a_flow_as_deep_as_a_run_may_go_is_scaffolded(tmp_path: Path) -> None:
    # The path walk was recursive: a flow as deep as a run may go (Studio stops a run after
    # 1,000 steps, error 81000) raised RecursionError, a traceback.
    depth = 990
    states = [_state("Trigger", "trigger", [{"event": "incomingMessage", "next": "w0"}])]
    for number in range(depth):
        onward = [{"event": "next", "next": f"w{number + 1}"}] if number < depth - 1 else []
        variables = [{"key": "k", "value": str(number)}]
        states.append(_state(f"w{number}", "set-variables", onward, variables=variables))
    (tmp_path / "deep.json").write_text(json.dumps({"states": states, "initial_state": "Trigger"}))
    result = run_flowlint("test", "--scaffold", "deep.json", cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "flowlint test: 1 case written for 1 path of deep.json\n"


def test_a_flow_of_exponentially_many_paths_without_an_end_is_bounded(tmp_path: Path) -> None:
    # 14 splits, each able to go to every other: billions of simple paths, none of which ends.
    # The walk stops after a bounded number of steps instead of enumerating them.
    count = 14
    states = [_state("Trigger", "trigger", [{"event": "incomingMessage", "next": "s0"}])]
    for number in range(count):
        condition = {"friendly_name": "x", "arguments": ["{{trigger.message.Body}}"]}
        transitions = [{"event": "noMatch", "next": f"s{(number + 1) % count}"}] + [
            {
                "event": "match",
                "next": f"s{other}",
                "conditions": [{**condition, "type": "equal_to", "value": str(other)}],
            }
            for other in range(count)
            if other != number
        ]
        states.append(
            _state(f"s{number}", "split-based-on", transitions, input="{{trigger.message.Body}}")
        )
    (tmp_path / "maze.json").write_text(json.dumps({"states": states, "initial_state": "Trigger"}))
    result = run_flowlint("test", "--scaffold", "maze.json", cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
