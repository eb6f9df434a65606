"""What a Studio Liquid template can read, for completion and hover.

Widget outputs come from the catalog (`x-flowlint.outputs` of each widget schema); this module
holds the rest of the context Studio provides: `flow`, `trigger` and `contact` (see
/work/shared/reference/studio-domain.md §3). A key maps to a description, or to a dict of the
keys below it.
"""

from __future__ import annotations

from typing import Any

from flowlint.model.catalog import widget_type
from flowlint.model.flow import Widget

ContextTree = dict[str, Any]

_MESSAGE = {
    "Body": "Text of the incoming message",
    "From": "Sender's address",
    "To": "Your Twilio address that received it",
    "MessageSid": "SID of the message",
    "AccountSid": "Your account SID",
    "MessagingServiceSid": "Messaging Service SID, when one received it",
    "NumMedia": "Number of media attachments",
    "MediaUrl0": "URL of the first attachment",
    "ChannelSid": "Conversations/Chat channel SID",
    "InstanceSid": "Chat service instance SID",
    "ChannelAttributes": "Channel attributes (JSON, parsed): from, channel_type, ...",
    "FromCity": "Sender's city (when known)",
    "FromState": "Sender's state (when known)",
    "FromZip": "Sender's ZIP code (when known)",
    "FromCountry": "Sender's country (when known)",
    "AddOns": "Results of installed Add-ons",
}

_CALL = {
    "From": "Caller's number",
    "To": "The number called",
    "Caller": "Caller ID",
    "CallSid": "SID of the call",
    "AccountSid": "Your account SID",
    "CallStatus": "Status of the call",
    "Direction": "inbound or outbound",
    "FromCity": "Caller's city (when known)",
    "FromState": "Caller's state (when known)",
    "FromCountry": "Caller's country (when known)",
    "AddOns": "Results of installed Add-ons",
}

TRIGGER: ContextTree = {
    "message": {"_doc": "The incoming message (incomingMessage trigger)", **_MESSAGE},
    "call": {"_doc": "The incoming call (incomingCall trigger)", **_CALL},
    "conversation": {
        "_doc": "The Conversations message (incomingConversationMessage trigger)",
        "Body": "Text of the message",
        "Author": "Who wrote it",
        "From": "Sender's address",
        "ConversationSid": "SID of the conversation",
        "MessageSid": "SID of the message",
        "ParticipantSid": "SID of the participant",
        "AccountSid": "Your account SID",
    },
    "request": {
        "_doc": "The REST API request that started the execution (incomingRequest trigger)",
        "from": "The `From` of the Execution request",
        "to": "The `To` of the Execution request",
        "parameters": "The `Parameters` JSON of the request",
    },
    "parent": {
        "_doc": "The parent flow, when this flow runs as a subflow (incomingParent trigger)",
        "parameters": "Parameters the parent passed",
        "step_sid": "SID of the parent's step",
        "execution_sid": "SID of the parent's execution",
        "flow_sid": "SID of the parent flow",
        "trigger_type": "How the parent was triggered",
    },
}

TRIGGER_EVENTS = {
    "incomingMessage": "message",
    "incomingCall": "call",
    "incomingConversationMessage": "conversation",
    "incomingRequest": "request",
    "incomingParent": "parent",
}
"""Trigger event → the key of `trigger` it fills (`trigger.message` for incomingMessage)."""

FLOW: ContextTree = {
    "variables": "Variables set by set-variables widgets: `flow.variables.<key>`",
    "data": "The `Parameters` JSON of a REST API execution: `flow.data.<name>`",
    "channel": {"_doc": "The Twilio side of the conversation", "address": "Your Twilio address"},
    "flow_sid": "SID of this flow",
    "sid": "SID of this execution (not of the flow)",
}

CONTACT: ContextTree = {
    "channel": {
        "_doc": "The end user's side of the conversation",
        "address": "The end user's address",
    },
}

ROOTS: ContextTree = {
    "widgets": "Outputs of the widgets that ran before: `widgets.<name>.<output>`",
    "flow": {"_doc": "The flow and its execution", **FLOW},
    "trigger": {"_doc": "Data of the event that started the execution", **TRIGGER},
    "contact": {"_doc": "The end user", **CONTACT},
}


def children(tree: ContextTree) -> dict[str, str]:
    """Keys below a node with a one-line description each."""
    found = {}
    for key, value in tree.items():
        if key == "_doc":
            continue
        found[key] = value.get("_doc", "") if isinstance(value, dict) else str(value)
    return found


def lookup(path: tuple[str, ...]) -> ContextTree | str | None:
    """The context node at `path` (`("trigger", "message")`), or None if unknown."""
    node: Any = ROOTS
    for key in path:
        if not isinstance(node, dict) or key not in node or key == "_doc":
            return None
        node = node[key]
    return node  # type: ignore[no-any-return]


def describe(node: ContextTree | str | None) -> str:
    if isinstance(node, dict):
        return str(node.get("_doc", ""))
    return node or ""


def widget_outputs(widget: Widget, path: tuple[str, ...] = ()) -> dict[str, str]:
    """The outputs a widget exposes below `path` (`("outbound",)` for send-message), as
    name → value type; set-variables widgets also mirror their keys."""
    known = widget_type(widget.type)
    outputs: Any = known.outputs if known is not None and known.outputs else {}
    for key in path:
        outputs = outputs.get(key) if isinstance(outputs, dict) else None
        if outputs is None:
            return {}
    found = {}
    if isinstance(outputs, dict):
        for key, value in outputs.items():
            if key != "*":
                found[key] = (
                    "fields: " + ", ".join(value) if isinstance(value, dict) else str(value)
                )
    if widget.type == "set-variables" and not path:
        for entry in widget.properties.get("variables") or []:
            if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                found.setdefault(entry["key"], "a variable this widget sets")
    return found
