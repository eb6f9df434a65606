"""Two versions of a flow → what changed in meaning (`FlowDiff`).

Whitespace and key order never show (the versions are compared as decoded JSON), nor does the
order of `states`. Canvas positions (`properties.offset`) are counted, not listed: `layout` is
the number of widgets that moved. Renamed widgets are found first (`renames`), and the old
version is rewritten under the new names, so a rename is one entry and the transitions and
Liquid that follow it are not changes.

Transitions are compared by event: `widget.event: old target → new target`. A widget with the
same event more than once (the `match` transitions of a split) numbers them in order,
`match#1`, `match#2`, since Studio tries them in that order. Pointers in `changed` are relative
to the widget (`/properties/body`), or to the flow for flow-level fields (`/flags/…`,
`/initial_state`, with `widget` None). A value that is absent on one side reads as None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flowlint.diff.renames import LAYOUT_KEYS, find_renames, renamed_definition
from flowlint.model.build import build_flow
from flowlint.model.flow import Flow, Transition, Widget
from flowlint.source.pointer import Pointer, format_pointer


@dataclass(frozen=True)
class WidgetEntry:
    """An added or removed widget."""

    widget: str
    type: str | None


@dataclass(frozen=True)
class Rename:
    old: str
    new: str


@dataclass(frozen=True)
class Rewire:
    """A transition whose target changed (None: the branch ends, or the event is new/gone)."""

    widget: str
    event: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Change:
    """A value that changed, at `pointer` inside `widget` (None: the flow itself)."""

    widget: str | None
    pointer: str
    old: Any
    new: Any


@dataclass
class FlowDiff:
    added: list[WidgetEntry] = field(default_factory=list)
    removed: list[WidgetEntry] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)
    rewired: list[Rewire] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    layout: int = 0
    """How many widgets (present in both versions) moved on the canvas."""

    @property
    def count(self) -> int:
        """How many changes in meaning (the layout is not one)."""
        entries = (self.added, self.removed, self.renamed, self.rewired, self.changed)
        return sum(len(entry) for entry in entries)

    @property
    def meaningful(self) -> bool:
        """Whether anything but the layout changed."""
        return self.count > 0

    def touched_widgets(self) -> set[str]:
        """Names (in the new version) of the widgets added, renamed, rewired or changed."""
        names = {entry.widget for entry in self.added}
        names.update(rename.new for rename in self.renamed)
        names.update(rewire.widget for rewire in self.rewired)
        names.update(change.widget for change in self.changed if change.widget is not None)
        return names


_ABSENT = object()


def compare_flows(old: Flow, new: Flow) -> FlowDiff:
    """What changed in meaning from `old` to `new`."""
    renames = find_renames(old, new)
    carried = build_flow(renamed_definition(old, renames)) if renames else old
    diff = FlowDiff(renamed=[Rename(o, n) for o, n in renames.items()])
    old_widgets = carried.widgets_by_name
    new_widgets = new.widgets_by_name
    for name, widget in new_widgets.items():
        before = old_widgets.get(name)
        if before is None:
            diff.added.append(WidgetEntry(name, widget.type))
        else:
            _compare_widgets(before, widget, diff)
    for name, widget in old.widgets_by_name.items():
        if renames.get(name, name) not in new_widgets:
            diff.removed.append(WidgetEntry(name, widget.type))
    old_top = {k: v for k, v in carried.data.items() if k != "states"}
    new_top = {k: v for k, v in new.data.items() if k != "states"}
    _compare_values(None, (), old_top, new_top, diff.changed)
    return diff


def _compare_widgets(old: Widget, new: Widget, diff: FlowDiff) -> None:
    name = new.label
    if old.properties.get("offset") != new.properties.get("offset"):
        diff.layout += 1
    old_state = {k: v for k, v in old.data.items() if k not in ("name", "transitions")}
    new_state = {k: v for k, v in new.data.items() if k not in ("name", "transitions")}
    for state in (old_state, new_state):
        if isinstance(state.get("properties"), dict):
            state["properties"] = {
                k: v for k, v in state["properties"].items() if k not in LAYOUT_KEYS
            }
    _compare_values(name, (), old_state, new_state, diff.changed)
    old_transitions = _by_event(old.transitions)
    new_transitions = _by_event(new.transitions)
    for event in [*new_transitions, *(e for e in old_transitions if e not in new_transitions)]:
        before = old_transitions.get(event)
        after = new_transitions.get(event)
        old_next = before.next if before is not None else None
        new_next = after.next if after is not None else None
        if old_next != new_next or (before is None) != (after is None):
            diff.rewired.append(Rewire(name, event, old_next, new_next))
        if before is not None and after is not None:
            old_rest = {k: v for k, v in before.data.items() if k not in ("event", "next")}
            new_rest = {k: v for k, v in after.data.items() if k not in ("event", "next")}
            _compare_values(name, ("transitions", after.index), old_rest, new_rest, diff.changed)


def _by_event(transitions: list[Transition]) -> dict[str, Transition]:
    """Transitions by event; repeated events numbered in order (`match#1`, `match#2`)."""
    counts: dict[str, int] = {}
    for transition in transitions:
        event = transition.event or "?"
        counts[event] = counts.get(event, 0) + 1
    seen: dict[str, int] = {}
    keyed: dict[str, Transition] = {}
    for transition in transitions:
        event = transition.event or "?"
        seen[event] = seen.get(event, 0) + 1
        keyed[f"{event}#{seen[event]}" if counts[event] > 1 else event] = transition
    return keyed


def _compare_values(
    widget: str | None, pointer: Pointer, old: Any, new: Any, changes: list[Change]
) -> None:
    """Append a Change for each differing leaf; objects are compared key by key, arrays of the
    same length item by item, anything else as a whole."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*new, *(k for k in old if k not in new)]:
            _compare_values(
                widget, (*pointer, key), old.get(key, _ABSENT), new.get(key, _ABSENT), changes
            )
        return
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (before, after) in enumerate(zip(old, new, strict=True)):
            _compare_values(widget, (*pointer, index), before, after, changes)
        return
    changes.append(
        Change(
            widget,
            format_pointer(pointer),
            None if old is _ABSENT else old,
            None if new is _ABSENT else new,
        )
    )
