"""Go to definition, find references, rename, and the document outline.

A widget is named in four kinds of places (see `flow_index.SiteKind`): its own `name`,
transitions' `next`, the flow's `initial_state`, and `{{widgets.<name>…}}` in Liquid. Every
feature here starts from the site under the cursor and works on the sites with the same name
in the same flow.
"""

from __future__ import annotations

import json
import re

from lsprotocol import types

from flowlint.lsp.flow_index import SiteKind, WidgetSite
from flowlint.lsp.model_view import ModelView
from flowlint.model.flow import Flow, Widget
from flowlint.source.text_safety import escape_unsafe

LIQUID_SAFE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
"""Names usable in Liquid dot notation (`{{widgets.NAME.field}}`) and in every Studio field."""


class RenameRefused(Exception):
    """The new name cannot be used; the message says why."""


def _site_under_cursor(view: ModelView, position: types.Position) -> WidgetSite | None:
    offset, _ = view.offset_at(position)
    return view.index.site_at(offset)


def names_widget(view: ModelView, position: types.Position) -> bool:
    """Whether the cursor is on a widget's name (its definition or a reference to it)."""
    return _site_under_cursor(view, position) is not None


def _location(view: ModelView, site: WidgetSite) -> types.Location | None:
    current = view.current_range(site.span)
    if current is None:
        return None
    return types.Location(uri=view.document.uri, range=current)


def definition(view: ModelView, position: types.Position) -> list[types.Location]:
    """The `name` of the widget a `next`, `initial_state` or Liquid path refers to."""
    site = _site_under_cursor(view, position)
    if site is None:
        return []
    target = view.index.definition(site.flow_index, site.name)
    if target is None:
        return []
    location = _location(view, target)
    return [location] if location is not None else []


def references(
    view: ModelView, position: types.Position, include_declaration: bool
) -> list[types.Location]:
    """Every transition into the widget under the cursor and every Liquid path reading it."""
    site = _site_under_cursor(view, position)
    if site is None:
        return []
    locations = []
    for other in view.index.sites_of(site.flow_index, site.name):
        if other.kind is SiteKind.DEFINITION and not include_declaration:
            continue
        location = _location(view, other)
        if location is not None:
            locations.append(location)
    return locations


def _name_span(view: ModelView, site: WidgetSite) -> tuple[int, int]:
    """The characters of the name itself (inside the quotes of a JSON string)."""
    start, end = site.span
    if site.kind is SiteKind.LIQUID:
        return (start, end) if not site.bracketed else (start + 2, end - 2)
    return start + 1, end - 1


def prepare_rename(
    view: ModelView, position: types.Position
) -> types.PrepareRenamePlaceholder | None:
    site = _site_under_cursor(view, position)
    if site is None or view.index.definition(site.flow_index, site.name) is None:
        return None
    current = view.current_range(_name_span(view, site))
    if current is None:
        return None
    return types.PrepareRenamePlaceholder(range=current, placeholder=site.name)


def check_new_name(flow: Flow, old: str, new: str) -> None:
    """Raise RenameRefused unless `new` can replace widget name `old` in `flow`."""
    if not LIQUID_SAFE_NAME.fullmatch(new):
        raise RenameRefused(
            f"'{new}' cannot be used as a widget name: use letters, digits and underscores, "
            "not starting with a digit, so that {{widgets." + new + ".…}} works in Liquid"
        )
    if new != old and new in flow.widgets_by_name:
        raise RenameRefused(f"a widget named '{new}' already exists in this flow")


def rename_edits(view: ModelView, position: types.Position, new_name: str) -> list[types.TextEdit]:
    """The edits renaming the widget under the cursor everywhere (needs a fresh view)."""
    site = _site_under_cursor(view, position)
    if site is None or view.index.definition(site.flow_index, site.name) is None:
        raise RenameRefused("there is no widget name here to rename")
    flow = view.model.flows[site.flow_index]
    check_new_name(flow, site.name, new_name)
    if new_name == site.name:
        return []
    lines = view.document.lines
    edits = []
    for other in view.index.sites_of(site.flow_index, site.name):
        if other.kind is SiteKind.LIQUID:
            replacement = f".{new_name}" if other.bracketed else new_name
        else:
            replacement = json.dumps(new_name)
        edits.append(types.TextEdit(range=lines.range(other.span), new_text=replacement))
    return edits


def workspace_edit(
    view: ModelView, edits: list[types.TextEdit], use_document_changes: bool
) -> types.WorkspaceEdit:
    """Edits to one document, versioned when the client supports it (so a stale edit is
    refused by the client instead of corrupting the buffer)."""
    if not use_document_changes:
        return types.WorkspaceEdit(changes={view.document.uri: edits})
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=view.document.uri, version=view.document.version
                ),
                edits=list(edits),
            )
        ]
    )


# -- outline -------------------------------------------------------------------------------------


def _widget_symbol(view: ModelView, widget: Widget) -> types.DocumentSymbol | None:
    tree = view.tree
    object_span = tree.value_span(widget.pointer)
    if object_span is None:
        return None
    whole = view.current_range(object_span, clamp=True)
    if whole is None:
        return None
    name_span = tree.value_span(widget.name_pointer)
    selection = view.current_range(name_span, clamp=True) if name_span is not None else None
    if selection is None or not _inside(selection, whole):
        selection = types.Range(start=whole.start, end=whole.start)
    children = []
    for transition in widget.transitions:
        span = tree.value_span(transition.pointer)
        current = view.current_range(span, clamp=True) if span is not None else None
        if current is None or not _inside(current, whole):
            continue
        target = transition.next or "(ends)"
        children.append(
            types.DocumentSymbol(
                name=escape_unsafe(f"{transition.event or '?'} → {target}"),
                kind=types.SymbolKind.Event,
                range=current,
                selection_range=current,
            )
        )
    return types.DocumentSymbol(
        name=escape_unsafe(widget.label),
        detail=escape_unsafe(widget.type or ""),
        kind=types.SymbolKind.Event if widget.type == "trigger" else types.SymbolKind.Function,
        range=whole,
        selection_range=selection,
        children=children,
    )


def _inside(inner: types.Range, outer: types.Range) -> bool:
    def key(position: types.Position) -> tuple[int, int]:
        return position.line, position.character

    return key(outer.start) <= key(inner.start) and key(inner.end) <= key(outer.end)


def document_symbols(view: ModelView) -> list[types.DocumentSymbol]:
    """Every widget with its type (and its transitions as children), per flow when the file
    holds several."""
    flows = view.model.flows
    per_flow = []
    for flow in flows:
        symbols = [s for w in flow.widgets if (s := _widget_symbol(view, w)) is not None]
        per_flow.append((flow, symbols))
    if len(flows) == 1:
        return per_flow[0][1]
    grouped = []
    for index, (flow, symbols) in enumerate(per_flow):
        span = view.tree.value_span(flow.pointer)
        whole = view.current_range(span, clamp=True) if span is not None else None
        if whole is None:
            continue
        grouped.append(
            types.DocumentSymbol(
                name=escape_unsafe(flow.label or f"flow {index + 1}"),
                kind=types.SymbolKind.Module,
                range=whole,
                selection_range=types.Range(start=whole.start, end=whole.start),
                children=symbols,
            )
        )
    return grouped
