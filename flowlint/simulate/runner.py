"""Running one case: from the trigger event through the widgets, following transitions, under
Studio's runtime limits.

Limits (studio-domain.md §4 and the error pages in §5): "An Execution will end after 1,000
Steps" (81000): a 1,001st step stops the run; "A Flow Execution will be stopped if the same
Widget is executed 10 times in a row" (81001): the tenth run in a row of one widget stops it.
A transition to a widget that does not exist, and an event with no transition entry at all,
stop the run with the widget and its position; an event whose transition has no `next` ends the
execution normally (Studio's "Ended").
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from flowlint.model.flow import Flow, Widget
from flowlint.simulate.flow_file import FlowFile
from flowlint.simulate.outcome import NeedsTestData, Outcome, RuntimeProblem, RuntimeStop
from flowlint.simulate.rendering import StudioLiquid
from flowlint.simulate.scenario import TRIGGER_KINDS, Case, Ending, Input, Mock
from flowlint.simulate.widgets import run_widget

MAX_STEPS = 1000
MAX_IN_A_ROW = 10
MAX_SUBFLOW_DEPTH = 1
"""Studio does not let a subflow run another subflow (error 81024)."""


@dataclass
class Run:
    """Everything a case can assert about, plus the transitions taken (for coverage)."""

    path: list[str] = field(default_factory=list)
    says: list[str] = field(default_factory=list)
    sends: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    ending: Ending | None = None
    problem: RuntimeProblem | None = None
    missing_test_data: str | None = None
    """Why the case could not run: a widget needed a mock or an input the case does not give."""
    unused_inputs: list[Input] = field(default_factory=list)
    taken: set[tuple[str, int]] = field(default_factory=set)
    """(widget name, transition index) of every transition followed."""
    followed: list[tuple[str, int]] = field(default_factory=list)
    """The same, in the order the run followed them (the scaffold goes the same way again)."""


class Execution:
    """The state of one run of one flow (a subflow gets its own, sharing the contact's inputs
    and the messages heard)."""

    def __init__(
        self,
        flow: Flow,
        case: Case,
        mocks: dict[str, Mock],
        subflows: dict[str, FlowFile],
        inputs: deque[Input],
        liquid: StudioLiquid,
        run: Run,
        depth: int = 0,
    ) -> None:
        self.flow = flow
        self.case = case
        self.mocks = mocks
        self.subflows = subflows
        self.inputs = inputs
        self.liquid = liquid
        self.run = run
        self.depth = depth
        self.says = run.says
        self.sends = run.sends
        self.variables: dict[str, str] = {}
        self.widgets: dict[str, Any] = {}
        fields = dict(case.trigger_fields)
        self.contact_address = str(fields.get("From", fields.get("from", fields.get("Author", ""))))
        self.flow_address = str(fields.get("To", fields.get("to", "")))
        if case.trigger_event in ("incomingRequest", "incomingParent"):
            fields.setdefault("parameters", dict(case.flow_data))
        self.context: dict[str, Any] = {
            "widgets": self.widgets,
            "flow": {
                "variables": self.variables,
                "data": dict(case.flow_data),
                "channel": {"address": self.flow_address},
            },
            "trigger": {TRIGGER_KINDS[case.trigger_event]: fields},
            "contact": {"channel": {"address": self.contact_address}},
        }

    def mock_for(self, widget: Widget) -> Mock | None:
        return self.mocks.get(widget.name or "")

    def next_input(self, widget: Widget, what: str) -> Input:
        """The contact's next input, which must be for this widget."""
        if not self.inputs:
            raise NeedsTestData(
                f"'{widget.label}' ({widget.type}) waits for the contact: add an input "
                f"`{{widget: {widget.label}, {what}}}`"
            )
        if self.inputs[0].widget != widget.name:
            pending = self.inputs[0]
            raise NeedsTestData(
                f"'{widget.label}' waits for the contact, but the next input "
                f"({pending.position}) is for '{pending.widget}'"
            )
        return self.inputs.popleft()

    def subflow(self, flow_sid: str) -> FlowFile | None:
        return self.subflows.get(flow_sid)

    def run_subflow(self, subflow: FlowFile, parameters: dict[str, str]) -> Outcome:
        """Run the subflow's definition from `incomingParent`; its variables come back flat as
        the widget's outputs (studio-domain.md §3)."""
        if self.depth >= MAX_SUBFLOW_DEPTH:
            raise RuntimeStop(RuntimeProblem("81024", "a subflow cannot run another subflow"))
        parent_case = Case(
            self.case.name,
            self.case.position,
            "incomingParent",
            {"parameters": parameters, "From": self.contact_address, "To": self.flow_address},
            dict(parameters),
            self.case.now,
        )
        inner = Run(says=self.says, sends=self.sends)
        execution = Execution(
            subflow.flow,
            parent_case,
            self.mocks,
            {},
            self.inputs,
            self.liquid,
            inner,
            self.depth + 1,
        )
        execution.go()
        if inner.missing_test_data:
            raise NeedsTestData(f"in subflow {subflow.path}: {inner.missing_test_data}")
        if inner.problem is not None:
            return Outcome("failed")
        return Outcome("completed", dict(inner.variables))

    def go(self) -> None:
        """Run the flow to its end; the result lands in `self.run`."""
        try:
            self._steps()
        except NeedsTestData as exc:
            self.run.missing_test_data = str(exc)
        except RuntimeStop as exc:
            self.run.problem = exc.problem
        self.run.variables = dict(self.variables)

    def _steps(self) -> None:
        widget = self._target(self.flow.initial_state, None, None, None)
        in_a_row = 0
        previous: str | None = None
        while True:
            if len(self.run.path) >= MAX_STEPS:
                raise RuntimeStop(
                    RuntimeProblem(
                        "81000",
                        f"the execution exceeded {MAX_STEPS} steps (at '{widget.label}')",
                        widget.label,
                        widget.pointer,
                    )
                )
            in_a_row = in_a_row + 1 if widget.label == previous else 1
            previous = widget.label
            self.run.path.append(widget.label)
            if in_a_row >= MAX_IN_A_ROW:
                raise RuntimeStop(
                    RuntimeProblem(
                        "81001",
                        f"'{widget.label}' ran {MAX_IN_A_ROW} times in a row",
                        widget.label,
                        widget.pointer,
                    )
                )
            outcome = run_widget(self, widget)
            if outcome.outputs and widget.name is not None:
                self.widgets[widget.name] = outcome.outputs
            next_widget = self._follow(widget, outcome)
            if next_widget is None:
                return
            widget = next_widget

    def _follow(self, widget: Widget, outcome: Outcome) -> Widget | None:
        if not widget.transitions:
            self.run.ending = Ending(widget.label, outcome.event or None)
            return None
        if outcome.transition is not None:
            transition = widget.transitions[outcome.transition]
        else:
            found = [t for t in widget.transitions if t.event == outcome.event]
            if not found:
                raise RuntimeStop(
                    RuntimeProblem(
                        "unhandled-event",
                        f"'{widget.label}' raised `{outcome.event}`, which has no transition",
                        widget.label,
                        widget.pointer,
                    )
                )
            transition = found[0]
        if transition.next is None:
            self.run.ending = Ending(widget.label, outcome.event)
            return None
        if widget.name is not None:
            self.run.taken.add((widget.name, transition.index))
            self.run.followed.append((widget.name, transition.index))
        return self._target(transition.next, transition.next_pointer, widget, outcome.event)

    def _target(
        self, name: str | None, pointer: Any, source: Widget | None, event: str | None
    ) -> Widget:
        """The widget called `name`; a missing one stops the run at the transition (or at
        `initial_state`) that names it."""
        target = self.flow.widgets_by_name.get(name or "")
        if target is None:
            origin = (
                f"the `{event}` transition of '{source.label}'" if source else "`initial_state`"
            )
            raise RuntimeStop(
                RuntimeProblem(
                    "missing-widget",
                    f"{origin} goes to '{name}', which is not a widget of the flow",
                    source.label if source else None,
                    pointer if pointer is not None else self.flow.initial_state_pointer,
                )
            )
        return target


def merged_mocks(defaults: dict[str, Mock], overrides: dict[str, Mock]) -> dict[str, Mock]:
    return {**defaults, **overrides}


def run_case(
    flow: Flow,
    case: Case,
    mocks: dict[str, Mock] | None = None,
    subflows: dict[str, FlowFile] | None = None,
) -> Run:
    """Run `case` against `flow` with the file's default `mocks` (the case's own win)."""
    run = Run()
    inputs = deque(case.inputs)
    execution = Execution(
        flow,
        case,
        merged_mocks(mocks or {}, case.mocks),
        subflows or {},
        inputs,
        StudioLiquid(case.now),
        run,
    )
    execution.go()
    run.unused_inputs = list(inputs)
    return run
