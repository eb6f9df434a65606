"""Completion: widget names, events, widget types, property keys and Liquid paths.

The cursor module says what is being typed (from the current buffer, valid or not); the flow
model (possibly from the last valid text) says which widget and flow the cursor is in:

- `next` and `initial_state` values: the flow's widget names;
- `event` values: the events of the widget's type not used by another transition yet;
- a widget's `type` value: every widget type of the catalog;
- keys in a widget's `properties`: the keys its type's schema declares, not present yet
  (required ones first), with a snippet for the value by its type (`property_help`);
- a property's value: its schema's `enum` (or `examples`), `true`/`false` for a boolean;
- a split-based-on condition's `type`: the comparison operators;
- inside `{{ … }}` / `{% … %}`: `widgets.` names then that widget's outputs,
  `flow.variables.` keys set by set-variables widgets that can run before this one,
  `trigger.` kinds whose trigger event reaches this widget, `flow.` and `contact.` keys.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from lsprotocol import types

from flowlint.graph.execution_order import execution_order
from flowlint.lsp import liquid_context, property_help
from flowlint.lsp.cursor import Cursor, cursor_at
from flowlint.lsp.documents import OpenDocument
from flowlint.lsp.hover import type_summary, widget_summary
from flowlint.lsp.model_view import ModelView
from flowlint.lsp.navigation import LIQUID_SAFE_NAME
from flowlint.model.catalog import widget_type, widget_types
from flowlint.model.flow import Flow, Widget
from flowlint.source.pointer import Pointer
from flowlint.source.text_safety import escape_unsafe

TRIGGER_CHARACTERS = ['"', ".", "{"]

_LIQUID_PATH = re.compile(r"([A-Za-z_][\w\-]*)((?:\s*\.\s*[\w\-]*)*)$")


@dataclass
class _Where:
    """Where the cursor is in the flow model."""

    flow: Flow | None
    widget: Widget | None
    relative: Pointer
    """The cursor's node relative to the widget (`("transitions", 0, "event")`)."""
    on_key: bool


def _locate(view: ModelView, position: types.Position) -> _Where:
    offset, _ = view.offset_at(position)
    pointer, on_key = view.tree.node_at(offset)
    located = view.index.widget_at_pointer(pointer)
    if located is not None:
        widget = located[1]
        return _Where(widget.flow, widget, pointer[len(widget.pointer) :], on_key)
    found = view.index.flow_of(pointer)
    flows = view.model.flows
    flow = found[1] if found is not None else (flows[0] if len(flows) == 1 else None)
    return _Where(flow, None, (), on_key)


@dataclass(frozen=True)
class ClientSupport:
    """What the client's completion capabilities allow."""

    insert_replace: bool = False
    """InsertReplaceEdit (insert up to the cursor, or replace the whole word)."""
    default_edit_range: bool = False
    """`itemDefaults.editRange` (LSP 3.17): one range for the whole list."""
    default_data: bool = False
    snippets: bool = False
    """Snippet insert texts (`${1|GET,POST|}`)."""


