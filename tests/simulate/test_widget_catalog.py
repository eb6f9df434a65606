"""Audit: every widget type of `schemas/widgets/` runs in the simulator as Twilio documents it.

The documented events below are written out here, from Twilio's widget library pages
(https://www.twilio.com/docs/studio/widget-library/<page>, as collected in
/work/shared/reference/studio-domain.md §2.2), not read from the schemas, so a schema or
simulator change that disagrees with the docs fails. For each type:
- a widget that reaches the outside world (or that the simulator does not run itself) needs a
  mock; each documented event, forced by a mock, takes that event's transition with the
  outputs given (studio-domain.md §3: `widgets.<name>.<key>`, no `.outputs.` segment);
- an event the type does not raise cannot be forced (it would take a branch no real run takes);
- the widgets the simulator runs itself (trigger, set-variables, split, send-message, say-play,
  gather, send-and-wait, HTTP, Function, subflow: tests/simulate/test_widgets.py) raise their
  documented success event without a mock, given their input.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from flowlint.model.catalog import widget_types
from flowlint.simulate.scenario import Mock
from flowlint.simulate.widgets import LOCAL_EVENTS, RUNNERS
from tests.conftest import REPO
from tests.simulate.conftest import flow_of, reply, run, widget

DOCS = "https://www.twilio.com/docs/studio/widget-library"

DOCUMENTED_EVENTS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    # type: (the Twilio page or source of the fact, its events; None: no source lists them)
    "trigger": (f"{DOCS}/trigger-start", (
        "incomingMessage", "incomingCall", "incomingConversationMessage", "incomingRequest",
        "incomingParent")),
    "send-message": (f"{DOCS}/send-message", ("sent", "failed")),
    "send-and-wait-for-reply": (
        f"{DOCS}/send-wait-for-reply", ("incomingMessage", "timeout", "deliveryFailure")),
    "split-based-on": (f"{DOCS}/split-based-on", ("noMatch", "match")),
    "set-variables": (f"{DOCS}/set-variables", ("next",)),
    "say-play": (f"{DOCS}/sayplay", ("audioComplete",)),
    "gather-input-on-call": (f"{DOCS}/gather-input-call", ("keypress", "speech", "timeout")),
    "make-http-request": (f"{DOCS}/make-http-request", ("success", "failed")),
    "run-function": (f"{DOCS}/run-function", ("success", "fail")),
    "connect-call-to": (f"{DOCS}/connect-call", ("callCompleted", "hangup")),
    "enqueue-call": (f"{DOCS}/enqueue-call", ("callComplete", "failedToEnqueue", "callFailure")),
    "send-to-flex": (f"{DOCS}/send-flex", ("callComplete", "failedToEnqueue", "callFailure")),
    "record-voicemail": (f"{DOCS}/record-voicemail", ("recordingComplete", "noAudio", "hangup")),
    "record-call": (f"{DOCS}/call-recording", ("success", "failed")),
    "make-outgoing-call-v2": (
        f"{DOCS}/make-outgoing-call", ("answered", "busy", "noAnswer", "failed")),
    "make-outgoing-call-v1": (f"{DOCS}/make-outgoing-call", (
        "answered", "busy", "noAnswer", "failed", "answeredByMachine", "hangup")),
    "fork-stream": (f"{DOCS}/fork-stream", ("next",)),
    "capture-payments": (f"{DOCS}/capture-payments", (
        "success", "maxFailedAttempts", "providerError", "payInterrupted", "hangup",
        "validationError")),
    "connect-virtual-agent": (f"{DOCS}/connect-virtual-agent", ("return", "hangup")),
    "connect-virtual-agent-v2": (f"{DOCS}/connect-virtual-agent", (
        "completed", "live-agent-handoff", "hangup", "failed", "paused", "timeout")),
    "add-twiml-redirect": (f"{DOCS}/twiml-redirect", ("return", "timeout", "fail")),
    "run-subflow": (f"{DOCS}/run-subflow", ("completed", "failed")),
    "send-to-auto-pilot": (
        "https://www.twilio.com/docs/autopilot/studio", ("sessionEnded", "failure", "timeout")),
    "start-conversation": (f"{DOCS}/conversations-widgets", ("created", "failed")),
    "resume-conversation": (f"{DOCS}/conversations-widgets", ("resumed", "failed")),
    "run-conversation-relay": (f"{DOCS}/conversationrelay", ("success", "failed")),
    # In the official schema's type enum only: no page lists their events (studio-domain.md
    # §2.2), so the simulator needs a mock and accepts the event it names.
    "add-member-to-chat-channel": ("official schema enum", None),
    "create-chat-channel": ("official schema enum", None),
    "create-task": ("official schema enum", None),
    "run-function-v2": ("official schema enum", None),
    "understand": ("official schema enum", None),
    "update-sync-object": ("official schema enum", None),
}  # fmt: skip


def _schema_events(kind: str) -> list[str] | None:
    path = REPO / "schemas" / "widgets" / f"{kind}.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    enum: list[str] | None = schema["properties"]["transitions"]["items"]["properties"][
        "event"
    ].get("enum")
    return enum


def test_every_schema_widget_type_is_in_this_audit() -> None:
    assert set(DOCUMENTED_EVENTS) == set(widget_types())


@pytest.mark.parametrize("kind", sorted(DOCUMENTED_EVENTS))
def test_the_schema_events_are_the_documented_ones(kind: str) -> None:
    _, documented = DOCUMENTED_EVENTS[kind]
    if documented is not None:
        assert sorted(_schema_events(kind) or []) == sorted(documented)


UNCONFIRMED_EVENTS = {
    "make-outgoing-call-v1",
    "connect-virtual-agent-v2",
    "start-conversation",
    "resume-conversation",
    "run-conversation-relay",
}
"""Types whose events only one page lists, with no export to confirm them (studio-domain.md
§2.2 marks them UNCONFIRMED); the schemas mark them with `x-flowlint-severity: warning`."""


def test_the_schemas_mark_exactly_the_unconfirmed_event_lists() -> None:
    marked = set()
    for kind in DOCUMENTED_EVENTS:
        path = REPO / "schemas" / "widgets" / f"{kind}.schema.json"
        schema = json.loads(path.read_text(encoding="utf-8"))
        event = schema["properties"]["transitions"]["items"]["properties"]["event"]
        if event.get("x-flowlint-severity") == "warning":
            marked.add(kind)
    assert marked == UNCONFIRMED_EVENTS


MOCKED = sorted(
    kind for kind in DOCUMENTED_EVENTS if kind not in RUNNERS and kind not in LOCAL_EVENTS
)


def _one_widget_flow(kind: str, events: tuple[str, ...]) -> dict[str, Any]:
    transitions = [(event, f"after_{event}") for event in events]
    after = [
        widget(f"after_{event}", "send-message", {"body": "{{widgets.it.Result}}"}, ("sent", None))
        for event in events
    ]
    return flow_of(widget("it", kind, {}, *transitions), *after)


@pytest.mark.parametrize("kind", MOCKED)
def test_an_outside_world_widget_needs_a_mock_and_takes_each_documented_event(kind: str) -> None:
    source, documented = DOCUMENTED_EVENTS[kind]
    events = documented or ("success", "anything")
    definition = _one_widget_flow(kind, events)
    without = run(definition)
    assert without.missing_test_data is not None, source
    assert f"'it' ({kind}) needs the outside world" in without.missing_test_data
    for event in events:
        result = run(definition, mocks={"it": Mock(event=event, outputs={"Result": event})})
        assert result.missing_test_data is None, (source, result.missing_test_data)
        assert result.path == ["Trigger", "it", f"after_{event}"], source
        assert result.sends == [event]


@pytest.mark.parametrize(
    "kind", [kind for kind in MOCKED if DOCUMENTED_EVENTS[kind][1] is not None]
)
def test_an_event_the_type_never_raises_cannot_be_forced(kind: str) -> None:
    source, documented = DOCUMENTED_EVENTS[kind]
    assert documented is not None
    definition = _one_widget_flow(kind, (*documented, "notAnEvent"))
    result = run(definition, mocks={"it": Mock(event="notAnEvent")})
    if kind in UNCONFIRMED_EVENTS:
        # Events from one unconfirmed source: the simulator cannot rule the event out.
        assert result.missing_test_data is None, source
    else:
        assert result.missing_test_data is not None, source
        assert "never raise it" in result.missing_test_data


@pytest.mark.parametrize(
    ("kind", "event"),
    [
        # fork-stream: "next" once Twilio accepts the stream (Fork Stream page).
        ("fork-stream", "next"),
        # record-call: "success" once the recording starts or stops (Call Recording page).
        ("record-call", "success"),
    ],
)
def test_widgets_that_need_nothing_from_the_test_raise_their_success_event(
    kind: str, event: str
) -> None:
    source, documented = DOCUMENTED_EVENTS[kind]
    assert documented is not None and event in documented, source
    definition = flow_of(
        widget("it", kind, {}, *[(e, "done" if e == event else None) for e in documented]),
        widget("done", "send-message", {"body": "ok"}, ("sent", None)),
    )
    result = run(definition)
    assert result.path == ["Trigger", "it", "done"], result.missing_test_data


def test_a_waiting_widget_event_forced_by_an_input_must_be_documented() -> None:
    """gather-input-on-call raises keypress, speech or timeout (Gather Input On Call page)."""
    definition = flow_of(
        widget("menu", "gather-input-on-call", {"say": "Press 1"}, ("timeout", None)),
        trigger_event="incomingCall",
    )
    assert run(definition, event="incomingCall", inputs=[reply("menu", event="timeout")]).ending
    wrong = run(definition, event="incomingCall", inputs=[reply("menu", event="hangup")])
    assert wrong.missing_test_data is not None
    assert "the input forces `hangup` on 'menu'" in wrong.missing_test_data
