"""The test data of a scaffolded case: where a split's input comes from, and the outputs the
mocks must carry.

A split's `input` that is one plain Liquid path (`{{widgets.lookup.parsed.balance}}`) can be
steered: the scaffold writes the chosen text where that path reads it from. The sources are
- a waiting widget's answer (`widgets.menu.Digits`, `.SpeechResult`, `.inbound.Body`): the
  case's input for it;
- an earlier widget the case mocks (HTTP request, Function, subflow, any outside-world widget):
  the mock's JSON body (`parsed.*`, studio-domain.md §3: `parsed` exists for a JSON answer) or
  its outputs (a subflow's variables come back flat as `widgets.<name>.<var>`);
- the trigger (`trigger.message.Body`) and `flow.data` (incomingRequest / parent parameters);
- `flow.variables.x` or `widgets.<set-variables>.x`, followed to the value the latest
  set-variables on the path gave it when that value is itself one plain path.
Every other path a later widget reads from a mocked widget gets a sample value, so messages
render with something in them: "mocks filled with the outputs later widgets read" (#18).
"""

from __future__ import annotations

import re
from typing import Any

from flowlint.liquid.model import Segment
from flowlint.liquid.references import flow_liquid
from flowlint.model.flow import Widget
from flowlint.simulate.scenario import TRIGGER_KINDS, Case, Input, Mock
from flowlint.simulate.widgets import HTTP_WIDGETS

_PLAIN_PATH = re.compile(r"\s*\{\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+)\s*\}\}\s*")
_ANSWERS = {
    ("Digits",): "digits",
    ("SpeechResult",): "speech",
    ("inbound", "Body"): "body",
    ("Body",): "body",
}
_ARITHMETIC = {"plus", "minus", "times", "divided_by", "modulo", "round", "ceil", "floor", "abs"}
MAX_HOPS = 3


def plain_path(text: Any) -> list[str] | None:
    """The path of a template that is exactly one `{{ a.b.c }}` without filters."""
    if not isinstance(text, str):
        return None
    found = _PLAIN_PATH.fullmatch(text)
    return found.group(1).split(".") if found else None


def _put(tree: dict[str, Any], path: list[Segment], value: Any, overwrite: bool) -> None:
    """Set `value` at `path` in nested dicts (an int segment reads a list item)."""
    node: Any = tree
    for index, segment in enumerate(path):
        last = index == len(path) - 1
        key: Any = segment
        if isinstance(node, list):
            if not isinstance(segment, int) or segment < 0 or segment > 20:
                return
            while len(node) <= segment:
                node.append({})
        elif not isinstance(node, dict) or not isinstance(segment, str | int):
            return
        if isinstance(node, dict) and isinstance(segment, int):
            key = str(segment)
        current = node[key] if isinstance(node, list) else node.get(key)
        if last:
            if overwrite or current is None or current == {}:
                node[key] = value
            return
        following = path[index + 1]
        if not isinstance(current, dict | list):
            if current is not None and not overwrite:
                return
            current = [] if isinstance(following, int) else {}
            node[key] = current
        node = current


