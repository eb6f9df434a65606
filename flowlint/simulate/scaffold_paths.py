"""The paths `--scaffold` tries: every way from the Trigger to an end of the flow, and every way
to a runtime error Studio would stop the execution with.

A path is the list of transitions followed from the Trigger; its last entry is the transition
that ends the run, or None when the last widget runs and nothing follows it (a widget without
transitions; or the run stops before it runs: the tenth run in a row, error 81001).

Error paths (studio-domain.md §4 and the error pages in §5), at most one per widget and kind:
- a transition to a widget the flow does not have (`missing-widget`);
- an event the widget's type raises with no transition entry at all (`unhandled-event`):
  the path ends with a transition made up for the case (`index` -1, no `next`);
- a transition of a widget back to itself (a gather's `timeout` re-asking): taken nine times,
  the tenth run stops with 81001;
- a longer loop that needs nothing from the contact (no widget waits for a reply), taken until
  the run reaches 1,000 steps, where it stops with 81000.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flowlint.model.flow import Flow, Transition, Widget
from flowlint.simulate.runner import MAX_IN_A_ROW
from flowlint.simulate.runner import MAX_STEPS as MAX_RUN_STEPS
from flowlint.simulate.widgets import raised_events

Steps = list[Transition | None]

MAX_PATHS = 2000
MAX_STEPS = 1_000_000
"""Transitions the walk follows in all: the number of paths can be exponential in the flow's
size."""
MAX_LOOP_PATHS = 500
MAX_ONWARD = 3
"""Ways on after a loop, tried for each loop (see `_onwards`)."""
MAX_ERROR_PATHS = 200
MAX_ENDLESS_LOOPS = 10
"""Loops taken until 81000: each is a path of 1,000 transitions."""
WAITING = frozenset({"send-and-wait-for-reply", "gather-input-on-call"})
_NEVER_UNHANDLED = {
    # A split raises `match` only through a `match` transition; a gather hears speech only
    # when speech recognition is on, which its properties do not always say.
    ("split-based-on", "match"),
    ("gather-input-on-call", "speech"),
}


@dataclass
class ErrorPath:
    """A way from the Trigger to widget `at` (`prefix`), then from `at` to a runtime error."""

    prefix: Steps
    at: str
    """The name of the widget where the way to the error leaves the path to it."""
    tail: Steps
    code: str
    """The runtime error the run is meant to end in: "missing-widget", "81001", ..."""
    repeats: bool = False
    """Whether the path goes round a loop more than once (then no split may be forced: a
    forced split would keep a loop going that the flow's own condition would leave)."""

    def steps(self, prefix: Steps | None = None) -> Steps:
        """The whole path, from `prefix` (another way to `at`) or the walk's own."""
        steps: Steps = list(self.prefix if prefix is None else prefix)
        if self.code != "81000":
            return [*steps, *self.tail]
        while len(steps) < MAX_RUN_STEPS:
            steps.extend(self.tail[: MAX_RUN_STEPS - len(steps)])
        return steps


@dataclass
class Walk:
    paths: list[Steps] = field(default_factory=list)
    errors: list[ErrorPath] = field(default_factory=list)


class _Errors:
    """The error paths found so far, one per widget and kind of error. Each method checks
    that there is room before copying the path (the walk calls them at every step)."""

    def __init__(self) -> None:
        self.found: list[ErrorPath] = []
        self.seen: set[tuple[str, str, int]] = set()
        self.endless_loops = 0

    def room(self, key: tuple[str, str, int]) -> bool:
        if len(self.found) >= MAX_ERROR_PATHS or key in self.seen:
            return False
        self.seen.add(key)
        return True

    def missing_target(self, taken: list[Transition], transition: Transition) -> None:
        at = transition.widget.name or ""
        if self.room(("missing-widget", at, transition.index)):
            self.found.append(ErrorPath([*taken], at, [transition], "missing-widget"))

    def unhandled(self, taken: list[Transition], widget: Widget) -> None:
        if not widget.transitions or widget.type == "trigger":
            return
        events = raised_events(widget)
        if events is None:
            return
        handled = {transition.event for transition in widget.transitions}
        for event in sorted(events - handled):
            if (widget.type, event) in _NEVER_UNHANDLED:
                continue
            if self.room(("unhandled-event:" + event, widget.name or "", 0)):
                made_up = Transition(widget, -1, widget.pointer, {}, event, None)
                self.found.append(
                    ErrorPath([*taken], widget.name or "", [made_up], "unhandled-event")
                )

    def back_to_itself(self, taken: list[Transition], transition: Transition) -> None:
        at = transition.widget.name or ""
        if self.room(("81001", at, 0)):
            again: Steps = [*[transition] * (MAX_IN_A_ROW - 1), None]
            self.found.append(ErrorPath([*taken], at, again, "81001", repeats=True))

    def endless(self, taken: list[Transition], start: int, back: Transition) -> None:
        """The loop from the widget `taken[start]` leaves, round to it again by `back`."""
        if self.endless_loops >= MAX_ENDLESS_LOOPS or back.widget.type in WAITING:
            return
        if not self.room(("81000", back.widget.name or "", back.index)):
            return
        self.endless_loops += 1  # counts the loops given up below too: each costs a copy
        loop = [*taken[start:], back]
        if any(transition.widget.type in WAITING for transition in loop):
            return  # hundreds of replies: no test anyone would read
        at = loop[0].widget.name or ""
        self.found.append(ErrorPath([*taken[:start]], at, [*loop], "81000", repeats=True))


def walk(flow: Flow) -> Walk:
    """Every path from the Trigger without repeating a widget, then for each transition back to
    a widget already on its path (a menu's `noMatch` back to the menu) one path that takes it
    once and goes on to an end the way earlier paths did (up to `MAX_ONWARD` ways); and the
    error paths.

    A depth-first walk with an explicit stack (a flow may be thousands of widgets deep), which
    stops at `MAX_PATHS` paths or `MAX_STEPS` transitions followed."""
    result = Walk()
    found = result.paths
    errors = _Errors()
    loops: list[tuple[Steps, str]] = []
    start = flow.widgets_by_name.get(flow.initial_state or "")
    if start is None:
        return result
    taken: list[Transition] = []
    on_path = [start.label]
    where_on_path = {start.label: 0}
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
            del where_on_path[on_path.pop()]
            continue
        steps += 1
        if transition.next is None:
            found.append([*taken, transition])
            continue
        target = flow.widgets_by_name.get(transition.next)
        if target is None:
            errors.missing_target(taken, transition)
            continue
        if target.label in where_on_path:
            if len(loops) < MAX_LOOP_PATHS:
                loops.append(([*taken, transition], transition.next))
            if target is transition.widget:
                errors.back_to_itself(taken, transition)
            else:
                errors.endless(taken, where_on_path[target.label], transition)
            continue
        taken.append(transition)
        where_on_path[target.label] = len(on_path)
        on_path.append(target.label)
        errors.unhandled(taken, target)
        if not target.transitions:
            found.append([*taken, None])
        stack.append(iter(target.transitions))
    onward = _onwards(found)
    for prefix, back_to in loops:
        for path, index in onward.get(back_to, []):
            found.append([*prefix, *found[path][index:]])
    result.errors = errors.found
    return result


def adds_nothing(path: Steps, covered: set[tuple[str, int]]) -> bool:
    """Whether every transition of `path`, its ending included, is one a case already takes
    (a path that ends at a widget without transitions may still reach a new end)."""
    return all(
        transition is not None and (transition.widget.name or "", transition.index) in covered
        for transition in path
    )


def _onwards(paths: list[Steps]) -> dict[str, list[tuple[int, int]]]:
    """For each widget some path arrives at, the first `MAX_ONWARD` different ways paths go
    on from it (path number, index of the transition after the arrival). A loop goes on in
    each: the first may need a split the loop passed through to go another way, which one
    case cannot force twice (a mock answers the same every time)."""
    onward: dict[str, list[tuple[int, int]]] = {}
    ways: dict[str, set[tuple[Transition | None, Transition | str | None]]] = {}
    for number, path in enumerate(paths):
        # A way on: its first transition and where it ends (another end is another way).
        last, before = path[-1], path[-2] if len(path) > 1 else None
        end = last if last is not None else (before.next if before is not None else None)
        for index, transition in enumerate(path):
            if transition is None or transition.next is None:
                continue
            way = (path[index + 1] if index + 1 < len(path) else None, end)
            known = ways.setdefault(transition.next, set())
            if len(known) < MAX_ONWARD and way not in known:
                known.add(way)
                onward.setdefault(transition.next, []).append((number, index + 1))
    return onward


def first_onward(paths: list[Steps]) -> dict[str, tuple[int, int]]:
    """For each widget some path arrives at, where the first such path goes on from it: the
    path's number and the index of the transition after the arrival."""
    onward: dict[str, tuple[int, int]] = {}
    for number, path in enumerate(paths):
        for index, transition in enumerate(path):
            if transition is not None and transition.next is not None:
                onward.setdefault(transition.next, (number, index + 1))
    return onward
