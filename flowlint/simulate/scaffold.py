"""`flowlint test --scaffold FLOW`: a starting test file with one case per path to each end of
the flow that the simulator can drive, every case passing against the flow as it is.

Paths are enumerated from the Trigger without visiting a widget twice; a path becomes a case
when it adds a transition or an ending (widget and event) no earlier case has (at most
MAX_CASES cases).
For each path the case is built from what the path needs: the trigger event; an input for each
widget that waits for the contact (a reply or digits chosen to satisfy the next split's
condition, or the forced event); a mock for each widget that reaches the outside world (an HTTP
status for success/failure, else the forced event). The case is then run; only cases whose run
takes exactly the intended path are kept, with that path and ending as the expectation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from flowlint.liquid.references import flow_liquid
from flowlint.model.flow import Flow, Transition
from flowlint.simulate.runner import run_case
from flowlint.simulate.scaffold_data import CaseData
from flowlint.simulate.scaffold_values import subject_taking
from flowlint.simulate.scenario import TRIGGER_KINDS, Case, Input, Mock, Position
from flowlint.simulate.widgets import HTTP_WIDGETS, LOCAL_EVENTS

CLOCK = dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
"""The `now` of cases of flows that read the clock, so the expected messages stay true: a
Monday at 10:00 in Studio's time zone (US Pacific, winter)."""
MAX_CASES = 50
MAX_PATHS = 2000
MAX_STEPS = 1_000_000
MAX_SIMULATED_STEPS = 200_000
"""Widgets the scaffold simulates in all, over the paths it tries (about 10 s): a flow of
thousands of widgets has thousands of deep paths, and writes no more than `MAX_CASES`."""
MAX_LOOP_PATHS = 500
CONTACT = "+15551230000"
TWILIO_NUMBER = "+15559870000"
_WAITING = {"send-and-wait-for-reply", "gather-input-on-call"}
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


def _paths(flow: Flow) -> list[list[Transition | None]]:
    """Every path from the Trigger without repeating a widget: the transitions followed, the
    last entry being the transition that ends the run (None when the widget has none). Then,
    for each transition back to a widget already on its path (a menu's `noMatch` back to the
    menu), one path that takes it once and goes on to an end the way an earlier path did.

    A depth-first walk with an explicit stack (a flow may be thousands of widgets deep), which
    stops at `MAX_PATHS` paths or `MAX_STEPS` transitions followed: the number of paths can be
    exponential in the flow's size."""
    found: list[list[Transition | None]] = []
    loops: list[tuple[list[Transition | None], str]] = []
    start = flow.widgets_by_name.get(flow.initial_state or "")
    if start is None:
        return found
    taken: list[Transition | None] = []
    on_path = [start.label]
    on_path_set = {start.label}
    if not start.transitions:
        found.append([None])
    stack = [iter(start.transitions)]
    steps = 0
    while stack and len(found) < MAX_PATHS and steps < MAX_STEPS:
        transition = next(stack[-1], None)
        if transition is None:  # every way on from this widget was walked: back up
            stack.pop()
            if taken:
                taken.pop()
            on_path_set.discard(on_path.pop())
            continue
        steps += 1
        if transition.next is None:
            found.append([*taken, transition])
            continue
        target = flow.widgets_by_name.get(transition.next)
        if target is None:
            continue
        if target.label in on_path_set:
            if len(loops) < MAX_LOOP_PATHS:
                loops.append(([*taken, transition], transition.next))
            continue
        taken.append(transition)
        on_path.append(target.label)
        on_path_set.add(target.label)
        if not target.transitions:
            found.append([*taken, None])
        stack.append(iter(target.transitions))
    onward = _first_onward(found)
    for prefix, back_to in loops:
        if back_to in onward:
            path, index = onward[back_to]
            found.append([*prefix, *found[path][index:]])
    return found


def _adds_nothing(path: list[Transition | None], covered: set[tuple[str, int]]) -> bool:
    """Whether every transition of `path`, its ending included, is one a case already takes
    (a path that ends at a widget without transitions may still reach a new end)."""
    return all(
        transition is not None and (transition.widget.name or "", transition.index) in covered
        for transition in path
    )


def _first_onward(paths: list[list[Transition | None]]) -> dict[str, tuple[int, int]]:
    """For each widget some path arrives at, where the first such path goes on from it: the
    path's number and the index of the transition after the arrival."""
    onward: dict[str, tuple[int, int]] = {}
    for number, path in enumerate(paths):
        for index, transition in enumerate(path):
            if transition is not None and transition.next is not None:
                onward.setdefault(transition.next, (number, index + 1))
    return onward