class _Items:
    """Builds items that all replace what was typed of the current word: one edit range
    for the whole list, sent once as `itemDefaults` when the client supports it (a flow
    with a thousand widgets then costs a thousand short items, not a thousand ranges)."""

    def __init__(
        self,
        document: OpenDocument,
        start: int,
        end: int,
        replace_end: int,
        quote: bool,
        support: ClientSupport,
    ) -> None:
        lines = document.lines
        self.quote = quote
        self.support = support
        self.insert = lines.range((start, end))
        self.replace = (
            lines.range((start, replace_end))
            if support.insert_replace and replace_end > end
            else None
        )
        self.items: list[types.CompletionItem] = []
        self.data: dict[str, Any] | None = None

    def add(
        self,
        label: str,
        kind: types.CompletionItemKind,
        detail: str = "",
        documentation: str = "",
        deprecated: bool = False,
        ordered: bool = True,
        text: str | None = None,
        snippet: bool = False,
        filter_text: str | None = None,
    ) -> None:
        """`ordered`: keep the order items are added in (else the client sorts by label).
        `text`: what to insert, when not the label as a JSON string (or its contents)."""
        if text is None:
            text = json.dumps(label) if self.quote else json.dumps(label)[1:-1]
        # What the editor shows is escaped; what it inserts (`text`, JSON-encoded) is exact.
        item = types.CompletionItem(
            label=escape_unsafe(label),
            kind=kind,
            detail=escape_unsafe(detail) or None,
            documentation=(
                types.MarkupContent(
                    kind=types.MarkupKind.Markdown, value=escape_unsafe(documentation, keep="\n")
                )
                if documentation
                else None
            ),
            tags=[types.CompletionItemTag.Deprecated] if deprecated else None,
            sort_text=f"{len(self.items):05d}" if ordered else None,
            insert_text_format=types.InsertTextFormat.Snippet if snippet else None,
        )
        if self.support.default_edit_range:
            if text != label:
                item.text_edit_text = text
        elif self.replace is not None:
            item.text_edit = types.InsertReplaceEdit(
                new_text=text, insert=self.insert, replace=self.replace
            )
        else:
            item.text_edit = types.TextEdit(range=self.insert, new_text=text)
        if filter_text is not None:
            item.filter_text = filter_text
        elif text != label:
            item.filter_text = text
        self.items.append(item)

    def completion_list(self) -> types.CompletionList:
        defaults = None
        if self.support.default_edit_range and self.items:
            edit_range: types.Range | types.EditRangeWithInsertReplace = self.insert
            if self.replace is not None:
                edit_range = types.EditRangeWithInsertReplace(
                    insert=self.insert, replace=self.replace
                )
            defaults = types.CompletionItemDefaults(edit_range=edit_range)
        if self.data is not None:
            if self.support.default_data:
                defaults = defaults or types.CompletionItemDefaults()
                defaults.data = self.data
            else:
                for item in self.items:
                    item.data = self.data
        return types.CompletionList(is_incomplete=False, items=self.items, item_defaults=defaults)


def _widget_names(items: _Items, flow: Flow, cache: dict[Any, Any]) -> None:
    # With one shared edit range the items depend only on the model: a large flow's thousand
    # items are built once per analysis, not on every keystroke.
    key = ("widget names", id(flow), items.quote) if items.support.default_edit_range else None
    cached = cache.get(key) if key is not None else None
    if cached is not None:
        items.items.extend(cached)
    else:
        for widget in flow.widgets:
            if widget.name is None or widget.type == "trigger":
                continue
            items.add(
                widget.name, types.CompletionItemKind.Reference, widget.type or "", ordered=False
            )
        if key is not None:
            cache[key] = list(items.items)
    # Each widget's summary is filled in on completionItem/resolve: building it for every
    # widget of a large flow would make each completion slow.
    items.data = {"resolve": "widget"}


def _events(items: _Items, widget: Widget, relative: Pointer) -> None:
    known = widget_type(widget.type)
    if known is None:
        return
    this_entry = relative[1] if len(relative) > 1 else None
    used = {t.event for t in widget.transitions if t.index != this_entry}
    for event in known.event_order:
        if event in used:
            continue
        note = "a failure-style event: connect it" if event in known.unhandled_events else ""
        items.add(event, types.CompletionItemKind.Event, note)


def _types(items: _Items) -> None:
    for name, known in sorted(widget_types().items()):
        items.add(
            name,
            types.CompletionItemKind.Class,
            known.docs.partition(":")[0] if known.docs else "",
            type_summary(name),
            deprecated=bool(known.deprecated),
        )


