"""Per-widget views of a document: highlights of a widget's name and every reference to it,
folding ranges per widget (and per `transitions`/`properties` block), and code lenses that
list each widget's incoming transitions. All read the flow index (`flow_index`)."""

from __future__ import annotations

from lsprotocol import types

from flowlint.lsp.flow_index import SiteKind, WidgetSite
from flowlint.lsp.model_view import ModelView
from flowlint.source.text_safety import escape_unsafe

LENS_SOURCES_SHOWN = 3
"""How many incoming transitions a code lens names before "…"."""


def highlights(view: ModelView, position: types.Position) -> list[types.DocumentHighlight]:
    """The widget name under the cursor (a definition, `next`, `initial_state` or Liquid
    `widgets.<name>`) and every other place naming it: its definition as Write, the rest as
    Read."""
    offset, _ = view.offset_at(position)
    site = view.index.site_at(offset)
    if site is None:
        return []
    found = []
    for other in view.index.sites_of(site.flow_index, site.name):
        current = view.current_range(other.span)
        if current is None:
            continue
        kind = (
            types.DocumentHighlightKind.Write
            if other.kind is SiteKind.DEFINITION
            else types.DocumentHighlightKind.Read
        )
        found.append(types.DocumentHighlight(range=current, kind=kind))
    return found


def _fold(view: ModelView, span: tuple[int, int] | None) -> types.FoldingRange | None:
    """A fold from a container's opening line to the line before its closing bracket (which
    stays visible, as in editors' own JSON folding)."""
    if span is None:
        return None
    current = view.current_range(span, clamp=True)
    if current is None or current.end.line - 1 <= current.start.line:
        return None
    return types.FoldingRange(
        start_line=current.start.line,
        end_line=current.end.line - 1,
        kind=types.FoldingRangeKind.Region,
    )


def folding_ranges(view: ModelView) -> list[types.FoldingRange]:
    """One fold per widget, and one per widget's `transitions` and `properties` block."""
    tree = view.tree
    ranges = []
    for flow in view.model.flows:
        for widget in flow.widgets:
            for pointer in (
                widget.pointer,
                (*widget.pointer, "transitions"),
                (*widget.pointer, "properties"),
            ):
                fold = _fold(view, tree.value_span(pointer))
                if fold is not None:
                    ranges.append(fold)
    ranges.sort(key=lambda fold: (fold.start_line, -fold.end_line))
    return ranges


def _source(site: WidgetSite) -> str:
    if site.kind is SiteKind.INITIAL_STATE:
        return "initial_state"
    source = site.widget.label if site.widget is not None else "?"
    event = site.transition.event if site.transition is not None else None
    return f"{source}.{event or '?'}"


def code_lenses(view: ModelView) -> list[types.CodeLens]:
    """Above each widget's name: how many transitions lead to it, and from where
    (`3 incoming: ask.incomingMessage, route.noMatch, …`). The trigger has none."""
    lenses = []
    index = view.index
    for flow_index, flow in enumerate(view.model.flows):
        for widget in flow.widgets:
            if widget.name is None or widget.type == "trigger":
                continue
            definition = index.definition(flow_index, widget.name)
            if definition is None or definition.widget is not widget:
                continue
            current = view.current_range(definition.span)
            if current is None:
                continue
            incoming = [
                site
                for site in index.sites_of(flow_index, widget.name)
                if site.kind in (SiteKind.TRANSITION, SiteKind.INITIAL_STATE)
            ]
            if incoming:
                names = [_source(site) for site in incoming[:LENS_SOURCES_SHOWN]]
                more = ", …" if len(incoming) > LENS_SOURCES_SHOWN else ""
                title = f"{len(incoming)} incoming: {', '.join(names)}{more}"
            else:
                title = "no incoming transition"
            lenses.append(
                types.CodeLens(
                    range=current,
                    command=types.Command(title=escape_unsafe(title), command=""),
                )
            )
    return lenses
