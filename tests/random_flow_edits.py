"""Random edits of a flow's text, as a user makes them in an editor: for the tests that compare
the language server's incremental lint with a full lint (tests/engine/test_incremental.py and
tests/lsp/test_incremental_server.py).

Each edit is `(start, end, new_text)`: characters [start, end) of the text become `new_text`.
Most edits keep the text valid JSON (a property value, a widget name, a transition target,
a whole widget removed or copied); some insert or delete single characters anywhere, which
usually breaks the JSON for a while, as typing does.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from flowlint.lsp.documents import changed_region
from flowlint.source.pointer import Pointer
from flowlint.source.tree import JsonTree, parse_json

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
REAL_CORPUS = REPO.parent / "shared" / "corpus" / "real"
"""The real flows, beside the worktrees (the tests skip them when absent)."""

Edit = tuple[int, int, str]

_VALUES = [
    "",
    " ",
    "hello",
    "{{flow.variables.count}}",
    "{{widgets.nowhere.body}}",
    "{{ trigger.message.Body | upcase }}",
    "{% if flow.variables.x %}yes{% endif %}",
    "{{ unclosed",
    "http://example.com/hook",
    "https://example.com/hook",
    "+15005550006",
    "+1 415 555 0100",
    "not a number",
    "42",
    "-5",
    "2026-02-30",
    "25:61",
    "([a-z]+",
    "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "${SERVICE_SID}",
    "WW0123456789abcdef0123456789abcdef",
    "POST",
    "application/json",
]
_EVENTS = ["next", "success", "failed", "noMatch", "match", "timeout", "incomingCall", "bogus"]
_CHARACTERS = ['"', "{", "}", ",", ":", "x", " ", "\n", "1", "[", "]", "é", "\\"]


def flows_to_edit(limit_real: int) -> list[Path]:
    """The fixture flows (those that are valid JSON with widgets), and up to `limit_real` real
    flows picked evenly by name."""
    fixtures = sorted(
        path
        for path in FIXTURES.rglob("*.json")
        if _widget_pointers(parse_json(path.read_text(encoding="utf-8", errors="replace")).tree)
    )
    real = sorted(REAL_CORPUS.glob("*.json")) if REAL_CORPUS.is_dir() else []
    step = max(1, len(real) // max(1, limit_real))
    return fixtures + real[::step][:limit_real]


class EditStream:
    """Random edits of one text; a text that stays broken JSON is soon put back to the last
    valid one (as a user undoes a slip), so most edits apply to a flow."""

    def __init__(self, rng: random.Random, text: str) -> None:
        self.rng = rng
        self.text = text
        self.last_valid = text

    def next(self) -> Edit:
        """The next edit; `self.text` becomes the edited text."""
        if parse_json(self.text).tree is not None:
            self.last_valid = self.text
            edit = random_edit(self.rng, self.text)
        elif self.rng.random() < 0.4:
            start, old_end, new_end = changed_region(self.text, self.last_valid)
            edit = (start, old_end, self.last_valid[start:new_end])
        else:
            edit = _character_edit(self.rng, self.text)
        start, end, new_text = edit
        self.text = self.text[:start] + new_text + self.text[end:]
        return edit


def random_edit(rng: random.Random, text: str) -> Edit:
    """One edit of `text` (a flow, or what is left of one after earlier edits)."""
    tree = parse_json(text).tree
    widgets = _widget_pointers(tree)
    choice = rng.random()
    if tree is None or not widgets or choice < 0.25:
        return _character_edit(rng, text)
    assert tree is not None
    widget = rng.choice(widgets)
    if choice < 0.55:
        return _value_edit(rng, tree, widget)
    if choice < 0.7:
        return _rename(rng, tree, widget, widgets)
    if choice < 0.88:
        return _transition_edit(rng, tree, widget, widgets)
    return _widget_edit(rng, tree, widget)


def _widget_pointers(tree: JsonTree | None) -> list[Pointer]:
    if tree is None:
        return []
    for base in ((), ("definition",)):
        container = tree.value
        for key in base:
            container = container.get(key) if isinstance(container, dict) else None
        if isinstance(container, dict) and isinstance(container.get("states"), list):
            states = container["states"]
            return [(*base, "states", index) for index in range(len(states))]
    return []


def _node(tree: JsonTree, pointer: Pointer) -> Any:
    value = tree.value
    for key in pointer:
        value = value[key]
    return value


def _replace_value(tree: JsonTree, pointer: Pointer, value: Any) -> Edit:
    span = tree.value_span(pointer)
    assert span is not None
    return span[0], span[1], json.dumps(value)


def _character_edit(rng: random.Random, text: str) -> Edit:
    if not text:
        return 0, 0, "{"
    at = rng.randrange(len(text))
    if rng.random() < 0.5:
        return at, at, rng.choice(_CHARACTERS)
    return at, at + 1, ""


def _strings_in(value: Any, pointer: Pointer) -> list[Pointer]:
    if isinstance(value, str):
        return [pointer]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _strings_in(item, (*pointer, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _strings_in(item, (*pointer, index))]
    return []


def _value_edit(rng: random.Random, tree: JsonTree, widget: Pointer) -> Edit:
    """A string somewhere in the widget gets another value, or one character more or less."""
    strings = _strings_in(_node(tree, widget), widget) or [(*widget, "name")]
    pointer = rng.choice(strings)
    old = _node(tree, pointer) if tree.value_span(pointer) is not None else ""
    roll = rng.random()
    if roll < 0.4 and isinstance(old, str) and old:
        at = rng.randrange(len(old) + 1)
        value = old[:at] + rng.choice("ab{}% .-:") + old[at:]
    elif roll < 0.5 and isinstance(old, str) and old:
        at = rng.randrange(len(old))
        value = old[:at] + old[at + 1 :]
    else:
        value = rng.choice(_VALUES)
    if tree.value_span(pointer) is None:
        span = tree.value_span(widget)
        assert span is not None
        return span[0] + 1, span[0] + 1, f'"name": {json.dumps(value)}, '
    return _replace_value(tree, pointer, value)


def _rename(rng: random.Random, tree: JsonTree, widget: Pointer, widgets: list[Pointer]) -> Edit:
    """A widget gets another widget's name, a new name, or an empty one."""
    other = _node(tree, rng.choice(widgets))
    names = [other.get("name") if isinstance(other, dict) else None, "renamed", ""]
    name = rng.choice([each for each in names if isinstance(each, str)])
    if tree.value_span((*widget, "name")) is None:
        return _value_edit(rng, tree, widget)
    return _replace_value(tree, (*widget, "name"), name)


