"""Transition coverage: which of a flow's transitions (entries with a `next` widget) the cases
followed, and where the others are in the flow file.

Like a code coverage tool that leaves provably dead code out of the percentage but lists it, a
transition no run can take is not counted: one on an event its widget's type never raises
(`failed` on a run-function, whose failure event is `fail`: Twilio's Run Function page), one
with no event, and one on an event an earlier transition of the same widget already handles
(Studio follows the first). These are listed apart as "cannot be taken", with the reason and
position, so the mistake stays visible (the `check` rule `invalid-transition-event` reports the
first kind too). Types whose events are not confirmed by Twilio's docs keep all their
transitions in the count: the simulator cannot prove such an event never comes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from flowlint.model.flow import Transition
from flowlint.simulate.flow_file import FlowFile
from flowlint.simulate.widgets import raised_events


@dataclass
class UncoveredTransition:
    widget: str
    event: str
    target: str
    position: str
    """`path:line:column` of the transition in the flow file."""
    line: int
    column: int
    reason: str = ""
    """Why no run can take it (for transitions that cannot be taken); empty otherwise."""


@dataclass
class FlowCoverage:
    flow_file: FlowFile
    total: int = 0
    """Transitions a run could take: the denominator."""
    covered: int = 0
    uncovered: list[UncoveredTransition] = field(default_factory=list)
    cannot_be_taken: list[UncoveredTransition] = field(default_factory=list)
    """Transitions left out of `total` because no run can take them."""

    @property
    def path(self) -> str:
        """The flow's path as reports show it: a test file's `flow: ../x.json` resolved
        against the test file's folder gives `tests/../x.json`; annotations need `x.json`."""
        return os.path.normpath(self.flow_file.path)

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else 100.0 * self.covered / self.total


def why_not_takeable(transition: Transition) -> str | None:
    """Why no run can follow `transition`, or None when one could."""
    widget = transition.widget
    if transition.event is None:
        return "it has no event"
    events = raised_events(widget)
    if events is not None and transition.event not in events:
        return f"event {transition.event} is not an event of {widget.type}"
    if transition.event != "match":
        for earlier in widget.transitions:
            if earlier.index < transition.index and earlier.event == transition.event:
                return f"an earlier transition of '{widget.label}' handles {transition.event}"
    return None


def flow_coverage(flow_file: FlowFile, taken: set[tuple[str, int]]) -> FlowCoverage:
    """Coverage of `flow_file` given the (widget name, transition index) pairs followed."""
    report = FlowCoverage(flow_file)
    for widget in flow_file.flow.widgets:
        for transition in widget.transitions:
            if transition.next is None:
                continue
            reason = why_not_takeable(transition)
            if reason is None:
                report.total += 1
                if widget.name is not None and (widget.name, transition.index) in taken:
                    report.covered += 1
                    continue
            line, column = flow_file.line_column(transition.pointer)
            entry = UncoveredTransition(
                widget.label,
                transition.event or "?",
                transition.next,
                f"{report.path}:{line}:{column}",
                line,
                column,
                reason or "",
            )
            (report.uncovered if reason is None else report.cannot_be_taken).append(entry)
    return report