class CaseData:
    """What one scaffolded case gives the flow, built along its path."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.steered: dict[str, dict[str, Any]] = {}
        """Mocked widget name -> the outputs splits need (a `parsed` subtree for HTTP)."""
        self.ran: list[Widget] = []
        """The widgets of the path so far, in order."""

    def steer(self, split: Widget, text: str) -> bool:
        """Write `text` where the split's input reads it from; False when it cannot be."""
        path = self._source(split)
        return path is not None and self._write(path, text)

    def given(self, split: Widget) -> str | None:
        """The text the case already gives the split's input (an earlier split on the same
        value steered it): from the trigger or `flow.data`; None when it gives none there."""
        path = self._source(split)
        if not path:
            return None
        root, rest = path[0], path[1:]
        if root == "trigger" and rest and rest[0] == TRIGGER_KINDS[self.case.trigger_event]:
            value: Any = self.case.trigger_fields
        elif root == "flow" and rest and rest[0] == "data":
            value = self.case.flow_data
        else:
            return None
        for segment in rest[1:]:
            value = value.get(segment) if isinstance(value, dict) else None
        return value if isinstance(value, str) else None

    def _source(self, split: Widget) -> list[str] | None:
        """Where the split's input is read from, through flow variables (None: nowhere known)."""
        path = plain_path(split.properties.get("input"))
        hops = 0
        while path and hops <= MAX_HOPS:
            hops += 1
            followed = self._variable_source(path)
            if followed is None:
                return path
            path = followed
        return None

    def _variable_source(self, path: list[str]) -> list[str] | None:
        """For a flow variable, the plain path the latest set-variables on the path gave it."""
        if path[0] == "flow" and len(path) == 3 and path[1] == "variables":
            name, setters = path[2], reversed(self.ran)
        elif path[0] == "widgets" and len(path) == 3:
            name = path[2]
            setters = reversed([w for w in self.ran if w.name == path[1]])
        else:
            return None
        for widget in setters:
            if widget.type != "set-variables":
                continue
            items = widget.properties.get("variables")
            for item in reversed(items if isinstance(items, list) else []):
                if isinstance(item, dict) and item.get("key") == name:
                    return plain_path(item.get("value")) or []
        return None

    def _write(self, path: list[str], text: str) -> bool:
        if not path:
            return False  # a variable set to a literal or a template: nothing to steer
        root, rest = path[0], path[1:]
        if root == "trigger" and rest and rest[0] == TRIGGER_KINDS[self.case.trigger_event]:
            if len(rest) < 2:
                return False
            _put(self.case.trigger_fields, list(rest[1:]), text, overwrite=True)
            return True
        if root == "flow" and len(rest) >= 2 and rest[0] == "data":
            _put(self.case.flow_data, list(rest[1:]), text, overwrite=True)
            return True
        if root != "widgets" or len(rest) < 2:
            return False
        source = next((w for w in reversed(self.ran) if w.name == rest[0]), None)
        if source is None:
            return False
        answer = self._answer(source)
        if answer is not None:
            slot = _ANSWERS.get(tuple(rest[1:]))
            if slot is None or getattr(answer, slot) is None:
                return False
            setattr(answer, slot, text)
            return True
        mock = self.case.mocks.get(source.name or "")
        if mock is None:
            return False
        if source.type in HTTP_WIDGETS:
            if mock.status != 200 or rest[1] != "parsed" or len(rest) < 3:
                return False
        elif mock.event is None:
            return False
        # An API answers numbers as JSON numbers; a subflow's variables are strings.
        value = _typed(text) if source.type in HTTP_WIDGETS else text
        _put(self.steered.setdefault(rest[0], {}), list(rest[1:]), value, overwrite=True)
        return True

    def _answer(self, widget: Widget) -> Input | None:
        return next((i for i in reversed(self.case.inputs) if i.widget == widget.name), None)

    def fill_mocks(self) -> None:
        """Give every mock the outputs later widgets of the path read: steered values, else a
        sample named after the output."""
        references = flow_liquid(self.ran[0].flow).references if self.ran else []
        first_run: dict[str, int] = {}
        last_run: dict[int, int] = {}
        for position, widget in enumerate(self.ran):
            first_run.setdefault(widget.name or "", position)
            last_run[id(widget)] = position
        reads: dict[str, dict[str, Any]] = {}
        for reference in references:
            reader = last_run.get(id(reference.widget))
            name = reference.segment(1)
            if reader is None or reference.root != "widgets" or name not in self.case.mocks:
                continue
            if first_run.get(name, reader) >= reader:
                continue  # read before the mocked widget runs: it renders as nothing
            sample: Any = 1 if _ARITHMETIC & set(reference.filters) else _sample(reference.segments)
            _put(reads.setdefault(name, {}), list(reference.segments[2:]), sample, overwrite=False)
        for name, mock in self.case.mocks.items():
            given = reads.get(name, {})
            for path, value in _leaves(self.steered.get(name, {})):
                _put(given, path, value, overwrite=True)
            if given:
                _apply(mock, self._widget(name), given)

    def _widget(self, name: str) -> Widget | None:
        return next((w for w in self.ran if w.name == name), None)


def _apply(mock: Mock, widget: Widget | None, outputs: dict[str, Any]) -> None:
    if widget is not None and widget.type in HTTP_WIDGETS:
        parsed = outputs.get("parsed")
        if mock.status == 200 and isinstance(parsed, dict | list) and parsed:
            mock.body = parsed
        return
    if mock.event is not None:
        mock.outputs = outputs


def _leaves(tree: Any, prefix: tuple[Segment, ...] = ()) -> list[tuple[list[Segment], Any]]:
    if isinstance(tree, dict) and tree:
        return [item for key, value in tree.items() for item in _leaves(value, (*prefix, key))]
    if isinstance(tree, list) and tree:
        return [item for i, value in enumerate(tree) for item in _leaves(value, (*prefix, i))]
    return [(list(prefix), tree)]


def _sample(segments: tuple[Segment, ...]) -> str:
    names = [segment for segment in segments[2:] if isinstance(segment, str)]
    return f"sample {names[-1]}" if names else "sample"


def _typed(text: str) -> Any:
    """A JSON number for an integer text (as an API would answer), else the text."""
    return int(text) if re.fullmatch(r"-?[1-9]\d{0,15}|0", text) else text
