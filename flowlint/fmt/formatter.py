"""Text of a flow file → the same flow in the Console's layout, or why it cannot be formatted.

Formatting never changes what the file means: the parsed JSON before and after is equal
(tests/fmt/test_corpus_format.py proves it on every corpus flow). Only whitespace, the order of
object members the Console orders, string escapes (`\\u00e9` → `é`, `\\/` → `/`), the BOM and
the final line break change. Numbers keep their exact text. With `normalize_offsets`, widget
positions are also snapped to the Console's 10-pixel grid, which moves widgets on the canvas
but changes nothing about how the flow runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from flowlint.fmt.layout import console_definition
from flowlint.fmt.writer import NumberText, console_json
from flowlint.model.documents import DocumentKind, classify
from flowlint.source.text import BOM, LineIndex
from flowlint.source.tree import parse_json

GRID = 10
"""The Console snaps dragged widgets to multiples of 10 pixels (87% of the 3,422 offset
coordinates in the corpus are multiples of 10; the rest come from generators and hand edits)."""

_LARGEST_SNAPPED = Decimal(10) ** 9


class CannotFormat(Exception):
    """The text is left as it is. `invalid` is True when the input is broken (not JSON, a
    duplicate key), False when it is JSON that holds no Studio flow."""

    def __init__(
        self, message: str, *, invalid: bool, position: tuple[int, int] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.invalid = invalid
        self.position = position
        """1-based line and column of the problem, when it has one."""

    def located(self, path: str) -> str:
        """`path:line:column: message`, the form editors and terminals make clickable."""
        where = f"{path}:{self.position[0]}:{self.position[1]}" if self.position else path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class LineEnding:
    """The one thing of the file's own layout formatting keeps (see docs/fmt.md)."""

    text: str

    @staticmethod
    def of(text: str) -> LineEnding:
        first = text.find("\n")
        return LineEnding("\r\n" if first > 0 and text[first - 1] == "\r" else "\n")


def format_flow_text(text: str, *, normalize_offsets: bool = False) -> str:
    """The Console layout of a flow file's text (a BOM in `text` is dropped). Raises
    CannotFormat."""
    source = text[1:] if text.startswith(BOM) else text
    value = _parse(source)
    kind = classify(value).kind
    if kind in (DocumentKind.NOT_A_FLOW, DocumentKind.TEST_USERS):
        raise CannotFormat(_not_a_flow_reason(value), invalid=False)
    value = json.loads(
        source,
        parse_int=NumberText,
        parse_float=NumberText,
        parse_constant=_reject_constant,
    )
    definitions = _with_console_layout(value, kind)
    if normalize_offsets:
        for definition in definitions:
            _snap_offsets(definition)
    newline = LineEnding.of(source).text
    try:
        formatted = console_json(value) + "\n"
    except RecursionError:
        raise CannotFormat("the JSON is nested too deeply to format", invalid=True) from None
    return formatted.replace("\n", newline) if newline != "\n" else formatted


def _parse(source: str) -> Any:
    parsed = parse_json(source)
    if parsed.tree is None:
        assert parsed.syntax is not None
        line, column = LineIndex(source).line_column(parsed.syntax.span[0])
        raise CannotFormat(
            f"not valid JSON: {parsed.syntax.message}", invalid=True, position=(line, column)
        )
    if parsed.duplicates:
        duplicate = parsed.duplicates[0]
        line, column = LineIndex(source).line_column(duplicate.span[0])
        raise CannotFormat(
            f"duplicate key '{duplicate.key}': formatting would silently drop one of its "
            "values; remove the one you do not want first",
            invalid=True,
            position=(line, column),
        )
    return parsed.tree.value


def _reject_constant(name: str) -> Any:
    raise CannotFormat(f"not valid JSON: {name} is not a JSON number", invalid=True)


def _not_a_flow_reason(value: Any) -> str:
    document = classify(value)
    if document.kind is DocumentKind.TEST_USERS:
        return "not a Studio flow: a TestUsers resource, which holds no definition to format"
    return f"not a Studio flow: {document.reason}"


def _with_console_layout(value: Any, kind: DocumentKind) -> list[dict[str, Any]]:
    """Put every definition in `value` in the Console's key order, in place where it is
    nested; returns the definitions. Resource and list-page members keep their order: the
    Console exports only definitions."""
    if kind is DocumentKind.DEFINITION:
        layout = console_definition(value)
        value.clear()
        value.update(layout)
        return [value]
    resources = [value] if kind is DocumentKind.FLOW_RESOURCE else _listed_resources(value)
    definitions = []
    for resource in resources:
        definition = resource.get("definition")
        if isinstance(definition, dict):
            resource["definition"] = console_definition(definition)
            definitions.append(resource["definition"])
    return definitions


def _listed_resources(page: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        entry
        for key in ("flows", "revisions")
        if isinstance(page.get(key), list)
        for entry in page[key]
        if isinstance(entry, dict)
    ]


def _snap_offsets(definition: dict[str, Any]) -> None:
    states = definition.get("states")
    for widget in states if isinstance(states, list) else []:
        properties = widget.get("properties") if isinstance(widget, dict) else None
        offset = properties.get("offset") if isinstance(properties, dict) else None
        if not isinstance(offset, dict):
            continue
        for axis in ("x", "y"):
            number = offset.get(axis)
            if isinstance(number, NumberText):
                offset[axis] = _snapped(number)


def _snapped(number: NumberText) -> NumberText:
    try:
        exact = Decimal(number)
    except InvalidOperation:
        return number
    if abs(exact) > _LARGEST_SNAPPED:  # not a position anyone placed; leave it alone
        return number
    steps = (exact / GRID).to_integral_value(rounding=ROUND_HALF_UP)
    return NumberText(str(int(steps) * GRID))
