"""The JSON Schema (draft-07) of `*.flowtest.yaml` files, for editors: `flowlint schema
--test-file` prints it and editors/flowtest.schema.json is a copy of it.

The loader (`test_file.py`) takes its key sets from here, so a key the schema describes is a key
the loader accepts. The loader's messages stay its own (they name the case and the fix); a
table of documents in tests/simulate/test_test_file_schema.py proves both accept and reject the
same ones. What a schema cannot say (two cases with one name, a `now` that is not a real date)
only the loader reports.
"""

from __future__ import annotations

from typing import Any

from flowlint.simulate.scenario import TRIGGER_EVENTS, TRIGGER_KINDS

SCHEMA_URL = "https://raw.githubusercontent.com/flowlint/flowlint/main/editors/flowtest.schema.json"
"""Where the published copy can be fetched (the `$id`, and the URL the docs give editors)."""

_TEXT: dict[str, Any] = {"type": ["string", "number"]}
"""A scalar the run sees as text: `digits: 1` means "1", as Studio only sees strings."""


def _text(description: str) -> dict[str, Any]:
    return {**_TEXT, "description": description}


def _texts(description: str) -> dict[str, Any]:
    return {"type": "array", "items": _TEXT, "description": description}


_MOCK: dict[str, Any] = {
    "type": "object",
    "description": (
        "What the widget answers instead of the outside world: an HTTP-like response "
        "(run-function, make-http-request) and/or a forced event with its outputs (any widget)."
    ),
    "properties": {
        "status": {
            "type": "integer",
            "description": "The HTTP status of the response, e.g. 200 (a 4xx/5xx fails the widget).",
        },
        "body": {
            "description": (
                "The response body: a mapping or list is sent as JSON (later widgets read it as "
                "`widgets.<name>.parsed`), text as it is."
            ),
        },
        "content_type": _text("The response's Content-Type, e.g. application/json."),
        "event": _text("Force this event of the widget, e.g. completed, timeout, failed."),
        "outputs": {
            "type": "object",
            "description": "What later widgets read as `widgets.<name>.<key>` after the event.",
        },
    },
    "additionalProperties": False,
    "anyOf": [{"required": ["event"]}, {"required": ["status"]}, {"required": ["body"]}],
}

_MOCKS: dict[str, Any] = {
    "type": "object",
    "description": "Mocks by widget name (of the flow or of a subflow it runs).",
    "additionalProperties": {"$ref": "#/definitions/mock"},
}

_TRIGGER_FIELDS = {
    "call": "`trigger.call` fields of an incomingCall, e.g. {From: '+15551230000', To: ...}.",
    "message": "`trigger.message` fields of an incomingMessage, e.g. {Body: 'hi', From: ...}.",
    "request": "`trigger.request` fields of an incomingRequest (REST API execution).",
    "conversation": "`trigger.conversation` fields of an incomingConversationMessage.",
    "parent": "`trigger.parent` fields of an incomingParent (the flow runs as a subflow).",
}

_TRIGGER: dict[str, Any] = {
    "type": "object",
    "description": "How the execution starts: the trigger event and the `trigger.<kind>` fields.",
    "properties": {
        "event": {
            "enum": list(TRIGGER_EVENTS),
            "description": "The trigger event the execution starts with.",
        },
        **{
            kind: {"type": "object", "description": description}
            for kind, description in _TRIGGER_FIELDS.items()
        },
    },
    "required": ["event"],
    "additionalProperties": False,
    # Only the fields of the chosen event's kind: an incomingCall has `call`, not `message`.
    "allOf": [
        {
            "if": {"properties": {"event": {"const": event}}, "required": ["event"]},
            "then": {"propertyNames": {"enum": ["event", kind]}},
        }
        for event, kind in TRIGGER_KINDS.items()
    ],
}

