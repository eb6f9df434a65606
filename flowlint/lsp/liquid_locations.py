"""Liquid variable paths of a flow, located segment by segment in the file.

`flowlint.liquid` finds every variable path a widget's Liquid reads (the rules share that pass,
so it is already computed when navigation asks). Navigation needs one thing more: where each
segment of the path sits in the file, e.g. just `lookup` in `{{widgets.lookup.parsed.name}}`
for a rename, or `['send 1']` in `{{widgets['send 1'].body}}`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flowlint.liquid.references import LiquidReference, flow_liquid
from flowlint.model.flow import Flow, Widget
from flowlint.source.pointer import Pointer
from flowlint.source.string_offsets import string_span
from flowlint.source.tree import JsonTree

Span = tuple[int, int]

_NAME = re.compile(r"[A-Za-z_](?:[\w\-]*\w)?\??")
_SPACE = re.compile(r"\s*")
_BRACKET_KEY = re.compile(r"\[\s*(?:'([^']*)'|\"([^\"]*)\"|(\d+))\s*\]")


@dataclass(frozen=True)
class LiquidUse:
    """One variable path in a widget string, e.g. `widgets.lookup.parsed.name`."""

    reference: LiquidReference
    segments: tuple[str | int, ...]
    """The leading segments written as plain names, quoted keys or indices."""
    span: Span
    """The whole path in the file."""
    segment_spans: tuple[Span, ...]
    """Each of `segments` as written in the file (a bracketed key includes its brackets)."""
    bracketed: tuple[bool, ...]

    @property
    def widget(self) -> Widget:
        return self.reference.widget

    @property
    def pointer(self) -> Pointer:
        return self.reference.pointer

    @property
    def root(self) -> str:
        return str(self.segments[0])


def written_segments(written: str) -> Iterator[tuple[str | int, Span, bool]]:
    """The segments of a path as written (`widgets['a b'].c`), with their spans in `written`
    and whether each is a bracketed key; stops at the first segment of another form."""
    position = 0
    first = True
    while position < len(written):
        position = _SPACE.match(written, position).end()  # type: ignore[union-attr]
        if not first:
            if written.startswith(".", position):
                position = _SPACE.match(written, position + 1).end()  # type: ignore[union-attr]
            elif written.startswith("[", position):
                key = _BRACKET_KEY.match(written, position)
                if key is None:
                    return
                number, single, double = key.group(3), key.group(1), key.group(2)
                value: str | int = int(number) if number is not None else (single or double or "")
                yield value, (key.start(), key.end()), True
                position = key.end()
                continue
            else:
                return
        name = _NAME.match(written, position)
        if name is None:
            return
        yield name.group(), (name.start(), name.end()), False
        position = name.end()
        first = False


def _with_split_copies(
    flow: Flow, wanted: Callable[[LiquidReference], bool] | None
) -> list[LiquidReference]:
    """The flow's references (those `wanted`), plus those in the copies of a split's `input`
    that the Console writes into each condition's `arguments` (the rules skip the copies, to
    report a mistake once; a rename must change them too)."""
    references = [r for r in flow_liquid(flow).references if wanted is None or wanted(r)]
    copies = []
    for reference in references:
        widget = reference.widget
        if reference.pointer != widget.property_pointer("input"):
            continue
        split_input = widget.properties.get("input")
        for transition in widget.transitions:
            for condition in transition.conditions:
                for index, argument in enumerate(condition.arguments):
                    if argument == split_input:
                        pointer = (*condition.pointer, "arguments", index)
                        copies.append(dataclasses.replace(reference, pointer=pointer))
    return references + copies


def liquid_uses(
    tree: JsonTree, flow: Flow, wanted: Callable[[LiquidReference], bool] | None = None
) -> list[LiquidUse]:
    """Every Liquid variable path in the flow (or those `wanted`: locating them is most of
    the cost), with file spans for it and its segments."""
    uses = []
    for reference in _with_split_copies(flow, wanted):
        span = reference.span(tree)
        parts = list(written_segments(reference.written))
        if span is None or not parts:
            continue
        spans = []
        for _, (start, end), _ in parts:
            located = string_span(
                tree, reference.pointer, reference.start + start, reference.start + end
            )
            if located is None:
                break
            spans.append(located)
        else:
            uses.append(
                LiquidUse(
                    reference=reference,
                    segments=tuple(part[0] for part in parts),
                    span=span,
                    segment_spans=tuple(spans),
                    bracketed=tuple(part[2] for part in parts),
                )
            )
    return uses