def _property_keys(
    document: OpenDocument, cursor: Cursor, widget: Widget, support: ClientSupport
) -> _Items:
    """Keys of the widget's type not present yet, required ones first. Typed on a blank spot
    or in a lone `""`, the item inserts `"key": value` (a snippet when the client takes
    them); in a key already followed by `:`, only the name."""
    text = document.text
    offset = cursor.offset
    with_value = True
    if cursor.in_string:
        assert cursor.string_start is not None and cursor.string_end is not None
        end = cursor.string_end
        closed = end > cursor.string_start and end < len(text) and text[end] == '"'
        after = text[end + 1 : document.lines.line_end(offset)].lstrip() if closed else ""
        if after.startswith(":"):
            with_value = False
            items = _Items(document, cursor.string_start + 1, offset, end, False, support)
        else:
            end = end + 1 if closed else end
            items = _Items(document, cursor.string_start, end, end, True, support)
    else:
        items = _Items(document, offset, offset, offset, True, support)
    declared = property_help.widget_properties(widget.type)
    ordered = sorted(declared.values(), key=lambda help: not help.required)
    for help in ordered:
        if help.name in widget.properties:
            continue
        detail = ("required · " if help.required else "") + help.description
        documentation = property_help.property_markdown(help)
        if not with_value:
            items.add(help.name, types.CompletionItemKind.Property, detail, documentation)
            continue
        value = (
            property_help.value_snippet(help)
            if support.snippets
            else property_help.plain_value(help)
        )
        items.add(
            help.name,
            types.CompletionItemKind.Property,
            detail,
            documentation,
            text=f"{json.dumps(help.name)}: {value}",
            snippet=support.snippets,
            filter_text=json.dumps(help.name),
        )
    return items


def _values(items: _Items, help: property_help.PropertyHelp, in_string: bool) -> None:
    """The values a property takes (its enum, else its examples; true/false for a boolean)."""
    values = help.values
    if not values and "boolean" in help.json_types:
        values = [True, False]
    default = help.schema.get("default")
    for value in values:
        if in_string and not isinstance(value, str):
            continue
        label = value if isinstance(value, str) else json.dumps(value)
        text = None if isinstance(value, str) else label
        note = "default" if help.has_default and value == default else ""
        items.add(label, types.CompletionItemKind.EnumMember, note, text=text)


# -- Liquid --------------------------------------------------------------------------------------


def _liquid_expression(typed: str) -> str | None:
    """The Liquid typed so far in an open `{{`/`{%` block of the string, or None."""
    opening = max(typed.rfind("{{"), typed.rfind("{%"))
    if opening < 0:
        return None
    expression = typed[opening + 2 :]
    if "}}" in expression or "%}" in expression:
        return None
    return expression.lstrip("-")


def _liquid(
    document: OpenDocument, cursor: Cursor, expression: str, where: _Where, support: ClientSupport
) -> types.CompletionList:
    match = _LIQUID_PATH.search(expression)
    if match is None:
        if expression.strip() and not expression.endswith((" ", "(", ",", ":")):
            return types.CompletionList(is_incomplete=False, items=[])
        path: list[str] = []
        partial = ""
    else:
        parts = [part.strip() for part in (match.group(1) + match.group(2)).split(".")]
        path, partial = parts[:-1], parts[-1]
    start = cursor.offset - len(partial)
    items = _Items(document, start, cursor.offset, cursor.offset, False, support)
    flow, reader = where.flow, where.widget
    if not path:
        for key, description in liquid_context.children(liquid_context.ROOTS).items():
            items.add(key, types.CompletionItemKind.Module, description)
    elif path[0] == "widgets" and flow is not None:
        if len(path) == 1:
            for widget in flow.widgets:
                if (
                    widget.name
                    and widget.type != "trigger"
                    and LIQUID_SAFE_NAME.fullmatch(widget.name)
                ):
                    items.add(widget.name, types.CompletionItemKind.Reference, widget.type or "")
        else:
            target = flow.widgets_by_name.get(path[1])
            if target is not None:
                for key, kind in liquid_context.widget_outputs(target, tuple(path[2:])).items():
                    items.add(key, types.CompletionItemKind.Field, kind)
    elif path == ["flow", "variables"] and flow is not None:
        for key, detail in _flow_variables(flow, reader).items():
            items.add(key, types.CompletionItemKind.Variable, detail)
    else:
        node = liquid_context.lookup(tuple(path))
        if isinstance(node, dict):
            kinds = _trigger_kinds(flow, reader) if path == ["trigger"] else None
            for key, description in liquid_context.children(node).items():
                if kinds is None or key in kinds:
                    items.add(key, types.CompletionItemKind.Field, description)
    return items.completion_list()


