"""A `FlowDiff` as a Markdown pull-request comment: the changes as a list, and a Mermaid
picture of the part of the new graph that changed (changed widgets highlighted by kind, their
neighbours shown plain, removed widgets as red dashed nodes).

Values from the flow files go into code spans whose fence is longer than any backtick run in
them, with control characters escaped, so a widget name cannot inject Markdown, mentions or
HTML into the comment.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flowlint.diff.compare import FlowDiff
from flowlint.graph.pictures import FlowPicture, layout, mermaid
from flowlint.model.flow import Flow
from flowlint.reporters.text_safety import escape_unsafe

_MAX_VALUE = 160
"""Characters of a value shown in the comment; longer ones are cut with an ellipsis."""
HIGHLIGHT = {
    "added": "fill:#e6ffec,stroke:#1a7f37,stroke-width:2px",
    "changed": "fill:#fff8c5,stroke:#9a6700,stroke-width:2px",
    "removed": "fill:#ffebe9,stroke:#cf222e,stroke-dasharray:4 3,color:#cf222e",
}


def code(text: str) -> str:
    """`text` as a Markdown code span, whatever backticks it holds."""
    text = escape_unsafe(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _value(value: Any) -> str:
    text = "null" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    if len(text) > _MAX_VALUE:
        text = text[: _MAX_VALUE - 1] + "…"
    return code(text)


def _target(name: str | None) -> str:
    return code(name) if name is not None else "*(end)*"


def markdown_report(diff: FlowDiff, old: Flow, new: Flow, old_label: str, new_label: str) -> str:
    lines = [f"### flowlint diff: {code(old_label)} → {code(new_label)}", ""]
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
    lines += [f"- **renamed** {code(r.old)} → {code(r.new)}" for r in diff.renamed]
    lines += [f"- **added** {code(e.widget)} ({code(e.type or 'no type')})" for e in diff.added]
    lines += [f"- **removed** {code(e.widget)} ({code(e.type or 'no type')})" for e in diff.removed]
    lines += [
        f"- **rewired** {code(f'{r.widget}.{r.event}')}: {_target(r.old)} → {_target(r.new)}"
        for r in diff.rewired
    ]
    lines += [
        f"- **changed** {code(c.widget) if c.widget is not None else '*flow*'} "
        f"{code(c.pointer)}: {_value(c.old)} → {_value(c.new)}"
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
    # The picture's labels come from the file; its own text has no control character but \n.
    text = escape_unsafe(mermaid([part]), keep="\n")
    added = {entry.widget for entry in diff.added}
    node_ids: dict[str, list[str]] = {"added": [], "changed": []}
    for node, widget, _ in nodes:
        if widget.name in touched:
            node_ids["added" if widget.name in added else "changed"].append(node)
    extra = []
    for number, entry in enumerate(diff.removed):
        label = f"{entry.widget}<br/>{entry.type or 'no type'}<br/>(removed)"
        extra.append(f'  removed{number}["{_mermaid_label(label)}"]')
    node_ids["removed"] = [f"removed{number}" for number in range(len(diff.removed))]
    for kind, style in HIGHLIGHT.items():
        extra.append(f"  classDef {kind} {style}")
        if node_ids[kind]:
            extra.append(f"  class {','.join(node_ids[kind])} {kind}")
    return text + "\n".join(extra) + "\n"


def _mermaid_label(text: str) -> str:
    """Mermaid entity codes for what would end or confuse a quoted label (`<br/>` is kept)."""
    parts = text.split("<br/>")
    replacements = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "|": "#124;"}
    return "<br/>".join(
        "".join(replacements.get(c, c) for c in escape_unsafe(part)) for part in parts
    )
