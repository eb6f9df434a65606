"""Transition coverage: which of a flow's transitions (entries with a `next` widget) the cases
followed, and where the others are in the flow file."""

from __future__ import annotations

from dataclasses import dataclass, field

from flowlint.simulate.flow_file import FlowFile


@dataclass
class UncoveredTransition:
    widget: str
    event: str
    target: str
    position: str
    """`path:line:column` of the transition in the flow file."""
    line: int
    column: int


@dataclass
class FlowCoverage:
    flow_file: FlowFile
    total: int = 0
    covered: int = 0
    uncovered: list[UncoveredTransition] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else 100.0 * self.covered / self.total


def flow_coverage(flow_file: FlowFile, taken: set[tuple[str, int]]) -> FlowCoverage:
    """Coverage of `flow_file` given the (widget name, transition index) pairs followed."""
    report = FlowCoverage(flow_file)
    for widget in flow_file.flow.widgets:
        for transition in widget.transitions:
            if transition.next is None:
                continue
            report.total += 1
            if widget.name is not None and (widget.name, transition.index) in taken:
                report.covered += 1
                continue
            line, column = flow_file.line_column(transition.pointer)
            report.uncovered.append(
                UncoveredTransition(
                    widget.label,
                    transition.event or "?",
                    transition.next,
                    flow_file.position(transition.pointer),
                    line,
                    column,
                )
            )
    return report
