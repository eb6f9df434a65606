"""What each widget type does when the simulator runs it (events and outputs as Studio
documents them, studio-domain.md §2 and §3)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

from flowlint.model.catalog import widget_type
from flowlint.model.flow import Widget
from flowlint.simulate.conditions import ConditionError, condition_holds
from flowlint.simulate.outcome import (
    Execution,
    NeedsTestData,
    Outcome,
    RuntimeProblem,
    RuntimeStop,
)
from flowlint.simulate.rendering import RenderError, render_value
from flowlint.simulate.scenario import Input, Mock

HTTP_WIDGETS = {
    "make-http-request": ("success", "failed"),
    "run-function": ("success", "fail"),
    "run-function-v2": ("success", "fail"),
}
"""Widget type -> (event on a 2xx/3xx answer, event otherwise) (studio-domain.md §2, §4)."""

LOCAL_EVENTS = {"fork-stream": "next", "record-call": "success"}
"""Widgets that need nothing from the test: the event they raise when Twilio accepts them."""


def raised_events(widget: Widget) -> frozenset[str] | None:
    """The events Twilio documents for the widget's type; None when flowlint does not know the
    type or its events are not confirmed (then any event may come)."""
    known = widget_type(widget.type)
    if known is None or known.events is None:
        return None
    try:
        event_schema = known.schema["properties"]["transitions"]["items"]["properties"]["event"]
    except (KeyError, TypeError):
        return None
    if event_schema.get("x-flowlint-severity") == "warning":
        return None
    return known.events


def checked_event(widget: Widget, event: str, source: str) -> str:
    """`event`, forced by a mock or an input (`source`), when the widget's type can raise it;
    a forced event the type never raises would take a branch no real run takes."""
    events = raised_events(widget)
    if events is not None and event not in events:
        raise NeedsTestData(
            f"{source} forces `{event}` on '{widget.label}', but {widget.type} widgets never "
            f"raise it (their events: {', '.join(sorted(events))})"
        )
    return event


def render_property(execution: Execution, widget: Widget, key: str, default: str = "") -> str:
    """A property rendered with the run's context; a Liquid error stops the run there."""
    value = widget.properties.get(key)
    if value is None:
        return default
    try:
        return render_value(execution.liquid, value, execution.context)
    except RenderError as exc:
        raise RuntimeStop(
            RuntimeProblem(
                "liquid-error",
                f"Liquid error in `{key}` of '{widget.label}': {exc}",
                widget.label,
                widget.property_pointer(key),
            )
        ) from exc


def run_trigger(execution: Execution, widget: Widget) -> Outcome:
    return Outcome(execution.case.trigger_event)


def run_set_variables(execution: Execution, widget: Widget) -> Outcome:
    """Values set by set-variables are strings (Studio's documented quirk)."""
    outputs: dict[str, Any] = {}
    variables = widget.properties.get("variables")
    for index, item in enumerate(variables if isinstance(variables, list) else []):
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            continue
        try:
            value = render_value(execution.liquid, item.get("value"), execution.context)
        except RenderError as exc:
            raise RuntimeStop(
                RuntimeProblem(
                    "liquid-error",
                    f"Liquid error in variable `{item['key']}` of '{widget.label}': {exc}",
                    widget.label,
                    widget.property_pointer("variables", index, "value"),
                )
            ) from exc
        execution.variables[item["key"]] = value
        outputs[item["key"]] = value
    return Outcome("next", outputs)


def run_split(execution: Execution, widget: Widget) -> Outcome:
    """The first `match` transition whose conditions all hold, else `noMatch`."""
    subject = render_property(execution, widget, "input")
    for transition in widget.transitions:
        if transition.event != "match" or not transition.conditions:
            continue
        holds = True
        for condition in transition.conditions:
            try:
                value = render_value(execution.liquid, condition.value, execution.context)
                holds = condition_holds(condition.type, subject, value)
            except (RenderError, ConditionError) as exc:
                raise RuntimeStop(
                    RuntimeProblem(
                        "condition-error",
                        f"condition {condition.index + 1} of '{widget.label}': {exc}",
                        widget.label,
                        condition.pointer,
                    )
                ) from exc
            if not holds:
                break
        if holds:
            return Outcome("match", transition=transition.index)
    return Outcome("noMatch")


def run_send_message(execution: Execution, widget: Widget) -> Outcome:
    body = render_property(execution, widget, "body")
    execution.sends.append(body)
    return Outcome("sent", {"outbound": {"Body": body, "Status": "sent"}})


def run_say_play(execution: Execution, widget: Widget) -> Outcome:
    if "say" in widget.properties:
        execution.says.append(render_property(execution, widget, "say"))
    return Outcome("audioComplete")