def _transition_edit(
    rng: random.Random, tree: JsonTree, widget: Pointer, widgets: list[Pointer]
) -> Edit:
    """A transition goes elsewhere (another widget, nowhere, a missing one) or changes event."""
    data = _node(tree, widget)
    transitions = data.get("transitions") if isinstance(data, dict) else None
    if not isinstance(transitions, list) or not transitions:
        return _value_edit(rng, tree, widget)
    index = rng.randrange(len(transitions))
    entry = transitions[index]
    pointer = (*widget, "transitions", index)
    if not isinstance(entry, dict):
        return _replace_value(tree, pointer, {"event": "next"})
    if rng.random() < 0.3:
        changed = {**entry, "event": rng.choice(_EVENTS)}
    else:
        other = _node(tree, rng.choice(widgets))
        target = other.get("name") if isinstance(other, dict) else None
        changed = {**entry, "next": rng.choice([target, "", "missing-widget"])}
    return _replace_value(tree, pointer, changed)


def _widget_edit(rng: random.Random, tree: JsonTree, widget: Pointer) -> Edit:
    """A whole widget removed, or copied after itself (every later widget moves)."""
    span = tree.value_span(widget)
    states = tree.value_span(widget[:-1])
    assert span is not None and states is not None
    text = tree.text
    if rng.random() < 0.5:
        return span[1], span[1], ", " + text[span[0] : span[1]]
    siblings = len(_node(tree, widget[:-1]))
    if siblings == 1:
        return span[0], span[1], ""  # leaves `[]`
    # Remove the widget with the comma that separates it from its neighbour.
    after = text.find(",", span[1])
    if widget[-1] < siblings - 1 and after != -1:
        return span[0], after + 1, ""
    before = text.rfind(",", states[0], span[0])
    return before, span[1], ""
