"""What running one widget produces, and the ways a run stops early."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from flowlint.model.flow import Widget
from flowlint.source.pointer import Pointer

if TYPE_CHECKING:
    from flowlint.simulate.flow_file import FlowFile
    from flowlint.simulate.rendering import StudioLiquid
    from flowlint.simulate.scenario import Case, Input, Mock


@dataclass
class Outcome:
    """The event a widget raised and the outputs later widgets read as `widgets.<name>.*`.
    `transition` is set when the widget chose one entry itself (a split's matching branch)."""

    event: str
    outputs: dict[str, Any] = field(default_factory=dict)
    transition: int | None = None


class NeedsTestData(Exception):
    """The widget needs the outside world and the case gives no mock or input for it: the
    case fails with this message (never a silent default)."""


@dataclass
class RuntimeProblem:
    """An error Studio would hit at run time: `code` is Studio's error number when it has one
    ("81000", "81001") or a name ("missing-widget", "unhandled-event", "liquid-error")."""

    code: str
    message: str
    widget: str | None = None
    pointer: Pointer | None = None


class RuntimeStop(Exception):
    def __init__(self, problem: RuntimeProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class Execution(Protocol):
    """What a widget sees of the run it is part of (implemented by `runner.Execution`; a
    protocol so that widget behaviours do not import the runner that calls them)."""

    case: Case
    liquid: StudioLiquid
    context: dict[str, Any]
    says: list[str]
    sends: list[str]
    variables: dict[str, str]
    contact_address: str
    flow_address: str

    def mock_for(self, widget: Widget) -> Mock | None: ...

    def next_input(self, widget: Widget, what: str) -> Input: ...

    def subflow(self, flow_sid: str) -> FlowFile | None: ...

    def run_subflow(self, subflow: FlowFile, parameters: dict[str, str]) -> Outcome: ...
