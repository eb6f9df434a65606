"""What a test file says, as typed objects: the cases, their trigger, inputs, mocks and
expectations (the format of issue #18, read by `test_file`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TRIGGER_EVENTS = (
    "incomingCall",
    "incomingMessage",
    "incomingRequest",
    "incomingConversationMessage",
    "incomingParent",
)

TRIGGER_KINDS = {
    "incomingCall": "call",
    "incomingMessage": "message",
    "incomingRequest": "request",
    "incomingConversationMessage": "conversation",
    "incomingParent": "parent",
}
"""Trigger event -> the `trigger.<kind>` key its fields appear under (studio-domain.md §3)."""


@dataclass
class Position:
    path: Path
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass
class Mock:
    """What a widget that reaches the outside world answers: an HTTP-like response
    (`status`, `body`, `content_type`) and/or a forced `event` with its `outputs`."""

    event: str | None = None
    outputs: dict[str, Any] = field(default_factory=dict)
    status: int | None = None
    body: Any = None
    content_type: str | None = None


@dataclass
class Input:
    """One thing the contact does, consumed in order by the widget that waits for it."""

    widget: str
    position: Position
    digits: str | None = None
    speech: str | None = None
    body: str | None = None
    event: str | None = None


@dataclass
class Ending:
    widget: str | None = None
    event: str | None = None


@dataclass
class Expectation:
    path: list[str] | None = None
    visits: list[str] | None = None
    says: list[str] | None = None
    sends: list[str] | None = None
    variables: dict[str, str] | None = None
    ends: Ending | None = None
    error: str | None = None
    """The runtime error the run must hit ("81001", "unhandled-event", ...); None: no error."""
    expects_error: bool = False
    """Whether the case says anything about `error` (an absent `error` means no error too)."""


@dataclass
class Case:
    name: str
    position: Position
    trigger_event: str
    trigger_fields: dict[str, Any] = field(default_factory=dict)
    flow_data: dict[str, Any] = field(default_factory=dict)
    now: dt.datetime | None = None
    mocks: dict[str, Mock] = field(default_factory=dict)
    inputs: list[Input] = field(default_factory=list)
    expect: Expectation = field(default_factory=Expectation)


@dataclass
class TestFile:
    __test__ = False  # not a pytest test class, despite its name

    path: Path
    flow_path: Path
    subflows: dict[str, Path] = field(default_factory=dict)
    mocks: dict[str, Mock] = field(default_factory=dict)
    cases: list[Case] = field(default_factory=list)
