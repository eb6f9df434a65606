"""`flowlint test --scaffold` drives loops whose second pass goes another way (issue #18:
"one case per path to each ending widget that the simulator can drive"): a menu that asks
again on a wrong key and then accepts the right one (the contact's inputs are consumed in
order, one per pass), and a retry counter left to its own condition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import run_flowlint
from tests.simulate.conftest import flow_of, widget
from tests.simulate.test_scaffold_errors import _condition, _errors, _scaffolded


def _counter(name: str, then: str) -> dict[str, Any]:
    variables = [{"key": "tries", "value": "{{flow.variables.tries | plus: 1}}"}]
    return widget(name, "set-variables", {"variables": variables}, ("next", then))


def _below_three(name: str, again: str, otherwise: str) -> dict[str, Any]:
    split = widget(name, "split-based-on", {"input": "{{flow.variables.tries}}"})
    split["transitions"] = [
        {"event": "noMatch", "next": otherwise},
        {"event": "match", "next": again, "conditions": [_condition("less_than", "3")]},
    ]
    return split


def test_a_menu_that_asks_again_then_accepts_the_right_key_is_driven(tmp_path: Path) -> None:
    """The loop's split `tries` must go round (`match`) on the first pass; the way on from
    `ask` the walk found first goes through `tries` again to `bye` (`noMatch`), which one case
    cannot force too. Another way on, through `check` to `thanks`, is tried as well."""
    ask = widget("ask", "gather-input-on-call", {"say": "Press 1"}, ("keypress", "check"),
                 ("speech", "check"), ("timeout", "count"))  # fmt: skip
    check = widget("check", "split-based-on", {"input": "{{widgets.ask.Digits}}"})
    check["transitions"] = [
        {"event": "noMatch", "next": "count"},
        {"event": "match", "next": "thanks", "conditions": [_condition("equal_to", "1")]},
    ]
    invalid = widget("invalid", "say-play", {"say": "Sorry"}, ("audioComplete", "ask"))
    thanks = widget("thanks", "say-play", {"say": "Thanks"}, ("audioComplete", None))
    bye = widget("bye", "say-play", {"say": "Bye"}, ("audioComplete", None))
    definition = flow_of(
        ask, check, _counter("count", "tries"), _below_three("tries", "invalid", "bye"),
        invalid, thanks, bye, trigger_event="incomingCall",
    )  # fmt: skip
    cases = _scaffolded(tmp_path, definition)
    (again,) = [case for case in cases if "invalid" in case["expect"]["path"]]
    assert again["name"] == "ask -> check -> count -> tries -> invalid -> ask -> check -> thanks"
    assert again["inputs"] == [
        {"widget": "ask", "digits": "zz-no-match-zz"},
        {"widget": "ask", "digits": "1"},
    ]
    assert again["expect"]["says"] == ["Press 1", "Sorry", "Press 1", "Thanks"]
    result = run_flowlint("test", "--coverage", cwd=tmp_path)
    assert "flow.json: 10/10 transitions (100.0%)" in result.stdout


def test_a_retry_loop_is_left_to_its_counter_not_forced_into_81000(tmp_path: Path) -> None:
    """The counter split cannot be steered (its input is computed); forcing it to go round
    again would pin an 81000 no real run hits, since the counter leaves the loop."""
    lookup = widget("lookup", "make-http-request", {"method": "GET", "url": "https://x.io"},
                    ("success", "ok"), ("failed", "count"))  # fmt: skip
    count = _counter("count", "again")
    again = _below_three("again", "lookup", "give_up")
    ok = widget("ok", "send-message", {"body": "ok"}, ("sent", None), ("failed", None))
    give_up = widget("give_up", "send-message", {"body": "no"}, ("sent", None), ("failed", None))
    cases = _scaffolded(tmp_path, flow_of(lookup, count, again, ok, give_up))
    assert _errors(cases) == []
    # Left to its own condition, the counter goes round twice and gives up: the transition
    # back to `lookup` is covered by that run, with one (failing) answer for every try.
    (retried,) = [case for case in cases if case["expect"]["path"].count("lookup") == 3]
    assert retried["name"] == (
        "lookup -> count -> again -> lookup -> count -> again -> lookup -> count -> again -> give_up"
    )
    assert retried["mocks"] == {"lookup": {"status": 500, "body": "error"}}
    result = run_flowlint("test", "--coverage", cwd=tmp_path)
    assert "flow.json: 6/6 transitions (100.0%)" in result.stdout


def _splits_in_a_row(count: int) -> dict[str, Any]:
    """`count` splits on the message, each rejoining the next: s<i> --match a<i>--> m<i>
    (a message) --sent--> s<i+1>, and s<i> --noMatch--> s<i+1>."""
    states = []
    for index in range(count):
        after = f"s{index + 1}" if index + 1 < count else "end"
        split = widget(f"s{index}", "split-based-on", {"input": "{{trigger.message.Body}}"})
        split["transitions"] = [
            {"event": "noMatch", "next": after},
            {"event": "match", "next": f"m{index}", "conditions": [_condition("equal_to", f"a{index}")]},
        ]  # fmt: skip
        sent = widget(f"m{index}", "send-message", {"body": f"got {index}"}, ("sent", after),
                      ("failed", None))  # fmt: skip
        states += [split, sent]
    states.append(widget("end", "send-message", {"body": "bye"}, ("sent", None), ("failed", None)))
    return flow_of(*states)


def test_every_split_of_many_in_a_row_is_taken_both_ways(tmp_path: Path) -> None:
    """Depth first, the walk's first 2,000 paths all vary the last few splits; before the
    short path through each transition was tried as well, 10 splits in a row got 12 cases
    and 21 of 31 transitions (an early split's match and its message's `sent` never)."""
    cases = _scaffolded(tmp_path, _splits_in_a_row(10))
    first = [case for case in cases if case["expect"]["path"][:3] == ["Trigger", "s0", "m0"]]
    assert any(case["expect"]["path"][3:4] == ["s1"] for case in first)  # m0 --sent--> s1
    result = run_flowlint("test", "--coverage", cwd=tmp_path)
    assert "flow.json: 31/31 transitions (100.0%)" in result.stdout, result.stdout
