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

import heapq
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
    coverage: list[Steps] = field(default_factory=list)
    """One short path through each transition (`coverage_paths`), tried after `paths`."""


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
    result = Walk(coverage=coverage_paths(flow))
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


def coverage_paths(flow: Flow) -> list[Steps]:
    """For each transition no earlier path takes, the shortest way from the Trigger to its
    widget, the transition, and the shortest way on to an end: one path per new transition.

    The walk enumerates paths depth first, so in a flow of many splits in a row (each
    rejoining the next) its first thousands of paths all vary the last few splits and the
    early ones are never taken another way; these paths reach every transition. Two
    searches (from the Trigger, and back from the ends), preferring ways through fewer split
    conditions and then shorter ones, make each path a walk along two trees; the paths hold
    at most `MAX_STEPS` transitions in all."""
    start = flow.widgets_by_name.get(flow.initial_state or "")
    if start is None:
        return []
    arrive = _ways_in(flow, start)
    leave = _ways_out(flow)
    paths: list[Steps] = []
    covered: set[int] = set()
    steps = 0
    for widget in flow.widgets:
        if widget.label not in arrive:
            continue  # unreachable from the Trigger
        for transition in widget.transitions:
            if id(transition) in covered or len(paths) >= MAX_PATHS or steps >= MAX_STEPS:
                continue
            target = flow.widgets_by_name.get(transition.next) if transition.next else None
            if transition.next is not None and (target is None or target.label not in leave):
                continue  # a missing widget (an error path), or no end reachable from there
            path: Steps = [*_way_to(widget, arrive), transition]
            if target is not None:
                path.extend(_way_on(target, leave, flow))
            steps += len(path)
            covered.update(id(step) for step in path if step is not None)
            paths.append(path)
    return paths


def _cost(transition: Transition) -> tuple[int, int]:
    """What a transition adds to a way: a condition to meet (a split's `match` and condition
    transitions, which later splits on the same value may contradict), and a step. Ways with
    fewer conditions are preferred, then shorter ones."""
    return (
        1 if transition.widget.type == "split-based-on" and transition.event != "noMatch" else 0,
        1,
    )


def _ways_in(flow: Flow, start: Widget) -> dict[str, Transition | None]:
    """Widget label → the transition the cheapest way from `start` arrives by (None: start)."""
    arrive: dict[str, Transition | None] = {start.label: None}
    best: dict[str, tuple[int, int]] = {start.label: (0, 0)}
    heap: list[tuple[tuple[int, int], int, Widget]] = [((0, 0), 0, start)]
    order = 0
    while heap:
        cost, _, widget = heapq.heappop(heap)
        if cost > best[widget.label]:
            continue  # a cheaper way to it was found after this entry was pushed
        for transition in widget.transitions:
            target = flow.widgets_by_name.get(transition.next) if transition.next else None
            if target is None:
                continue
            extra = _cost(transition)
            through = (cost[0] + extra[0], cost[1] + extra[1])
            if target.label not in best or through < best[target.label]:
                best[target.label] = through
                arrive[target.label] = transition
                order += 1
                heapq.heappush(heap, (through, order, target))
    return arrive


def _ways_out(flow: Flow) -> dict[str, Transition | None]:
    """Widget label → the transition the cheapest way to an end leaves by (None: the widget
    has no transitions, so the run ends after it). An end: a transition with no `next`."""
    coming: dict[str, list[Transition]] = {}
    leave: dict[str, Transition | None] = {}
    best: dict[str, tuple[int, int]] = {}
    heap: list[tuple[tuple[int, int], int, Widget]] = []
    order = 0
    for widget in flow.widgets:
        for transition in widget.transitions:
            if transition.next is not None:
                coming.setdefault(transition.next, []).append(transition)
        endings: list[tuple[tuple[int, int], Transition | None]] = (
            [((0, 0), None)] if not widget.transitions else []
        )
        endings += [(_cost(t), t) for t in widget.transitions if t.next is None]
        if endings and widget.label not in best:
            cost, ending = min(endings, key=lambda pair: pair[0])
            best[widget.label], leave[widget.label] = cost, ending
            order += 1
            heapq.heappush(heap, (cost, order, widget))
    while heap:
        cost, _, widget = heapq.heappop(heap)
        if cost > best[widget.label]:
            continue
        for transition in coming.get(widget.name or "", []):
            extra = _cost(transition)
            through = (cost[0] + extra[0], cost[1] + extra[1])
            source = transition.widget.label
            if source not in best or through < best[source]:
                best[source] = through
                leave[source] = transition
                order += 1
                heapq.heappush(heap, (through, order, transition.widget))
    return leave


def _way_to(widget: Widget, arrive: dict[str, Transition | None]) -> Steps:
    way: Steps = []
    transition = arrive[widget.label]
    while transition is not None:
        way.append(transition)
        transition = arrive[transition.widget.label]
    way.reverse()
    return way


def _way_on(widget: Widget, leave: dict[str, Transition | None], flow: Flow) -> Steps:
    way: Steps = []
    while True:
        transition = leave[widget.label]
        way.append(transition)
        if transition is None or transition.next is None:
            return way
        widget = flow.widgets_by_name[transition.next]


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
