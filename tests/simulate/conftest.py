"""Small flows for the simulator tests, written the way the Console exports them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flowlint.model.build import build_flow
from flowlint.simulate.runner import Run, run_case
from flowlint.simulate.scenario import Case, Input, Mock, Position

HERE = Position(Path("test.flowtest.yaml"), 1, 1)


def widget(
    name: str, kind: str, properties: dict[str, Any], *transitions: tuple[str, str | None]
) -> dict[str, Any]:
    return {
        "name": name,
        "type": kind,
        "properties": properties,
        "transitions": [
            {"event": event, **({"next": target} if target else {})}
            for event, target in transitions
        ],
    }


def flow_of(*states: dict[str, Any], trigger_event: str = "incomingMessage") -> dict[str, Any]:
    first = states[0]["name"] if states else None
    trigger = widget("Trigger", "trigger", {}, (trigger_event, first))
    return {"description": "test", "initial_state": "Trigger", "states": [trigger, *states]}


def run(
    definition: dict[str, Any],
    *,
    event: str = "incomingMessage",
    fields: dict[str, Any] | None = None,
    inputs: list[Input] | None = None,
    mocks: dict[str, Mock] | None = None,
    flow_data: dict[str, Any] | None = None,
) -> Run:
    case = Case(
        "case",
        HERE,
        event,
        fields if fields is not None else {"From": "+15551230000", "To": "+15559870000"},
        flow_data or {},
        inputs=inputs or [],
    )
    return run_case(build_flow(definition), case, mocks or {})


def reply(name: str, **given: str) -> Input:
    return Input(name, HERE, **given)
