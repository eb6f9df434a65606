"""Decoded JSON → flow model, tolerant of wrong types anywhere."""

from __future__ import annotations

from typing import Any

from flowlint.model.flow import Condition, Flow, StructureProblem, Transition, Widget
from flowlint.source.pointer import Pointer


def json_kind(value: Any) -> str:
    """ "a string", "a number", "null", ... as a message names a JSON value's type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def build_flow(data: dict[str, Any], pointer: Pointer = (), label: str | None = None) -> Flow:
    """Build a Flow from a definition object located at `pointer` in its file."""
    flow = Flow(pointer=pointer, data=data, label=label)
    problems = flow.problems
    initial = data.get("initial_state")
    flow.initial_state = initial if isinstance(initial, str) else None

    states = data.get("states")
    states_pointer = (*pointer, "states")
    if states is None:
        return flow
    if not isinstance(states, list):
        problems.append(
            StructureProblem(
                states_pointer, f"`states` must be an array of widgets, found {json_kind(states)}"
            )
        )
        return flow
    for index, state in enumerate(states):
        state_pointer = (*states_pointer, index)
        if not isinstance(state, dict):
            problems.append(
                StructureProblem(
                    state_pointer,
                    f"each widget in `states` must be an object, found {json_kind(state)}",
                )
            )
            continue
        flow.widgets.append(_build_widget(flow, index, state_pointer, state))
    return flow


def _build_widget(flow: Flow, index: int, pointer: Pointer, state: dict[str, Any]) -> Widget:
    problems = flow.problems
    name = state.get("name")
    if name is not None and not isinstance(name, str):
        problems.append(
            StructureProblem(
                (*pointer, "name"), f"the widget `name` must be a string, found {json_kind(name)}"
            )
        )
        name = None
    widget_type = state.get("type")
    if widget_type is not None and not isinstance(widget_type, str):
        problems.append(
            StructureProblem(
                (*pointer, "type"),
                f"the widget `type` must be a string, found {json_kind(widget_type)}",
                name,
            )
        )
        widget_type = None
    properties = state.get("properties")
    if properties is not None and not isinstance(properties, dict):
        problems.append(
            StructureProblem(
                (*pointer, "properties"),
                f"`properties` must be an object, found {json_kind(properties)}",
                name,
            )
        )
        properties = None
    # Positional arguments: a keyword call costs measurably more when made for every widget
    # and transition of a large flow (the model is built before any rule can run).
    widget = Widget(flow, index, pointer, state, name, widget_type, properties or {})
    transitions = state.get("transitions")
    if transitions is None:
        return widget
    if not isinstance(transitions, list):
        problems.append(
            StructureProblem(
                (*pointer, "transitions"),
                f"`transitions` must be an array, found {json_kind(transitions)}",
                name,
            )
        )
        return widget
    transitions_pointer = (*pointer, "transitions")
    for position, entry in enumerate(transitions):
        entry_pointer = (*transitions_pointer, position)
        if not isinstance(entry, dict):
            problems.append(
                StructureProblem(
                    entry_pointer,
                    f"each transition must be an object, found {json_kind(entry)}",
                    name,
                )
            )
            continue
        widget.transitions.append(_build_transition(widget, position, entry_pointer, entry))
    return widget


def _build_transition(
    widget: Widget, index: int, pointer: Pointer, entry: dict[str, Any]
) -> Transition:
    problems = widget.flow.problems
    event = entry.get("event")
    if event is not None and not isinstance(event, str):
        problems.append(
            StructureProblem(
                (*pointer, "event"),
                f"`event` must be a string, found {json_kind(event)}",
                widget.name,
            )
        )
        event = None
    target = entry.get("next")
    if target is not None and not isinstance(target, str):
        problems.append(
            StructureProblem(
                (*pointer, "next"),
                f"`next` must be a widget name (a string), found {json_kind(target)}",
                widget.name,
            )
        )
        target = None
    transition = Transition(widget, index, pointer, entry, event, target or None)
    conditions = entry.get("conditions")
    if isinstance(conditions, list):
        for position, condition in enumerate(conditions):
            if isinstance(condition, dict):
                transition.conditions.append(
                    Condition(transition, position, (*pointer, "conditions", position), condition)
                )
    return transition