def _trigger_kinds(flow: Flow | None, reader: Widget | None) -> set[str] | None:
    """The `trigger.` keys that can be set when `reader` runs: those of the trigger events
    whose branch reaches it (None when unknown: then all are offered)."""
    if flow is None or reader is None or reader.name is None:
        return None
    order = execution_order(flow)
    kinds = set()
    for widget in flow.widgets:
        if widget.type != "trigger":
            continue
        for transition in widget.transitions:
            kind = liquid_context.TRIGGER_EVENTS.get(transition.event or "")
            target = transition.next
            if kind and target and (target == reader.name or order.reaches(target, reader.name)):
                kinds.add(kind)
    return kinds or None


def _flow_variables(flow: Flow, reader: Widget | None) -> dict[str, str]:
    """Keys set by set-variables widgets that can run before `reader` (all, if unknown)."""
    order = execution_order(flow) if reader is not None and reader.name else None
    found: dict[str, str] = {}
    for widget in flow.widgets:
        if widget.type != "set-variables" or widget.name is None:
            continue
        if (
            order is not None
            and reader is not None
            and reader.name is not None
            and not order.can_run_before(widget.name, reader.name)
        ):
            continue
        for entry in widget.properties.get("variables") or []:
            if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                found.setdefault(entry["key"].strip(), f"set by {widget.name}")
    return found


def resolve(item: types.CompletionItem, view: ModelView | None) -> types.CompletionItem:
    """Add the documentation of a widget-name item (see `_widget_names`)."""
    data = item.data if isinstance(item.data, dict) else {}
    name = item.label
    if view is None or data.get("resolve") != "widget" or item.documentation is not None:
        return item
    for flow in view.model.flows:
        widget = flow.widgets_by_name.get(name)
        if widget is not None:
            item.documentation = types.MarkupContent(
                kind=types.MarkupKind.Markdown, value=widget_summary(widget)
            )
            break
    return item


# -- entry point ---------------------------------------------------------------------------------


def complete(
    document: OpenDocument,
    view: ModelView | None,
    position: types.Position,
    support: ClientSupport | None = None,
) -> types.CompletionList:
    support = support or ClientSupport()
    if view is None:
        return types.CompletionList(is_incomplete=False, items=[])
    offset = document.lines.offset(position)
    cursor = cursor_at(document.text, document.lines, offset)
    where = _locate(view, position)
    widget = where.widget
    if cursor.in_string:
        assert cursor.string_start is not None and cursor.string_end is not None
        if not cursor.at_key:
            expression = _liquid_expression(cursor.typed(document.text))
            if expression is not None:
                return _liquid(document, cursor, expression, where, support)
        items = _Items(document, cursor.string_start + 1, offset, cursor.string_end, False, support)
    else:
        items = _Items(document, offset, offset, offset, True, support)
    key = cursor.key
    in_properties = where.relative[:1] == ("properties",) and len(where.relative) <= 2
    if cursor.at_key:
        if widget is not None and in_properties:
            return _property_keys(document, cursor, widget, support).completion_list()
    elif (
        widget is not None
        and in_properties
        and key is not None
        and key in (declared := property_help.widget_properties(widget.type))
    ):
        _values(items, declared[key], cursor.in_string)
    elif (
        key == "type"
        and widget is not None
        and widget.type == "split-based-on"
        and (where.relative[:1] == ("transitions",))
    ):
        operators = property_help.condition_fields().get("type")
        if operators is not None:
            _values(items, operators, cursor.in_string)
    elif key in ("next", "initial_state") and where.flow is not None:
        _widget_names(items, where.flow, view.analysis.request_cache)
    elif key == "event" and widget is not None and where.relative[:1] == ("transitions",):
        _events(items, widget, where.relative)
    elif key == "type" and (widget is None or where.relative in ((), ("type",))):
        _types(items)
    return items.completion_list()
