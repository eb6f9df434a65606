"""Where every widget of an analysed document is defined and referenced, with file spans.

Built once per analysis snapshot (on first use) from the engine's JSON tree and flow model:
widget `name` values, transition `next` values, `initial_state`, and Liquid paths such as
`{{widgets.lookup.parsed.name}}`. Navigation, hover, rename and completion all read it.
"""

from __future__ import annotations

import bisect
import enum
from dataclasses import dataclass, field

from flowlint.lsp.liquid_locations import LiquidUse, liquid_uses
from flowlint.model.documents import Document
from flowlint.model.flow import Flow, Transition, Widget
from flowlint.source.pointer import Pointer
from flowlint.source.tree import JsonTree

Span = tuple[int, int]


class SiteKind(enum.Enum):
    DEFINITION = "definition"
    """The `name` value of a widget."""
    TRANSITION = "transition"
    """A transition's `next` value."""
    INITIAL_STATE = "initial_state"
    LIQUID = "liquid"
    """`widgets.<name>` in a Liquid block."""


@dataclass(frozen=True)
class WidgetSite:
    """A place in the file that names a widget."""

    kind: SiteKind
    flow_index: int
    name: str
    span: Span
    """The JSON string value (with its quotes), or the name as written in Liquid (a bracketed
    key with its brackets)."""
    widget: Widget | None
    """The widget the site belongs to (the source widget of a transition, the widget whose
    string holds the Liquid, the widget itself for a definition)."""
    pointer: Pointer
    transition: Transition | None = None
    liquid: LiquidUse | None = None
    bracketed: bool = False

    def contains(self, offset: int) -> bool:
        return self.span[0] <= offset <= self.span[1]


@dataclass
class FlowIndex:
    """Sites of one document, searchable by position and by widget name."""

    tree: JsonTree
    document: Document
    sites: list[WidgetSite] = field(default_factory=list)
    liquid: list[LiquidUse] = field(default_factory=list)
    _by_name: dict[tuple[int, str], list[WidgetSite]] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)
    _liquid_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        for flow_index, flow in enumerate(self.document.flows):
            self._index_flow(flow_index, flow)
        self.sites.sort(key=lambda site: site.span)
        self._starts = [site.span[0] for site in self.sites]
        self.liquid.sort(key=lambda use: use.span)
        self._liquid_starts = [use.span[0] for use in self.liquid]
        for site in self.sites:
            self._by_name.setdefault((site.flow_index, site.name), []).append(site)

    def _add(self, site: WidgetSite) -> None:
        self.sites.append(site)

    def _index_flow(self, flow_index: int, flow: Flow) -> None:
        tree = self.tree
        initial_span = tree.value_span(flow.initial_state_pointer)
        if flow.initial_state and initial_span is not None:
            self._add(
                WidgetSite(
                    SiteKind.INITIAL_STATE,
                    flow_index,
                    flow.initial_state,
                    initial_span,
                    None,
                    flow.initial_state_pointer,
                )
            )
        for widget in flow.widgets:
            name_span = tree.value_span(widget.name_pointer)
            if widget.name is not None and name_span is not None:
                self._add(
                    WidgetSite(
                        SiteKind.DEFINITION,
                        flow_index,
                        widget.name,
                        name_span,
                        widget,
                        widget.name_pointer,
                    )
                )
            for transition in widget.transitions:
                if transition.next is None:
                    continue
                span = tree.value_span(transition.next_pointer)
                if span is not None:
                    self._add(
                        WidgetSite(
                            SiteKind.TRANSITION,
                            flow_index,
                            transition.next,
                            span,
                            widget,
                            transition.next_pointer,
                            transition=transition,
                        )
                    )
        for use in liquid_uses(tree, flow):
            self.liquid.append(use)
            if use.root == "widgets" and len(use.segments) > 1 and isinstance(use.segments[1], str):
                self._add(
                    WidgetSite(
                        SiteKind.LIQUID,
                        flow_index,
                        use.segments[1],
                        use.segment_spans[1],
                        use.widget,
                        use.pointer,
                        liquid=use,
                        bracketed=use.bracketed[1],
                    )
                )

    # -- queries -------------------------------------------------------------------------------

    def site_at(self, offset: int) -> WidgetSite | None:
        """The site whose span holds `offset` (its ends included)."""
        position = bisect.bisect_right(self._starts, offset) - 1
        for candidate in (position, position - 1):
            if 0 <= candidate < len(self.sites) and self.sites[candidate].contains(offset):
                return self.sites[candidate]
        return None

    def liquid_at(self, offset: int) -> LiquidUse | None:
        position = bisect.bisect_right(self._liquid_starts, offset) - 1
        if position >= 0:
            use = self.liquid[position]
            if use.span[0] <= offset <= use.span[1]:
                return use
        return None

    def sites_of(self, flow_index: int, name: str) -> list[WidgetSite]:
        """Every site naming widget `name` in the flow, in file order."""
        return self._by_name.get((flow_index, name), [])

    def definition(self, flow_index: int, name: str) -> WidgetSite | None:
        for site in self.sites_of(flow_index, name):
            if site.kind is SiteKind.DEFINITION:
                return site
        return None

    def flow_of(self, pointer: Pointer) -> tuple[int, Flow] | None:
        """The flow whose definition holds the node at `pointer`."""
        for flow_index, flow in enumerate(self.document.flows):
            if pointer[: len(flow.pointer)] == flow.pointer:
                return flow_index, flow
        return None

    def widget_at_pointer(self, pointer: Pointer) -> tuple[int, Widget] | None:
        """The widget whose object holds the node at `pointer`."""
        located = self.flow_of(pointer)
        if located is None:
            return None
        flow_index, flow = located
        depth = len(flow.pointer)
        if len(pointer) <= depth + 1 or pointer[depth] != "states":
            return None
        position = pointer[depth + 1]
        for widget in flow.widgets:
            if widget.index == position:
                return flow_index, widget
        return None
