"""`flowlint test --scaffold FLOW`: a starting test file with one case per path to each end of
the flow that the simulator can drive, every case passing against the flow as it is.

Paths are enumerated from the Trigger without visiting a widget twice; a path becomes a case
when it adds a transition or an ending (widget and event) no earlier case has (at most
MAX_CASES cases).
For each path the case is built from what the path needs: the trigger event; an input for each
widget that waits for the contact (a reply or digits chosen to satisfy the next split's
condition, or the forced event); a mock for each widget that reaches the outside world (an HTTP
status for success/failure, else the forced event). The case is then run, and kept when its
run is clean and adds a transition or an ending, with the run's path and ending as the
expectation (usually the intended path; a split the data could not steer may decide another).

Then the paths to a runtime error (scaffold_paths.py: a missing widget, an unhandled event, a
widget back to itself ten times, a loop to the 1,000-step limit) get a case each, at most
MAX_ERROR_CASES, reached the way a written case reached the widget where the error starts;
those expect the `error` instead of an ending.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flowlint.liquid.references import flow_liquid
from flowlint.model.flow import Flow
from flowlint.simulate.runner import Run, run_case
from flowlint.simulate.scaffold_data import CaseData
from flowlint.simulate.scaffold_entry import case_entry, case_name, dump, error_case_name
from flowlint.simulate.scaffold_paths import WAITING, Steps, adds_nothing, first_onward, walk
from flowlint.simulate.scaffold_values import subject_taking, takes
from flowlint.simulate.scenario import TRIGGER_KINDS, Case, Input, Mock, Position
from flowlint.simulate.widgets import HTTP_WIDGETS, LOCAL_EVENTS

CLOCK = dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
"""The `now` of cases of flows that read the clock, so the expected messages stay true: a
Monday at 10:00 in Studio's time zone (US Pacific, winter)."""
MAX_CASES = 50
MAX_ERROR_CASES = 25
"""Cases that end in a runtime error, on top of `MAX_CASES`: one per distinct error."""
MAX_SIMULATED_STEPS = 200_000
"""Widgets the scaffold simulates in all, over the paths it tries (about 10 s): a flow of
thousands of widgets has thousands of deep paths, and writes no more than `MAX_CASES`."""
MAX_SIMULATED_COVERAGE_STEPS = 100_000
"""The same for the short paths through each transition the walk's paths left uncovered."""
MAX_SIMULATED_ERROR_STEPS = 50_000
"""The same for the paths to a runtime error (fifty loops run to the 1,000-step limit): the
written file grows with the steps, and writing it takes longer than simulating."""
CONTACT = "+15551230000"
TWILIO_NUMBER = "+15559870000"
_NATURAL_EVENTS = {
    "set-variables": "next",
    "split-based-on": None,
    "send-message": "sent",
    "say-play": "audioComplete",
    **LOCAL_EVENTS,
}


@dataclass
class Scaffold:
    text: str
    driven: int
    paths: int
    cases: list[dict[str, Any]] = field(default_factory=list)


def _reads_the_clock(flow: Flow) -> bool:
    """Whether a template may render the current date or time (a `date` filter on "now")."""
    return any(
        "now" in template.source.text.lower() or "today" in template.source.text.lower()
        for template in flow_liquid(flow).templates
    )