_INPUT: dict[str, Any] = {
    "type": "object",
    "description": (
        "One thing the contact does, consumed in order by the widget that waits for it: "
        "exactly one of digits, speech, body, event."
    ),
    "properties": {
        "widget": _text("The widget that waits for this input (gather, send-and-wait, ...)."),
        "digits": _text("Keys pressed at a gather-input-on-call (its `Digits`)."),
        "speech": _text("What the caller says at a gather-input-on-call (its `SpeechResult`)."),
        "body": _text("The reply to a send-and-wait-for-reply (its `inbound.Body`)."),
        "event": _text("Force the waiting widget's event instead, e.g. timeout."),
    },
    "required": ["widget"],
    "additionalProperties": False,
    "oneOf": [{"required": [key]} for key in ("digits", "speech", "body", "event")],
}

_EXPECT: dict[str, Any] = {
    "type": "object",
    "description": "What the run must do; every key is optional.",
    "properties": {
        "path": _texts("The exact sequence of widgets visited, Trigger first."),
        "visits": _texts("Widgets the run visits, in any order."),
        "says": _texts("say-play and gather prompts, rendered, in order."),
        "sends": _texts("send-message and send-and-wait bodies, rendered, in order."),
        "variables": {
            "type": "object",
            "description": "`flow.variables` at the end of the run (values as text).",
            "additionalProperties": _TEXT,
        },
        "ends": {
            "type": "object",
            "description": "The last widget and the event it ended with.",
            "properties": {
                "widget": _text("The widget the run ends at."),
                "event": _text("The event that widget ends with, e.g. audioComplete."),
            },
            "additionalProperties": False,
        },
        "error": {
            "type": ["string", "number", "null"],
            "description": (
                "The runtime error the run must hit, e.g. 81001 (null or absent: no error)."
            ),
        },
    },
    "additionalProperties": False,
}

_CASE: dict[str, Any] = {
    "type": "object",
    "description": "One scenario: a trigger, the contact's inputs, and what must happen.",
    "properties": {
        "name": _text("The case's name, unique in the file (`flowlint test -k` selects by it)."),
        "trigger": _TRIGGER,
        "flow_data": {
            "type": "object",
            "description": "`flow.data`: the parameters of an incomingRequest or of the parent.",
        },
        "now": {
            "type": "string",
            "description": (
                "The clock for date/time conditions and Liquid, ISO 8601, "
                "e.g. 2026-03-02T10:15:00-08:00."
            ),
        },
        "mocks": {**_MOCKS, "description": "Mocks for this case, overriding the file's."},
        "inputs": {
            "type": "array",
            "description": "What the contact does, in order.",
            "items": {"$ref": "#/definitions/input"},
        },
        "expect": _EXPECT,
    },
    "required": ["name", "trigger"],
    "additionalProperties": False,
}

_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": SCHEMA_URL,
    "title": "flowlint test file (*.flowtest.yaml)",
    "description": "Scenarios `flowlint test` runs offline against a Twilio Studio flow.",
    "type": "object",
    "properties": {
        "flow": _text("The flow definition under test, relative to this file."),
        "subflows": {
            "type": "object",
            "description": "Subflow SID or name -> its definition file, relative to this file.",
            "additionalProperties": _TEXT,
        },
        "mocks": {**_MOCKS, "description": "Mocks every case starts with, by widget name."},
        "cases": {
            "type": "array",
            "description": "The scenarios to run.",
            "items": {"$ref": "#/definitions/case"},
        },
    },
    "required": ["flow", "cases"],
    "additionalProperties": False,
    "definitions": {"case": _CASE, "mock": _MOCK, "input": _INPUT},
}


def flowtest_schema() -> dict[str, Any]:
    """The schema of `*.flowtest.yaml` files (a fresh copy: callers may change it)."""
    import copy

    return copy.deepcopy(_SCHEMA)


def keys_of(*where: str) -> frozenset[str]:
    """The keys the schema allows in the object at `where` (a path of property names and
    definitions), e.g. `keys_of("definitions", "case", "properties", "expect")`."""
    node: Any = _SCHEMA
    for step in where:
        node = node[step]
    return frozenset(node["properties"])