def _reads_the_clock(flow: Flow) -> bool:
    """Whether a template may render the current date or time (a `date` filter on "now")."""
    return any(
        "now" in template.source.text.lower() or "today" in template.source.text.lower()
        for template in flow_liquid(flow).templates
    )


def _case_for(
    flow: Flow, path: list[Transition | None], number_: int
) -> tuple[Case, list[str]] | None:
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
            text = subject_taking(widget, transition)
            if text is not None and data.steer(widget, text):
                continue
            if next(t for t in widget.transitions if t.event == wanted) is transition:
                # An input the test cannot steer (a computed value, the clock): force the
                # branch, which a forced `match` can only do for the first match.
                case.mocks[widget.label] = Mock(event=wanted)
            # Else the run decides; the case is kept only if it takes this path.
            continue
        if kind in _WAITING:
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


class _Lines(list[str]):
    """Messages, written one per line (a flow-style list of long texts wraps mid-text)."""


# A SafeDumper of our own, so the representer below does not change yaml.safe_dump elsewhere.
_Dumper: Any = type("_Dumper", (yaml.SafeDumper,), {})


_Dumper.add_representer(
    _Lines,
    lambda dumper, data: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", list(data), flow_style=False
    ),
)


def _mock_yaml(mock: Mock) -> dict[str, Any]:
    if mock.event is not None:
        return {"event": mock.event, **({"outputs": mock.outputs} if mock.outputs else {})}
    return {"status": mock.status, "body": mock.body}


def _input_yaml(given: Input) -> dict[str, Any]:
    for key in ("digits", "speech", "body", "event"):
        value = getattr(given, key)
        if value is not None:
            return {"widget": given.widget, key: value}
    return {"widget": given.widget}


def scaffold(flow: Flow, flow_reference: str) -> Scaffold:
    """A test file for `flow`, naming it as `flow_reference` (relative to the test file)."""
    paths = _paths(flow)
    cases: list[dict[str, Any]] = []
    covered: set[tuple[str, int]] = set()
    endings: set[tuple[str | None, str | None]] = set()
    simulated = 0
    for path in paths:
        if len(cases) >= MAX_CASES or simulated >= MAX_SIMULATED_STEPS:
            break
        if endings and _adds_nothing(path, covered):
            continue  # every transition already covered by a case: not worth simulating
        simulated += len(path)
        built = _case_for(flow, path, len(cases) + 1)
        if built is None:
            continue
        case, intended = built
        run = run_case(flow, case)
        if run.path != intended or run.problem or run.missing_test_data or run.unused_inputs:
            continue
        if len(run.path) < 2:
            continue  # a trigger event the flow does not handle: nothing to test
        ending = (run.ending.widget, run.ending.event) if run.ending else (None, None)
        if run.taken <= covered and ending in endings:
            continue  # nothing new: keeps the file to the cases that add coverage or an end
        covered |= run.taken
        endings.add(ending)
        entry: dict[str, Any] = {"name": f"{' -> '.join(intended[1:]) or 'Trigger'}"}
        kind = TRIGGER_KINDS[case.trigger_event]
        entry["trigger"] = {
            "event": case.trigger_event,
            **({kind: case.trigger_fields} if case.trigger_fields else {}),
        }
        if case.flow_data:
            entry["flow_data"] = case.flow_data
        if case.now is not None:
            entry["now"] = case.now.isoformat()
        if case.mocks:
            entry["mocks"] = {name: _mock_yaml(mock) for name, mock in case.mocks.items()}
        if case.inputs:
            entry["inputs"] = [_input_yaml(given) for given in case.inputs]
        expect: dict[str, Any] = {"path": run.path}
        # What the contact hears and reads, rendered from the mocks' outputs: a change to a
        # message (or to the outputs it reads) fails the case.
        if run.says:
            expect["says"] = _Lines(run.says)
        if run.sends:
            expect["sends"] = _Lines(run.sends)
        if run.ending is not None:
            expect["ends"] = {"widget": run.ending.widget}
            if run.ending.event:
                expect["ends"]["event"] = run.ending.event
        entry["expect"] = expect
        if any(existing["name"] == entry["name"] for existing in cases):
            entry["name"] += f" ({len(cases) + 1})"
        cases.append(entry)
    header = (
        f"# Written by `flowlint test --scaffold`: {_count(len(cases), 'case')} for "
        f"{_count(len(paths), 'path')} to an end of the flow\n"
        "# (paths the simulator could not drive are left out). "
        "`flow` is relative to this file.\n"
    )
    document = {"flow": flow_reference, "cases": cases}
    text = header + yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=None,
    )
    return Scaffold(text, len(cases), len(paths), cases)


def _count(number: int, noun: str) -> str:
    return f"1 {noun}" if number == 1 else f"{number:,} {noun}s"
