"""Widgets renamed between two versions of a flow, and the old version under the new names.

A rename is a widget removed from the old version and one added in the new version with the
same type and nearly the same content: properties, transitions (their targets read through the
renames already found) and the widgets that lead to it. Renames are accepted greedily, best
match first, each one improving the scores of the next (a renamed widget's neighbours now
match), until no pair is similar enough.

`renamed_definition` then rewrites the old definition as if the renames had been made there:
widget names, `next` targets, `initial_state` and every Liquid reference `widgets.OLD…`. What
still differs from the new version is what changed in meaning.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from typing import Any

from flowlint.liquid.strings import has_liquid
from flowlint.liquid.templates import analyze_template
from flowlint.model.build import build_flow
from flowlint.model.flow import Flow, Widget
from flowlint.source.pointer import Pointer

SIMILARITY_THRESHOLD = 0.7
"""Dice similarity of two widgets' facts from which a removed + added pair is a rename: a
send-message whose body changed as well as its name still matches (from, to and both
transitions agree), two unrelated widgets of the same type do not."""

LAYOUT_KEYS = frozenset({"offset"})
"""Properties that only place the widget on the Studio canvas."""


def find_renames(old: Flow, new: Flow) -> dict[str, str]:
    """Old name → new name for the widgets renamed from `old` to `new`."""
    new_names = set(new.widgets_by_name)
    old_names = set(old.widgets_by_name)
    removed = [w for name, w in old.widgets_by_name.items() if name not in new_names]
    added = [w for name, w in new.widgets_by_name.items() if name not in old_names]
    renames: dict[str, str] = {}
    if not removed or not added:
        return renames
    new_facts = {widget.name: _facts(widget, incoming(new)) for widget in added}
    while True:
        rewritten = build_flow(renamed_definition(old, renames))
        old_incoming = incoming(rewritten)
        best: tuple[float, str, str] | None = None
        for widget in removed:
            if widget.name in renames:
                continue
            old_widget = rewritten.widgets_by_name.get(widget.name or "")
            if old_widget is None:
                continue
            old_facts = _facts(old_widget, old_incoming)
            for candidate in added:
                assert candidate.name is not None and widget.name is not None
                if candidate.name in renames.values() or candidate.type != widget.type:
                    continue
                score = _dice(old_facts, new_facts[candidate.name])
                if score >= SIMILARITY_THRESHOLD and (best is None or score > best[0]):
                    best = (score, widget.name, candidate.name)
        if best is None:
            return renames
        renames[best[1]] = best[2]


def incoming(flow: Flow) -> dict[str, Counter[str]]:
    """Widget name → the `source.event` transitions that lead to it."""
    edges: dict[str, Counter[str]] = {}
    for transition in flow.transitions():
        if transition.next is not None:
            source = transition.widget.label
            edges.setdefault(transition.next, Counter())[f"{source}.{transition.event}"] += 1
    return edges


def _facts(widget: Widget, edges: dict[str, Counter[str]]) -> Counter[str]:
    """What a widget is, as countable facts: each property leaf, each transition, each edge in.
    The widget's own name is left out (a self-loop is named by the placeholder `*`)."""
    facts: Counter[str] = Counter()
    properties = {k: v for k, v in widget.properties.items() if k not in LAYOUT_KEYS}
    for pointer, value in _leaves(properties, ()):
        facts[f"p{pointer}={value}"] += 1
    for transition in widget.transitions:
        target = "*" if transition.next == widget.name else transition.next
        conditions = json.dumps(transition.data.get("conditions"), sort_keys=True)
        facts[f"t{transition.event}>{target}{conditions}"] += 1
    for edge, count in edges.get(widget.name or "", Counter()).items():
        source, _, event = edge.rpartition(".")
        facts[f"i{'*' if source == widget.name else source}.{event}"] += count
    return facts


def _leaves(value: Any, pointer: Pointer) -> list[tuple[Pointer, str]]:
    if isinstance(value, dict) and value:
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*pointer, key))]
    if isinstance(value, list) and value:
        return [leaf for i, item in enumerate(value) for leaf in _leaves(item, (*pointer, i))]
    return [(pointer, json.dumps(value, sort_keys=True))]


def _dice(first: Counter[str], second: Counter[str]) -> float:
    total = sum(first.values()) + sum(second.values())
    if total == 0:
        return 1.0
    return 2 * sum((first & second).values()) / total


def renamed_definition(flow: Flow, renames: dict[str, str]) -> dict[str, Any]:
    """A copy of the flow's definition with the renames made: names, `next`, `initial_state`
    and Liquid references `widgets.OLD…` anywhere in a widget (properties, split conditions
    and the copies of a split's input in them)."""
    data = copy.deepcopy(flow.data)
    if not renames:
        return data
    if isinstance(data.get("initial_state"), str):
        data["initial_state"] = renames.get(data["initial_state"], data["initial_state"])
    states = data.get("states")
    for widget in flow.widgets:
        state = states[widget.index] if isinstance(states, list) else None
        if not isinstance(state, dict):
            continue
        if widget.name in renames:
            state["name"] = renames[widget.name]
        for transition in widget.transitions:
            entry = state["transitions"][transition.index]
            if transition.next in renames:
                entry["next"] = renames[transition.next]
        for key in ("properties", "transitions"):
            if key in state:
                state[key] = _rewrite_liquid(state[key], renames)
    return data


def _rewrite_liquid(value: Any, renames: dict[str, str]) -> Any:
    if isinstance(value, str):
        return _rewrite_template(value, renames) if has_liquid(value) else value
    if isinstance(value, dict):
        return {key: _rewrite_liquid(item, renames) for key, item in value.items()}
    if isinstance(value, list):
        return [_rewrite_liquid(item, renames) for item in value]
    return value


def _rewrite_template(text: str, renames: dict[str, str]) -> str:
    variables = analyze_template(text).variables
    # Right to left, so earlier offsets stay valid.
    for variable in sorted(variables, key=lambda v: v.start, reverse=True):
        names = variable.names
        if len(names) < 2 or names[0] != "widgets" or names[1] not in renames:
            continue
        written = text[variable.start : variable.end]
        at = written.find(names[1], len("widgets"))
        if at < 0:
            continue
        written = written[:at] + renames[names[1]] + written[at + len(names[1]) :]
        text = text[: variable.start] + written + text[variable.end :]
    return text
