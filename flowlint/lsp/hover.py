"""Hover: what a widget name, a widget type, a Liquid path or a diagnostic means.

- on a widget's `name`, a `next` or `initial_state`: the widget's type, its events and where
  each leads;
- on a widget's `type`: that type's documentation, events and outputs;
- on a property (its key or value) or a condition's `type`: what the widget schema says of it
  (type, allowed values, default, Liquid or not) and the Twilio docs page (`property_help`);
- on a Liquid path: what it reads and whether it is set when this widget runs (from the same
  execution-order queries the Liquid rules use);
- on a diagnostic: the rule's documentation.
"""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types

from flowlint.engine.docs import rule_markdown
from flowlint.graph.execution_order import describe_path, execution_order
from flowlint.lsp import liquid_context, property_help
from flowlint.lsp.document_state import DocumentState
from flowlint.lsp.flow_index import WidgetSite
from flowlint.lsp.liquid_locations import LiquidUse
from flowlint.lsp.model_view import ModelView
from flowlint.model.catalog import widget_type
from flowlint.model.flow import Flow, Widget
from flowlint.model.suggest import closest
from flowlint.reporters.markdown_text import code_span, plain
from flowlint.source.pointer import Pointer
from flowlint.source.text_safety import escape_unsafe

Span = tuple[int, int]

# Names, targets, keys and Liquid from the file reach the Markdown only through `code_span`
# (in a code span, fenced and escaped) or `plain` (every Markdown character backslash-escaped),
# so a widget named `**x** [click](http://evil) <img src=x>` shows as exactly that.


def _suggestion(word: str, candidates: Iterable[str]) -> str:
    """`; did you mean `x`?` for a misspelt name, or an empty string."""
    match = closest(word, candidates)
    return f"; did you mean {code_span(match)}?" if match else ""


def _first_sentence(text: str) -> str:
    head, separator, _ = text.partition(". ")
    return head + "." if separator else text


def widget_summary(widget: Widget) -> str:
    """Markdown: the widget, its type, and where each of its events leads."""
    known = widget_type(widget.type)
    lines = [f"**{plain(widget.label)}** · {code_span(widget.type or '?')} widget"]
    if known is not None and known.docs:
        lines += ["", _first_sentence(known.docs)]
    rows = []
    listed = set()
    for transition in widget.transitions:
        event = transition.event or "?"
        listed.add(event)
        target = (
            code_span(transition.next, in_table=True)
            if transition.next
            else "*nowhere: the execution ends*"
        )
        rows.append(f"| {code_span(event, in_table=True)} | {target} |")
    if known is not None:
        for event in known.event_order:
            if event not in listed:
                rows.append(f"| `{event}` | *not listed: the execution ends* |")
    if rows:
        lines += ["", "| Event | Goes to |", "|---|---|", *rows]
    return "\n".join(lines)


def type_summary(type_name: str) -> str:
    known = widget_type(type_name)
    if known is None:
        from flowlint.model.catalog import widget_types

        suggestion = _suggestion(type_name, widget_types())
        return f"Unknown widget type {code_span(type_name)}{suggestion}"
    lines = [f"**`{known.name}`** widget type"]
    if known.deprecated:
        lines += ["", f"**Deprecated:** {known.deprecated}"]
    if known.docs:
        lines += ["", known.docs]
    if known.event_order:
        lines += ["", "Events: " + ", ".join(f"`{event}`" for event in known.event_order)]
    outputs = [key for key in (known.outputs or {}) if key != "*"]
    if outputs:
        lines += ["", "Outputs: " + ", ".join(f"`widgets.<name>.{key}`" for key in outputs)]
    if known.status != "confirmed":
        lines += ["", f"*Catalog status: {known.status}*"]
    return "\n".join(lines)


def _site_hover(view: ModelView, site: WidgetSite) -> str:
    flow = view.model.flows[site.flow_index]
    target = flow.widgets_by_name.get(site.name)
    if target is None:
        suggestion = _suggestion(site.name, flow.widgets_by_name)
        return f"No widget named {code_span(site.name)} in this flow{suggestion}"
    return widget_summary(target)


def _when_set(flow: Flow, reader: Widget, setters: list[str], what: str) -> str:
    """Whether `what` (set by any of `setters`) is set when `reader` runs."""
    order = execution_order(flow)
    name = reader.name
    if name is None or name not in order.reachable:
        return f"{code_span(reader.label)} is not reached from the initial state."
    shown = code_span(name)
    if any(setter != name and order.always_runs_before(setter, name) for setter in setters):
        return f"Always set here: every path to {shown} sets {what} first."
    if any(order.can_run_before(setter, name) for setter in setters):
        path = order.path_avoiding(name, frozenset(setters))
        route = f" For example: {plain(describe_path(flow, path))}" if path else ""
        return f"Set on some paths only: {shown} can run before {what} is set.{route}"
    return f"Never set here: {what} cannot be set before {shown} runs."


