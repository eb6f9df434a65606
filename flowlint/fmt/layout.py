"""The key order the Studio Console exports, and how to put a definition's keys in it.

Every order here was read off the corpus of real flows (tests/fmt/test_console_layout.py
re-derives them and docs/fmt.md gives the evidence): the Console writes the same order for
the top level, widgets, transitions, split conditions, offsets and key/value entries every
time, and one order per widget type for the `properties` of the types listed in
`PROPERTY_ORDERS`. For the other widget types the Console itself writes several orders (it
serialises each widget's form state as it was built), so no order is canonical and the file's
own order is kept.

Keys an order does not know stay where they are relative to the known key before them, so an
unknown key never jumps across the object and sorting twice changes nothing.
"""

from __future__ import annotations

from typing import Any

DEFINITION_ORDER = ("description", "states", "initial_state", "flags")
WIDGET_ORDER = ("name", "type", "transitions", "properties")
TRANSITION_ORDER = ("next", "event", "conditions")
CONDITION_ORDER = ("friendly_name", "arguments", "type", "value")
OFFSET_ORDER = ("x", "y")
KEY_VALUE_ORDER = ("index", "type", "value", "key")
"""Entries of `parameters`, `variables` and `configurations`: the Console writes the value
before the key."""
KEY_VALUE_LISTS = ("parameters", "variables", "configurations")

PROPERTY_ORDERS: dict[str, tuple[str, ...]] = {
    "trigger": ("offset",),
    "split-based-on": ("input", "offset"),
    "set-variables": ("variables", "offset"),
    "send-message": (
        "offset",
        "service",
        "channel",
        "from",
        "attributes",
        "message_type",
        "to",
        "body",
        "content_sid",
        "media_url",
    ),
    "send-and-wait-for-reply": (
        "offset",
        "service",
        "channel",
        "from",
        "attributes",
        "message_type",
        "body",
        "content_sid",
        "media_url",
        "timeout",
    ),
    "run-function": (
        "service_sid",
        "environment_sid",
        "offset",
        "function_sid",
        "parameters",
        "url",
    ),
    "make-http-request": (
        "offset",
        "method",
        "content_type",
        "add_twilio_auth",
        "body",
        "parameters",
        "url",
    ),
    "run-subflow": ("flow_sid", "flow_revision", "offset", "parameters"),
    "add-twiml-redirect": ("offset", "method", "url", "timeout"),
    "connect-call-to": ("offset", "caller_id", "noun", "to", "timeout"),
    "send-to-auto-pilot": (
        "chat_channel",
        "offset",
        "autopilot_assistant_sid",
        "from",
        "chat_service",
        "body",
        "target_task",
        "timeout",
    ),
}
"""Widget type → the Console's order of its properties, for the types whose exports in the
corpus (three files or more) always agree."""


def ordered(members: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """`members` with the keys of `order` in that order; every other key travels with the
    known key before it (keys before any known key stay first)."""
    rank = {key: position for position, key in enumerate(order)}
    groups: list[tuple[int, list[str]]] = [(-1, [])]
    for key in members:
        if key in rank:
            groups.append((rank[key], [key]))
        else:
            groups[-1][1].append(key)
    groups.sort(key=lambda group: group[0])  # stable: equal ranks cannot occur (unique keys)
    return {key: members[key] for _, keys in groups for key in keys}


def console_definition(definition: dict[str, Any]) -> dict[str, Any]:
    """A flow definition with its keys in the Console's order (values are not touched)."""
    result = ordered(definition, DEFINITION_ORDER)
    states = result.get("states")
    if isinstance(states, list):
        result["states"] = [
            _widget(state) if isinstance(state, dict) else state for state in states
        ]
    return result


def _widget(widget: dict[str, Any]) -> dict[str, Any]:
    result = ordered(widget, WIDGET_ORDER)
    transitions = result.get("transitions")
    if isinstance(transitions, list):
        result["transitions"] = [
            _transition(item) if isinstance(item, dict) else item for item in transitions
        ]
    properties = result.get("properties")
    if isinstance(properties, dict):
        widget_type = result.get("type")
        result["properties"] = _properties(
            properties, widget_type if isinstance(widget_type, str) else None
        )
    return result


def _transition(transition: dict[str, Any]) -> dict[str, Any]:
    result = ordered(transition, TRANSITION_ORDER)
    conditions = result.get("conditions")
    if isinstance(conditions, list):
        result["conditions"] = [
            ordered(item, CONDITION_ORDER) if isinstance(item, dict) else item
            for item in conditions
        ]
    return result


def _properties(properties: dict[str, Any], widget_type: str | None) -> dict[str, Any]:
    order = PROPERTY_ORDERS.get(widget_type or "")
    result = ordered(properties, order) if order else dict(properties)
    offset = result.get("offset")
    if isinstance(offset, dict):
        result["offset"] = ordered(offset, OFFSET_ORDER)
    for name in KEY_VALUE_LISTS:
        entries = result.get(name)
        if isinstance(entries, list):
            result[name] = [
                ordered(item, KEY_VALUE_ORDER) if isinstance(item, dict) else item
                for item in entries
            ]
    return result
