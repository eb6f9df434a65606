"""Code actions for flowlint diagnostics.

Quick fixes are offered only where the fix is certain:
- `unknown-transition-target`: point `next` at the existing widget whose name is closest
  (recomputed with `flowlint.model.suggest.closest`, as the rule's "did you mean");
- `unhandled-event`, when the widget does not list the event at all: add its transition
  entry (with an empty `next` to fill in, which completion then offers).

For every diagnostic about a widget, "ignore this rule for this widget" appends a
per-widget ignore to the project configuration (run as a server command, so the file is
written and the documents re-linted at once).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from lsprotocol import types

from flowlint.lsp.config_edit import WidgetIgnoreRequest, workspace_config_path
from flowlint.lsp.model_view import ModelView
from flowlint.lsp.project_config import ProjectConfig
from flowlint.model.catalog import widget_type
from flowlint.model.flow import Widget
from flowlint.model.suggest import closest
from flowlint.reporters.text_safety import escape_unsafe
from flowlint.source.pointer import Pointer, parse_pointer

IGNORE_COMMAND = "flowlint.ignoreRuleForWidget"

UNKNOWN_TARGET = "unknown-transition-target"
UNHANDLED_EVENT = "unhandled-event"

_EVENT_IN_MESSAGE = re.compile(r"the '([^']+)' event")


def _data(diagnostic: types.Diagnostic) -> dict[str, Any]:
    data = diagnostic.data
    return data if isinstance(data, dict) else {}


def _pointer(diagnostic: types.Diagnostic) -> Pointer | None:
    text = _data(diagnostic).get("pointer")
    if not isinstance(text, str):
        return None
    try:
        return parse_pointer(text)
    except ValueError:
        return None


def _value_at(value: Any, pointer: Pointer) -> Any:
    for part in pointer:
        if isinstance(value, dict) and isinstance(part, str):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            return None
    return value


def _quick_fix(
    title: str, view: ModelView, edits: list[types.TextEdit], diagnostic: types.Diagnostic
) -> types.CodeAction:
    return types.CodeAction(
        title=escape_unsafe(title),
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=True,
        edit=types.WorkspaceEdit(changes={view.document.uri: edits}),
    )


def _fix_unknown_target(view: ModelView, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    pointer = _pointer(diagnostic)
    if pointer is None or pointer[-1:] != ("next",):
        return []
    target = _value_at(view.tree.value, pointer)
    located = view.index.flow_of(pointer)
    span = view.tree.value_span(pointer)
    if not isinstance(target, str) or located is None or span is None:
        return []
    names = located[1].widgets_by_name
    if target in names:
        return []
    suggestion = closest(target, names)
    if suggestion is None:
        return []
    edit = types.TextEdit(range=view.document.lines.range(span), new_text=json.dumps(suggestion))
    return [_quick_fix(f"Change to '{suggestion}'", view, [edit], diagnostic)]


def _missing_events(widget: Widget, message: str) -> list[str]:
    known = widget_type(widget.type)
    if known is None:
        return []
    listed = {transition.event for transition in widget.transitions}
    missing = [event for event in known.unhandled_events if event not in listed]
    named = _EVENT_IN_MESSAGE.search(message)
    if named is not None and named.group(1) in missing:
        return [named.group(1)]
    return missing


def _indentation(text: str, offset: int) -> str:
    line_start = text.rfind("\n", 0, offset) + 1
    prefix = text[line_start:offset]
    return prefix if prefix.strip() == "" else ""


def _entry_edit(view: ModelView, widget: Widget, event: str) -> types.TextEdit | None:
    """Insert `{"event": event, "next": ""}` into the widget's transitions, in the style of
    the entries already there."""
    tree, text = view.tree, view.tree.text
    entry = {"event": event, "next": ""}
    transitions_pointer = (*widget.pointer, "transitions")
    existing = tree.children(transitions_pointer)
    array_span = tree.value_span(transitions_pointer)
    if existing and array_span is not None:
        last = tree.value_span((*transitions_pointer, existing[-1]))
        if last is None:
            return None
        indent = _indentation(text, last[0])
        written = text[last[0] : last[1]]
        if "\n" in written:
            step = max(_leading(text, last[0]) - len(indent), 1)
            body = json.dumps(entry, indent=step).replace("\n", "\n" + indent)
        else:
            body = json.dumps(entry)
        separator = ",\n" + indent if indent or "\n" in written else ", "
        position = view.document.lines.position(last[1])
        return types.TextEdit(
            range=types.Range(start=position, end=position), new_text=separator + body
        )
    if array_span is not None and isinstance(widget.data.get("transitions"), list):
        return types.TextEdit(
            range=view.document.lines.range(array_span), new_text=f"[{json.dumps(entry)}]"
        )
    return None


def _leading(text: str, offset: int) -> int:
    """How many whitespace characters open the line after the one holding `offset`."""
    start = text.index("\n", offset) + 1
    end = start
    while end < len(text) and text[end] in " \t":
        end += 1
    return end - start


def _fix_unhandled_event(view: ModelView, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    pointer = _pointer(diagnostic)
    if pointer is None:
        return []
    located = view.index.widget_at_pointer(pointer)
    if located is None:
        return []
    widget = located[1]
    actions = []
    for event in _missing_events(widget, diagnostic.message):
        edit = _entry_edit(view, widget, event)
        if edit is not None:
            title = f"Add a '{event}' transition to '{widget.label}'"
            actions.append(_quick_fix(title, view, [edit], diagnostic))
    return actions


def quick_fixes(view: ModelView, diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    """Certain fixes for the given diagnostics (the view must match the current text)."""
    actions: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        rule = _data(diagnostic).get("rule")
        if rule == UNKNOWN_TARGET:
            actions.extend(_fix_unknown_target(view, diagnostic))
        elif rule == UNHANDLED_EVENT:
            actions.extend(_fix_unhandled_event(view, diagnostic))
    return actions


def ignore_actions(
    config: ProjectConfig,
    document_path: str,
    workspace_folders: list[Path],
    diagnostics: list[types.Diagnostic],
) -> list[types.CodeAction]:
    """Actions "Ignore <rule> for widget <name>", for every diagnostic naming a widget in a
    document of a workspace folder."""
    if not Path(document_path).is_absolute():
        return []  # an untitled buffer: no file a per-widget ignore could name
    config_path = workspace_config_path(config.config_path, Path(document_path), workspace_folders)
    if config_path is None:
        return []  # outside the workspace: no configuration file the server may edit
    actions = []
    seen = set()
    for diagnostic in diagnostics:
        data = _data(diagnostic)
        rule, widget = data.get("rule"), data.get("widget")
        if not isinstance(rule, str) or not isinstance(widget, str) or (rule, widget) in seen:
            continue
        seen.add((rule, widget))
        request = WidgetIgnoreRequest(config_path, Path(document_path), widget, rule)
        actions.append(
            types.CodeAction(
                title=escape_unsafe(f"Ignore {rule} for widget '{widget}' (in {config_path.name})"),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                command=types.Command(
                    title="Ignore rule for widget",
                    command=IGNORE_COMMAND,
                    arguments=[request.to_arguments()],
                ),
            )
        )
    return actions