def _liquid_hover(view: ModelView, use: LiquidUse) -> str:
    flow = use.widget.flow
    segments = [str(segment) for segment in use.segments]
    written = code_span(use.reference.written)
    if use.root == "widgets" and len(segments) > 1:
        target = flow.widgets_by_name.get(segments[1])
        if target is None:
            return (
                f"{written}: no widget named {code_span(segments[1])} in this flow"
                f"{_suggestion(segments[1], flow.widgets_by_name)}"
            )
        field = ".".join(segments[2:])
        outputs = liquid_context.widget_outputs(target)
        lines = [
            f"{written}: "
            + (f"output {code_span(field)} of " if field else "")
            + widget_summary(target).split("\n")[0]
        ]
        if len(segments) > 2 and segments[2] in outputs:
            lines += ["", f"{code_span(segments[2])}: {plain(outputs[segments[2]])}"]
        elif outputs:
            lines += ["", "Outputs: " + ", ".join(code_span(key) for key in outputs)]
        lines += [
            "",
            _when_set(
                flow, use.widget, [target.name or ""], f"{code_span(target.label)}'s outputs"
            ),
        ]
        return "\n".join(lines)
    if segments[:2] == ["flow", "variables"] and len(segments) > 2:
        key = segments[2]
        setters = [
            widget.name
            for widget in flow.widgets
            if widget.name is not None and key in _variable_keys(widget)
        ]
        if not setters:
            return f"{written}: no set-variables widget in this flow sets {code_span(key)}."
        by = ", ".join(code_span(name) for name in setters)
        return f"{written}: flow variable set by {by}.\n\n" + _when_set(
            flow, use.widget, setters, code_span(key)
        )
    node = liquid_context.lookup(tuple(segments))
    description = liquid_context.describe(node) or "Studio context"
    # Say what the enclosing object is too: `trigger.message.From` → "the incoming message".
    for depth in range(len(segments) - 1, 0, -1):
        parent = liquid_context.describe(liquid_context.lookup(tuple(segments[:depth])))
        if parent and isinstance(liquid_context.lookup(tuple(segments[:depth])), dict):
            enclosing = code_span(".".join(segments[:depth]))
            return f"{written}: {description}\n\nIn {enclosing}: {parent}"
    return f"{written}: {description}"


def _variable_keys(widget: Widget) -> set[str]:
    if widget.type != "set-variables":
        return set()
    entries = widget.properties.get("variables")
    return {
        entry["key"].strip()
        for entry in entries or []
        if isinstance(entry, dict) and isinstance(entry.get("key"), str)
    }


def _model_hover(view: ModelView, position: types.Position) -> tuple[str, Span] | None:
    offset, _ = view.offset_at(position)
    index = view.index
    use = index.liquid_at(offset)
    if use is not None:
        return _liquid_hover(view, use), use.span
    site = index.site_at(offset)
    if site is not None:
        return _site_hover(view, site), site.span
    pointer, on_key = view.tree.node_at(offset)
    located = index.widget_at_pointer(pointer)
    if located is None:
        return None
    widget = located[1]
    if pointer == widget.type_pointer and widget.type is not None and not on_key:
        span = view.tree.value_span(pointer)
        if span is not None:
            return type_summary(widget.type), span
    return _property_hover(view, widget, pointer, on_key)


def _property_hover(
    view: ModelView, widget: Widget, pointer: Pointer, on_key: bool
) -> tuple[str, Span] | None:
    """The schema's help on the property (or condition field) whose key or value is at
    `pointer`."""
    relative = pointer[len(widget.pointer) :]
    help = None
    if len(relative) == 2 and relative[0] == "properties":
        help = property_help.widget_properties(widget.type).get(str(relative[1]))
    elif (
        len(relative) == 5
        and relative[0] == "transitions"
        and relative[2] == "conditions"
        and widget.type == "split-based-on"
    ):
        help = property_help.condition_fields().get(str(relative[4]))
    if help is None:
        return None
    span = view.tree.key_span(pointer) if on_key else view.tree.value_span(pointer)
    if span is None:
        return None
    return property_help.property_markdown(help), span


def _diagnostic_docs(state: DocumentState, offset: int) -> tuple[list[str], Span | None]:
    """The documentation of the rules whose current diagnostics cover `offset`."""
    latest = state.latest
    if latest is None or latest.result is None or latest.config.linter is None:
        return [], None
    registry = latest.config.linter.registry
    document = state.document
    parts: list[str] = []
    covered: Span | None = None
    seen: set[str] = set()
    for diagnostic in latest.result.diagnostics:
        span = document.span_to_current(
            (diagnostic.start_offset, diagnostic.end_offset), latest.revision
        )
        if span is None or not span[0] <= offset <= span[1] or diagnostic.rule in seen:
            continue
        rule = registry.by_name.get(diagnostic.rule)
        if rule is None:
            continue
        seen.add(diagnostic.rule)
        covered = covered or span
        parts.append(rule_markdown(rule, heading="###"))
    return parts, covered


def hover(
    state: DocumentState, view: ModelView | None, position: types.Position
) -> types.Hover | None:
    parts: list[str] = []
    span: Span | None = None
    if view is not None:
        found = _model_hover(view, position)
        if found is not None:
            text, model_span = found
            parts.append(text)
            span = view.current_span(model_span)
    offset = state.document.lines.offset(position)
    docs, covered = _diagnostic_docs(state, offset)
    parts.extend(docs)
    if not parts:
        return None
    span = span or covered
    # Names and Liquid from the file are in the text: their control and bidirectional
    # characters are escaped, keeping only the line breaks the Markdown is built with.
    value = escape_unsafe("\n\n---\n\n".join(parts), keep="\n")
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=value),
        range=state.document.lines.range(span) if span is not None else None,
    )
