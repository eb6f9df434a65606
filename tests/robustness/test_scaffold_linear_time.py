"""`flowlint test --scaffold` stays linear in the flow's depth on chains where every widget
starts a path to a runtime error (a gather that asks again on `timeout`: 81001; a message with
no `failed` transition: unhandled-event). Each such path copies the way to its widget and is
simulated, written and dumped as YAML; the caps (MAX_ERROR_PATHS, MAX_ERROR_CASES and the
error steps budget) keep that bounded. Same measure as test_linear_time.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from flowlint.model.build import build_flow
from flowlint.simulate.scaffold import scaffold
from tests.robustness.test_linear_time import _doubles_at_most_linearly


def _chain(size: int, kind: str) -> dict[str, Any]:
    """`size` widgets one after the other; each gather also goes back to itself on timeout,
    each message has no transition for `failed`."""
    first = "incomingCall" if kind == "gather-input-on-call" else "incomingMessage"
    states = [{"name": "Trigger", "type": "trigger", "properties": {},
               "transitions": [{"event": first, "next": "w0"}]}]  # fmt: skip
    for number in range(size):
        onward = {"next": f"w{number + 1}"} if number < size - 1 else {}
        if kind == "gather-input-on-call":
            transitions = [
                {"event": "keypress", **onward},
                {"event": "timeout", "next": f"w{number}"},
            ]
            properties = {"say": "Press a key"}
        else:
            transitions = [{"event": "sent", **onward}]
            properties = {"body": "Hello"}
        states.append({"name": f"w{number}", "type": kind, "properties": properties,
                       "transitions": transitions})  # fmt: skip
    return {"initial_state": "Trigger", "states": states}


@pytest.mark.parametrize("kind", ["gather-input-on-call", "send-message"])
def test_doubling_a_chain_with_an_error_at_every_widget_at_most_doubles_the_scaffold_time(
    kind: str,
) -> None:
    def work(size: int) -> Callable[[], object]:
        flow = build_flow(_chain(size, kind))
        return lambda: scaffold(flow, "flow.json")

    _doubles_at_most_linearly(f"scaffold of a {kind} chain", work, 1_000)
