"""A `FlowDiff` as text (for terminals and `git diff`) and as JSON.

Text from the flow files (names, events, values) goes through `escape_unsafe` before it is
written, so a control character in a widget name cannot act on the terminal. A changed string
is shown inline, `[-removed-]{+added+}` (in colour: red and green without the brackets), with
long unchanged stretches shortened, so a one-word change in a long Liquid body stays one line.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

import click

from flowlint.diff.compare import FlowDiff
from flowlint.source.text_safety import escape_unsafe, escape_unsafe_in_json

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_CONTEXT = 30
"""Characters of unchanged text kept on each side of a change in an inline string diff."""


def shown_value(value: Any) -> str:
    """A JSON value on one line, escaped for a terminal."""
    if value is None:
        return "null"
    return escape_unsafe(json.dumps(value, ensure_ascii=False, sort_keys=True))


def inline_string_diff(old: str, new: str, color: bool) -> str:
    """`old` → `new` as one text with the removed and added parts marked."""
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    pieces: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = escape_unsafe("".join(old_tokens[i1:i2]))
        added = escape_unsafe("".join(new_tokens[j1:j2]))
        if tag == "equal":
            pieces.append(_shorten(removed, first=not pieces, last=i2 == len(old_tokens)))
            continue
        if removed:
            pieces.append(
                click.style(removed, fg="red", strikethrough=True) if color else f"[-{removed}-]"
            )
        if added:
            pieces.append(click.style(added, fg="green") if color else f"{{+{added}+}}")
    return '"' + "".join(pieces) + '"'


def _shorten(text: str, first: bool, last: bool) -> str:
    if first and len(text) > _CONTEXT:
        return "…" + text[-_CONTEXT:]
    if last and len(text) > _CONTEXT:
        return text[:_CONTEXT] + "…"
    if len(text) > 2 * _CONTEXT + 1:
        return text[:_CONTEXT] + "…" + text[-_CONTEXT:]
    return text


def change_text(old: Any, new: Any, color: bool) -> str:
    if isinstance(old, str) and isinstance(new, str):
        return inline_string_diff(old, new, color)
    before, after = shown_value(old), shown_value(new)
    if color:
        before, after = click.style(before, fg="red"), click.style(after, fg="green")
    return f"{before} → {after}"


def target_text(target: str | None) -> str:
    return escape_unsafe(target) if target is not None else "(end)"


def summary(diff: FlowDiff, show_layout: bool) -> str:
    count = diff.count
    moved = ""
    if show_layout and diff.layout:
        moved = f" ({diff.layout} widget{'s' if diff.layout != 1 else ''} moved on the canvas)"
    if not count:
        return f"No change in meaning{moved}."
    return f"{count} change{'s' if count != 1 else ''} in meaning{moved}."


def text_report(
    diff: FlowDiff, old_label: str, new_label: str, *, color: bool, show_layout: bool
) -> str:
    def kind(word: str, colour: str) -> str:
        padded = f"{word:<8}"
        return click.style(padded, fg=colour, bold=True) if color else padded

    header = f"--- {escape_unsafe(old_label)}\n+++ {escape_unsafe(new_label)}"
    lines = [click.style(header, bold=True) if color else header]
    for rename in diff.renamed:
        old, new = escape_unsafe(rename.old), escape_unsafe(rename.new)
        lines.append(f"{kind('renamed', 'blue')} {old} → {new}")
    for entry in diff.added:
        lines.append(
            f"{kind('added', 'green')} {escape_unsafe(entry.widget)} ({entry_type(entry.type)})"
        )
    for entry in diff.removed:
        lines.append(
            f"{kind('removed', 'red')} {escape_unsafe(entry.widget)} ({entry_type(entry.type)})"
        )
    for rewire in diff.rewired:
        where = escape_unsafe(f"{rewire.widget}.{rewire.event}")
        lines.append(
            f"{kind('rewired', 'yellow')} {where}: {target_text(rewire.old)} → {target_text(rewire.new)}"
        )
    for change in diff.changed:
        widget = escape_unsafe(change.widget) if change.widget is not None else "(flow)"
        pointer = escape_unsafe(change.pointer)
        lines.append(
            f"{kind('changed', 'yellow')} {widget} {pointer}: {change_text(change.old, change.new, color)}"
        )
    if show_layout and diff.layout:
        plural = "s" if diff.layout != 1 else ""
        lines.append(f"{kind('layout', 'cyan')} {diff.layout} widget{plural} moved on the canvas")
    lines.append(summary(diff, show_layout=False))
    return "\n".join(lines) + "\n"


def entry_type(widget_type: str | None) -> str:
    return escape_unsafe(widget_type) if widget_type is not None else "no type"


def json_report(diff: FlowDiff) -> str:
    """`{"added", "removed", "renamed", "rewired", "changed", "layout"}` (see docs/review.md)."""
    document = {
        "added": [{"widget": e.widget, "type": e.type} for e in diff.added],
        "removed": [{"widget": e.widget, "type": e.type} for e in diff.removed],
        "renamed": [{"from": r.old, "to": r.new} for r in diff.renamed],
        "rewired": [
            {"widget": r.widget, "event": r.event, "from": r.old, "to": r.new} for r in diff.rewired
        ],
        "changed": [
            {"widget": c.widget, "pointer": c.pointer, "old": c.old, "new": c.new}
            for c in diff.changed
        ],
        "layout": diff.layout,
    }
    return escape_unsafe_in_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