def run_send_and_wait(execution: Execution, widget: Widget) -> Outcome:
    body = render_property(execution, widget, "body")
    execution.sends.append(body)
    reply = execution.next_input(widget, "body: the contact's reply, or event: timeout")
    outbound = {"Body": body, "Status": "sent"}
    if reply.event is not None:
        return Outcome(checked_event(widget, reply.event, "the input"), {"outbound": outbound})
    inbound = {
        "Body": reply.body or "",
        "From": execution.contact_address,
        "To": execution.flow_address,
    }
    return Outcome("incomingMessage", {"inbound": inbound, "outbound": outbound})


def run_gather(execution: Execution, widget: Widget) -> Outcome:
    if "say" in widget.properties:
        execution.says.append(render_property(execution, widget, "say"))
    answer = execution.next_input(
        widget, "digits: or speech: what the caller enters, or event: timeout"
    )
    if answer.event is not None:
        return Outcome(checked_event(widget, answer.event, "the input"))
    if answer.digits is not None:
        return Outcome("keypress", {"Digits": answer.digits})
    return Outcome("speech", {"SpeechResult": answer.speech or "", "Confidence": "0.9"})


def run_http(execution: Execution, widget: Widget) -> Outcome:
    """A mocked response: success on 2xx/3xx; `parsed` when the body is JSON (studio-domain.md
    §3: only for an application/json response)."""
    mock = execution.mock_for(widget)
    if mock is None or (mock.status is None and mock.body is None):
        raise NeedsTestData(
            f"'{widget.label}' ({widget.type}) calls out: add a mock "
            f"`{widget.label}: {{status: 200, body: ...}}` (or `{{event: ..., outputs: ...}}`)"
        )
    success, failure = HTTP_WIDGETS[widget.type or ""]
    status = mock.status if mock.status is not None else 200
    if not 200 <= status < 400:
        return Outcome(failure)
    body = mock.body
    structured = isinstance(body, dict | list)
    content_type = mock.content_type or ("application/json" if structured else "text/plain")
    text = json.dumps(body) if structured else ("" if body is None else str(body))
    outputs: dict[str, Any] = {"status_code": status, "body": text, "content_type": content_type}
    if content_type.split(";")[0].strip().lower() == "application/json":
        with contextlib.suppress(ValueError):
            outputs["parsed"] = json.loads(text)
    return Outcome(success, outputs)


def run_subflow(execution: Execution, widget: Widget) -> Outcome:
    flow_sid = widget.properties.get("flow_sid")
    subflow = execution.subflow(flow_sid if isinstance(flow_sid, str) else "")
    if subflow is None:
        raise NeedsTestData(
            f"'{widget.label}' runs subflow {flow_sid!r}: map it under `subflows:` to its "
            f"definition file, or add a mock `{widget.label}: {{event: completed, outputs: ...}}`"
        )
    parameters: dict[str, str] = {}
    entries = widget.properties.get("parameters")
    for item in entries if isinstance(entries, list) else []:
        if isinstance(item, dict) and isinstance(item.get("key"), str):
            parameters[item["key"]] = render_value(
                execution.liquid, item.get("value"), execution.context
            )
    return execution.run_subflow(subflow, parameters)


def run_with_mock_only(execution: Execution, widget: Widget) -> Outcome:
    events = sorted({t.event for t in widget.transitions if t.event})
    raise NeedsTestData(
        f"'{widget.label}' ({widget.type}) needs the outside world: add a mock "
        f"`{widget.label}: {{event: ..., outputs: {{...}}}}` (its events: {', '.join(events) or 'none'})"
    )


def forced(mock: Mock | Input) -> Outcome:
    outputs = mock.outputs if isinstance(mock, Mock) else {}
    return Outcome(mock.event or "", dict(outputs))


RUNNERS: dict[str, Callable[[Execution, Widget], Outcome]] = {
    "trigger": run_trigger,
    "set-variables": run_set_variables,
    "split-based-on": run_split,
    "send-message": run_send_message,
    "say-play": run_say_play,
    "send-and-wait-for-reply": run_send_and_wait,
    "gather-input-on-call": run_gather,
    "run-subflow": run_subflow,
    **{name: run_http for name in HTTP_WIDGETS},
}


def run_widget(execution: Execution, widget: Widget) -> Outcome:
    """Run one widget: a mock that forces an event wins; else the type's behaviour."""
    mock = execution.mock_for(widget)
    if mock is not None and mock.event is not None:
        checked_event(widget, mock.event, "the mock")
        return forced(mock)
    runner = RUNNERS.get(widget.type or "")
    if runner is not None:
        return runner(execution, widget)
    if widget.type in LOCAL_EVENTS:
        return Outcome(LOCAL_EVENTS[widget.type or ""])
    if not widget.transitions:
        # Nothing can follow it, so whatever it does ends the execution (hang-up widgets
        # of community exports): no mock needed.
        return Outcome("")
    return run_with_mock_only(execution, widget)
