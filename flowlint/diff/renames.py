"""Widgets renamed between two versions of a flow, and the old version under the new names.

A rename is a widget removed from the old version and one added in the new version with the
same type and nearly the same content: properties, transitions (their targets read through the
renames already found) and the widgets that lead to it. Renames are accepted best match first,
in rounds, each round improving the scores of the next (a renamed widget's neighbours now
match), until no pair is similar enough (`find_renames`).

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


MAX_ROUNDS = 8
"""Rounds of matching: each round can match widgets whose neighbours the last one renamed."""

COMMON_FACT = 32
"""A fact shared by more added widgets of one type than this (the same text in 40 widgets)
proposes no candidates: comparing every removed widget with every added one is quadratic."""

CANDIDATES = 8
"""Added widgets scored exactly per removed widget when its type has more than
`EVERY_CANDIDATE` added widgets: those sharing the most facts with it."""

EVERY_CANDIDATE = 64
"""Up to this many added widgets of one type, a removed widget is scored against each."""


def find_renames(old: Flow, new: Flow) -> dict[str, str]:
    """Old name → new name for the widgets renamed from `old` to `new`.

    In rounds: every removed widget is scored (Dice) against the added widgets of its type
    that share the most of its less common facts, and the pairs are accepted best first, each
    widget once. The old version is then rewritten under the renames found, so transitions and
    incoming edges through renamed neighbours match in the next round. Each round is linear in
    the flows' size, and there are at most `MAX_ROUNDS`."""
    new_names = set(new.widgets_by_name)
    old_names = set(old.widgets_by_name)
    removed = [w for name, w in old.widgets_by_name.items() if name not in new_names]
    added = [w for name, w in new.widgets_by_name.items() if name not in old_names]
    renames: dict[str, str] = {}
    if not removed or not added:
        return renames
    new_edges = incoming(new)
    new_facts = {widget.name: _facts(widget, new_edges) for widget in added}
    by_type: dict[str | None, list[str]] = {}
    holders: dict[tuple[str | None, str], list[str]] = {}
    for widget in added:
        assert widget.name is not None
        by_type.setdefault(widget.type, []).append(widget.name)
        for fact in new_facts[widget.name]:
            holders.setdefault((widget.type, fact), []).append(widget.name)
    for _ in range(MAX_ROUNDS):
        rewritten = build_flow(renamed_definition(old, renames)) if renames else old
        old_edges = incoming(rewritten)
        taken = set(renames.values())
        pairs: list[tuple[float, str, str]] = []
        for widget in removed:
            old_widget = rewritten.widgets_by_name.get(widget.name or "")
            if widget.name in renames or old_widget is None or widget.name is None:
                continue
            facts = _facts(old_widget, old_edges)
            for name in _candidates(widget.type, facts, by_type, holders, taken):
                score = _dice(facts, new_facts[name])
                if score >= SIMILARITY_THRESHOLD:
                    pairs.append((score, widget.name, name))
        before = len(renames)
        for _, old_name, new_name in sorted(pairs, key=lambda pair: (-pair[0], pair[1], pair[2])):
            if old_name not in renames and new_name not in taken:
                renames[old_name] = new_name
                taken.add(new_name)
        if len(renames) == before:
            break
    return renames


def _candidates(
    kind: str | None,
    facts: Counter[str],
    by_type: dict[str | None, list[str]],
    holders: dict[tuple[str | None, str], list[str]],
    taken: set[str],
) -> list[str]:
    """The added widgets a removed widget of type `kind` is scored against: every one of its
    type when they are few, else those sharing the most of its less common facts."""
    same_type = by_type.get(kind, [])
    if len(same_type) <= EVERY_CANDIDATE:
        return [name for name in same_type if name not in taken]
    shared: Counter[str] = Counter()
    for fact in facts:
        names = holders.get((kind, fact), [])
        if len(names) <= COMMON_FACT:
            shared.update(name for name in names if name not in taken)
    return [name for name, _ in shared.most_common(CANDIDATES)]


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