def _case_for(
    flow: Flow, path: Steps, number_: int, force_splits: bool = True
) -> tuple[Case, list[str]] | None:
    """The test data that should make a run take `path`, and the widgets it should visit;
    None when the path does not start from the Trigger. With `force_splits` off, a split whose
    input cannot be steered is left to the run (which then may take another path)."""
    first = path[0]
    if first is None or first.event not in TRIGGER_KINDS:
        return None
    event = first.event
    fields: dict[str, Any] = {}
    if event in ("incomingCall", "incomingMessage", "incomingConversationMessage"):
        fields = {"From": CONTACT, "To": TWILIO_NUMBER}
    elif event == "incomingRequest":
        fields = {"from": CONTACT, "to": TWILIO_NUMBER}
    position = Position(Path("<scaffold>"), 1, 1)
    case = Case(f"path {number_}", position, event, fields)
    if _reads_the_clock(flow):
        case.now = CLOCK
    data = CaseData(case)
    data.ran.append(first.widget)
    intended = [first.widget.label]
    for index, transition in enumerate(path[1:], start=1):
        previous = path[index - 1]
        widget = flow.widgets_by_name.get(previous.next or "") if previous else None
        if widget is None:
            return None
        intended.append(widget.label)
        data.ran.append(widget)
        if transition is None:
            break
        wanted = transition.event or ""
        kind = widget.type or ""
        if kind == "split-based-on":
            given = data.given(widget)
            if given is not None and takes(widget, transition, given):
                continue  # an earlier split on the same value already steers this one
            text = subject_taking(widget, transition)
            if text is not None and data.steer(widget, text):
                continue
            first_taking = next((t for t in widget.transitions if t.event == wanted), None)
            if force_splits and first_taking is transition:
                # An input the test cannot steer (a computed value, the clock): force the
                # branch, which a forced `match` can only do for the first match.
                case.mocks[widget.label] = Mock(event=wanted)
            # Else the run decides; the case is kept only if it takes this path.
            continue
        if kind in WAITING:
            natural = {"incomingMessage": "body", "keypress": "digits", "speech": "speech"}
            slot = natural.get(wanted)
            found = Input(widget.label, position)
            if slot is None:
                found.event = wanted
            else:
                setattr(found, slot, "hello")
            case.inputs.append(found)
            continue
        if kind in HTTP_WIDGETS:
            success, _ = HTTP_WIDGETS[kind]
            case.mocks[widget.label] = (
                Mock(status=200, body={}) if wanted == success else Mock(status=500, body="error")
            )
            continue
        if kind == "trigger" or _NATURAL_EVENTS.get(kind) == wanted:
            continue
        case.mocks[widget.label] = Mock(event=wanted)
    data.fill_mocks()
    return case, intended


def scaffold(flow: Flow, flow_reference: str) -> Scaffold:
    """A test file for `flow`, naming it as `flow_reference` (relative to the test file)."""
    found = walk(flow)
    written = _Written()
    driven: list[Steps] = []
    # The walk's paths first, then one short path through each transition they left
    # uncovered (many splits in a row: the walk's paths all vary the last few), each group
    # with its own budget.
    for paths, budget in (
        (found.paths, MAX_SIMULATED_STEPS),
        (found.coverage, MAX_SIMULATED_COVERAGE_STEPS),
    ):
        for path in paths:
            if len(written.cases) >= MAX_CASES or budget <= 0:
                break
            if written.endings and adds_nothing(path, written.covered):
                continue  # every transition already covered by a case: not worth simulating
            budget -= _try_path(flow, path, written, driven)
    # Paths to a runtime error have their own budget and cap, so that a flow with many ends
    # still gets them, and its regression tests pin how it fails too.
    # The way to the error's widget is first the way a written case took (its test data is
    # known to drive it), then the walk's own.
    arrivals = first_onward(driven)
    budget = MAX_SIMULATED_ERROR_STEPS
    errors = 0
    for error_path in found.errors:
        arrival = arrivals.get(error_path.at)
        ways = [driven[arrival[0]][: arrival[1]]] if arrival else []
        if not ways or ways[0] != error_path.prefix:
            ways.append(error_path.prefix)
        for prefix in ways:
            if errors >= MAX_ERROR_CASES or budget <= 0:
                break
            steps = error_path.steps(prefix)
            budget -= len(steps)
            built = _case_for(flow, steps, 0, force_splits=not error_path.repeats)
            if built is None:
                continue
            error_run = run_case(flow, built[0])
            problem = error_run.problem
            if problem is None or not _ends_in(error_run, error_path.code, built[1]):
                continue
            if (problem.code, problem.message) not in written.errors:
                written.errors.add((problem.code, problem.message))
                errors += 1
                written.add(built[0], error_run, error_case_name(error_run.path, problem.code))
            break
    cases = written.cases
    header = (
        f"# Written by `flowlint test --scaffold`: {_count(len(cases), 'case')} for "
        f"{_count(len(found.paths), 'path')} to an end of the flow"
        + (f" and {_count(len(found.errors), 'path')} to a runtime error" if found.errors else "")
        + "\n# (paths the simulator could not drive are left out). "
        "`flow` is relative to this file.\n"
    )
    text = header + dump({"flow": flow_reference, "cases": cases})
    return Scaffold(text, len(cases), len(found.paths), cases)


