"""The Liquid of a whole flow: each template with its analysis, and typed references.

`flow_liquid(flow)` analyses every Liquid string of every widget once and keeps the result for
the flow, so the seven Liquid rules share one pass. A `LiquidReference` is one variable path a
widget reads (`widgets.lookup.parsed.name`, `flow.variables.count`, `trigger.call.From`), with
the widget, the JSON Pointer of the string holding it and its offsets inside that string;
`span(tree)` turns those into a file span through the string's JSON escapes.
"""

from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from flowlint.liquid.model import Segment, TemplateAnalysis
from flowlint.liquid.strings import WidgetString, has_liquid, widget_strings
from flowlint.liquid.templates import analyze_template
from flowlint.model.flow import Flow, Widget
from flowlint.source.pointer import Pointer
from flowlint.source.string_offsets import string_span
from flowlint.source.tree import JsonTree, Span

GUARD_FILTERS = frozenset({"default", "plus", "minus"})
"""Filters that give a value when the variable is empty, so an empty variable is handled:
`default`, and the arithmetic that reads empty as 0 (`{{flow.variables.n | plus: 1}}` is the
documented way to count, and is 1 on the first pass)."""


# Not frozen: a frozen dataclass sets each field through object.__setattr__ (three times the
# cost), and a 1 MB flow builds thousands of references (flow-1000 has 2,270). unsafe_hash
# keeps the value equality and hashing that frozen gave; nothing mutates a reference.
@dataclass(slots=True, unsafe_hash=True)
class LiquidReference:
    """One variable path read by a widget's Liquid."""

    segments: tuple[Segment, ...]
    widget: Widget
    pointer: Pointer
    """The string value that holds the template."""
    start: int
    end: int
    """Offsets of the path inside the decoded string."""
    written: str
    """The path as written in the template."""
    filters: tuple[str, ...] = ()
    guarded: bool = False
    """The template tests this path in an `if`/`unless`/`case` (or this is that test)."""

    @property
    def root(self) -> str | None:
        first = self.segments[0] if self.segments else None
        return first if isinstance(first, str) else None

    def segment(self, index: int) -> str | None:
        """The name at `index` of the path, None if absent or not a plain name."""
        if index < len(self.segments):
            value = self.segments[index]
            return value if isinstance(value, str) else None
        return None

    @property
    def handles_empty(self) -> bool:
        """The template deals with an empty value on purpose: `| default: …`, `| plus: …`,
        or an `{% if %}` that tests the path."""
        return self.guarded or not GUARD_FILTERS.isdisjoint(self.filters)

    def span(self, tree: JsonTree) -> Span | None:
        """Where the path sits in the file."""
        return string_span(tree, self.pointer, self.start, self.end)


class LiquidTemplate(NamedTuple):
    """A Liquid string of a widget and its analysis."""

    source: WidgetString
    analysis: TemplateAnalysis


# tuple.__new__ directly, as for WidgetString: one template per Liquid string of the flow.
_template = partial(tuple.__new__, LiquidTemplate)


class FlowLiquid:
    """All the Liquid of one flow."""

    def __init__(self) -> None:
        self.templates: list[LiquidTemplate] = []
        self.references: list[LiquidReference] = []
        self.by_root: dict[str, list[LiquidReference]] = {}

    def references_of(self, widget: Widget) -> list[LiquidReference]:
        return [reference for reference in self.references if reference.widget is widget]

    def references_to(self, root: str) -> list[LiquidReference]:
        """The references whose path starts with `root` (`widgets`, `flow`, `trigger`)."""
        return self.by_root.get(root, [])


def flow_liquid(flow: Flow) -> FlowLiquid:
    """The Liquid templates and references of `flow`, computed once per flow."""
    cached: FlowLiquid | None = flow.derived.get("liquid")
    if cached is not None:
        return cached
    result = FlowLiquid()
    templates, references, by_root = result.templates, result.references, result.by_root
    # The same text recurs across widgets (Console defaults, copied messages): read it once.
    read: dict[str, tuple[TemplateAnalysis, list[_Read]]] = {}
    for widget in flow.widgets:
        for source in widget_strings(widget):
            text = source.text
            if not has_liquid(text):
                continue
            found = read.get(text)
            if found is None:
                found = read[text] = _read(text)
            analysis, reads = found
            templates.append(_template((source, analysis)))
            pointer = source.pointer
            for segments, start, end, written, filters, guarded, root in reads:
                reference = LiquidReference(
                    segments, widget, pointer, start, end, written, filters, guarded
                )
                references.append(reference)
                if root is not None:
                    by_root.setdefault(root, []).append(reference)
    flow.derived["liquid"] = result
    return result


class _Read(NamedTuple):
    """One variable of a template, ready to become a `LiquidReference` in each widget."""

    segments: tuple[Segment, ...]
    start: int
    end: int
    written: str
    filters: tuple[str, ...]
    guarded: bool
    root: str | None


def _read(text: str) -> tuple[TemplateAnalysis, list[_Read]]:
    analysis = analyze_template(text)
    tested = {variable.segments for variable in analysis.variables if variable.tested}
    reads = []
    for variable in analysis.variables:
        segments = variable.segments
        first = segments[0] if segments else None
        reads.append(
            _Read(
                segments,
                variable.start,
                variable.end,
                text[variable.start : variable.end],
                variable.filters,
                segments in tested,
                first if isinstance(first, str) else None,
            )
        )
    return analysis, reads
