"""A `FlowDiff` as a Markdown pull-request comment: the changes as a list, and a Mermaid
picture of the part of the new graph that changed (changed widgets highlighted by kind, their
neighbours shown plain, removed widgets as red dashed nodes).

Values from the flow files go into code spans whose fence is longer than any backtick run in
them, with control characters escaped, so a widget name cannot inject Markdown, mentions or
HTML into the comment.
"""

from __future__ import annotations

import json
from typing import Any

from flowlint.diff.compare import FlowDiff
from flowlint.graph.picture_text import mermaid_lines
from flowlint.graph.pictures import FlowPicture, layout, mermaid
from flowlint.model.flow import Flow
from flowlint.reporters.markdown_text import code_span

_MAX_VALUE = 160
"""Characters of a value shown in the comment; longer ones are cut with an ellipsis."""
HIGHLIGHT = {
    "added": "fill:#e6ffec,stroke:#1a7f37,stroke-width:2px",
    "changed": "fill:#fff8c5,stroke:#9a6700,stroke-width:2px",
    "removed": "fill:#ffebe9,stroke:#cf222e,stroke-dasharray:4 3,color:#cf222e",
}


def _value(value: Any) -> str:
    text = "null" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    if len(text) > _MAX_VALUE:
        text = text[: _MAX_VALUE - 1] + "…"
    return code_span(text)


def _target(name: str | None) -> str:
    return code_span(name) if name is not None else "*(end)*"


def markdown_report(diff: FlowDiff, old: Flow, new: Flow, old_label: str, new_label: str) -> str:
    lines = [f"### flowlint diff: {code_span(old_label)} → {code_span(new_label)}", ""]
    count = diff.count
    moved = f" {diff.layout} widget{'s' if diff.layout != 1 else ''} moved on the canvas."
    if not count:
        lines.append("No change in meaning." + (moved if diff.layout else ""))
        return "\n".join(lines) + "\n"
    lines.append(
        f"**{count} change{'s' if count != 1 else ''} in meaning.**"
        + (moved if diff.layout else "")
    )
    lines.append("")
    lines += [f"- **renamed** {code_span(r.old)} → {code_span(r.new)}" for r in diff.renamed]
    lines += [
        f"- **added** {code_span(e.widget)} ({code_span(e.type or 'no type')})" for e in diff.added
    ]
    lines += [
        f"- **removed** {code_span(e.widget)} ({code_span(e.type or 'no type')})"
        for e in diff.removed
    ]
    lines += [
        f"- **rewired** {code_span(f'{r.widget}.{r.event}')}: {_target(r.old)} → {_target(r.new)}"
        for r in diff.rewired
    ]
    lines += [
        f"- **changed** {code_span(c.widget) if c.widget is not None else '*flow*'} "
        f"{code_span(c.pointer)}: {_value(c.old)} → {_value(c.new)}"
        for c in diff.changed
    ]
    lines += ["", "```mermaid", changed_graph(diff, old, new).rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"


def changed_graph(diff: FlowDiff, old: Flow, new: Flow) -> str:
    """Mermaid for the changed widgets of `new` and their neighbours, plus the removed ones."""
    touched = diff.touched_widgets()
    shown = set(touched)
    # A rewired transition's old target is no longer a neighbour, but the reader wants it.
    shown.update(rewire.old for rewire in diff.rewired if rewire.old is not None)
    for transition in new.transitions():
        source = transition.widget.name
        if source in touched and transition.next is not None:
            shown.add(transition.next)
        if transition.next in touched and source is not None:
            shown.add(source)
    picture = layout(new, [], "w", new.label or "flow")
    nodes = [node for node in picture.nodes if node[1].name in shown]
    kept = {node[0] for node in nodes}
    dangling = [edge for edge in picture.dangling if edge[0] in kept]
    ghosts = {edge[1] for edge in dangling}
    part = FlowPicture(
        title=picture.title,
        nodes=nodes,
        edges=[edge for edge in picture.edges if edge[0] in kept and edge[1] in kept],
        missing=[ghost for ghost in picture.missing if ghost[0] in ghosts],
        dangling=dangling,
        unplaced=[],
    )
    text = mermaid([part])  # its labels are escaped for Mermaid (graph/picture_text.py)
    added = {entry.widget for entry in diff.added}
    node_ids: dict[str, list[str]] = {"added": [], "changed": []}
    for node, widget, _ in nodes:
        if widget.name in touched:
            node_ids["added" if widget.name in added else "changed"].append(node)
    extra = []
    for number, entry in enumerate(diff.removed):
        label = mermaid_lines([entry.widget, entry.type or "no type", "(removed)"])
        extra.append(f'  removed{number}["{label}"]')
    node_ids["removed"] = [f"removed{number}" for number in range(len(diff.removed))]
    for kind, style in HIGHLIGHT.items():
        extra.append(f"  classDef {kind} {style}")
        if node_ids[kind]:
            extra.append(f"  class {','.join(node_ids[kind])} {kind}")
    return text + "\n".join(extra) + "\n"