def _try_path(flow: Flow, path: Steps, written: _Written, driven: list[Steps]) -> int:
    """Build the case for `path`, run it, and write it when its run is clean and adds a
    transition or an ending (the way it went joins `driven`); returns the widgets simulated."""
    spent = len(path)
    forced = _case_for(flow, path, len(written.cases) + 1)
    if forced is None:
        return spent
    # A split the case cannot steer is forced by a mock; where that split can go back along
    # the path, the flow's own conditions may take the run round the loop instead (a retry
    # counter goes round and gives up): that run, a real one, is tried too, and kept like any
    # other if it adds coverage.
    tries = [forced]
    if _forces_a_loop_split(flow, path, forced[0]):
        unforced = _case_for(flow, path, len(written.cases) + 1, force_splits=False)
        if unforced is not None:
            spent += len(path)
            tries.append(unforced)
    for case, _ in tries:
        run = run_case(flow, case)
        spent += max(0, len(run.path) - len(path))  # a loop the flow went round
        if run.problem or run.missing_test_data or run.unused_inputs or len(run.path) < 2:
            continue  # (a path of the Trigger alone: an event the flow does not handle)
        ending = (run.ending.widget, run.ending.event) if run.ending else (None, None)
        if run.taken <= written.covered and ending in written.endings:
            continue  # nothing new: keeps the file to the cases that add coverage or an end
        written.endings.add(ending)
        written.add(case, run, case_name(run.path))
        driven.append(_followed(flow, run))
    return spent


def _followed(flow: Flow, run: Run) -> Steps:
    """The transitions the run followed, in order (the path it took, where the case's data is
    known to lead)."""
    steps: Steps = []
    for name, index in run.followed:
        widget = flow.widgets_by_name.get(name)
        if widget is None or index >= len(widget.transitions):
            return []  # not expected (the runner finds widgets the same way): no way to reuse
        steps.append(widget.transitions[index])
    return steps


def _forces_a_loop_split(flow: Flow, path: Steps, case: Case) -> bool:
    """Whether the case forces a split that has a transition back to a widget of `path`."""
    on_path = {transition.widget.name for transition in path if transition is not None}
    for name in case.mocks:
        split = flow.widgets_by_name.get(name)
        if split is None or split.type != "split-based-on":
            continue
        if any(transition.next in on_path for transition in split.transitions):
            return True
    return False


def _ends_in(run: Run, code: str, intended: list[str]) -> bool:
    """Whether the run took the intended path to the error `code`, with the case's data."""
    if run.problem is None or run.problem.code != code or run.path != intended:
        return False
    return not run.missing_test_data and not run.unused_inputs


@dataclass
class _Written:
    """The cases written so far, and what they cover."""

    cases: list[dict[str, Any]] = field(default_factory=list)
    covered: set[tuple[str, int]] = field(default_factory=set)
    endings: set[tuple[str | None, str | None]] = field(default_factory=set)
    errors: set[tuple[str, str]] = field(default_factory=set)
    """(code, message) of each runtime error a case ends in."""

    def add(self, case: Case, run: Run, name: str) -> None:
        self.covered |= run.taken
        entry = case_entry(case, run, name)
        if any(existing["name"] == entry["name"] for existing in self.cases):
            entry["name"] += f" ({len(self.cases) + 1})"
        self.cases.append(entry)


def _count(number: int, noun: str) -> str:
    return f"1 {noun}" if number == 1 else f"{number:,} {noun}s"
