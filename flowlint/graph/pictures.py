"""Widget graphs as pictures: Mermaid (pastes into a GitHub comment) and Graphviz DOT.

A picture shows every widget (name and type), every transition labelled with its events,
the initial state, widgets no path reaches (dashed, grey), transitions to widgets that do not
exist (dashed red edges to a "missing" node), and widgets with findings (filled by their worst
severity, with the rule codes).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flowlint.diagnostics import Diagnostic, Severity
from flowlint.graph.picture_text import dot_lines, dot_string, mermaid_lines, mermaid_text
from flowlint.graph.widget_graph import widget_graph
from flowlint.model.flow import Flow, Widget

SEVERITY_STYLE = {
    Severity.ERROR: ("#fde2e2", "#c62828"),
    Severity.WARNING: ("#fff3cd", "#b7791f"),
    Severity.INFO: ("#e0ecff", "#2f5fb3"),
}
"""Severity → (fill, border) colours."""
UNREACHABLE_TEXT = "#757575"
MISSING_COLOR = "#c62828"


@dataclass
class WidgetMarks:
    """What a picture says about one widget besides its name and type."""

    codes: list[str] = field(default_factory=list)
    worst: Severity | None = None
    unreachable: bool = False
    initial: bool = False


@dataclass
class FlowPicture:
    """A flow laid out as nodes and edges, independent of the output syntax."""

    title: str
    nodes: list[tuple[str, Widget, WidgetMarks]]
    edges: list[tuple[str, str, list[str]]]
    """(source node id, target node id, events)."""
    missing: list[tuple[str, str]]
    """(node id, the name a transition points to but no widget has)."""
    dangling: list[tuple[str, str, list[str]]]
    """(source node id, missing node id, events)."""
    unplaced: list[Diagnostic]
    """Findings about the flow as a whole (not one widget)."""


def _widget_for(flow: Flow, diagnostic: Diagnostic) -> Widget | None:
    prefix = len(flow.pointer)
    pointer = diagnostic.pointer
    if tuple(pointer[:prefix]) != tuple(flow.pointer) or len(pointer) < prefix + 2:
        return None
    if pointer[prefix] != "states" or not isinstance(pointer[prefix + 1], int):
        return None
    index = pointer[prefix + 1]
    for widget in flow.widgets:
        if widget.index == index:
            return widget
    return None


def layout(flow: Flow, diagnostics: list[Diagnostic], prefix: str, title: str) -> FlowPicture:
    """Nodes, edges and marks of one flow; node ids start with `prefix`."""
    marks: dict[int, WidgetMarks] = defaultdict(WidgetMarks)
    unplaced: list[Diagnostic] = []
    inside = [
        d for d in diagnostics if tuple(d.pointer[: len(flow.pointer)]) == tuple(flow.pointer)
    ]
    for diagnostic in inside:
        widget = _widget_for(flow, diagnostic)
        if widget is None:
            unplaced.append(diagnostic)
            continue
        mark = marks[widget.index]
        if diagnostic.code not in mark.codes:
            mark.codes.append(diagnostic.code)
        if mark.worst is None or diagnostic.severity > mark.worst:
            mark.worst = diagnostic.severity
    graph = widget_graph(flow)
    node_of: dict[str, str] = {}
    nodes = []
    for widget in flow.widgets:
        node = f"{prefix}{widget.index}"
        mark = marks[widget.index]
        mark.initial = widget.name is not None and widget.name == flow.initial_state
        mark.unreachable = (
            graph.root is not None and widget.name not in graph.reachable_from_trigger()
        )
        nodes.append((node, widget, mark))
        if widget.name is not None:
            node_of.setdefault(widget.name, node)
    edges: list[tuple[str, str, list[str]]] = []
    dangling: list[tuple[str, str, list[str]]] = []
    missing: dict[str, str] = {}
    for node, widget, _ in nodes:
        targets: dict[str, list[str]] = {}
        for transition in widget.transitions:
            if transition.next is None:
                continue
            targets.setdefault(transition.next, []).append(transition.event or "?")
        for target, events in targets.items():
            if target in node_of:
                edges.append((node, node_of[target], events))
            else:
                ghost = missing.setdefault(target, f"{prefix}missing{len(missing)}")
                dangling.append((node, ghost, events))
    return FlowPicture(
        title=title,
        nodes=nodes,
        edges=edges,
        missing=[(ghost, name) for name, ghost in missing.items()],
        dangling=dangling,
        unplaced=unplaced,
    )


def _label_lines(widget: Widget, mark: WidgetMarks) -> list[str]:
    lines = [widget.label, widget.type or "(no type)"]
    if mark.codes:
        lines.append(" ".join(mark.codes))
    if mark.unreachable:
        lines.append("(unreachable)")
    return lines


# -- Mermaid ---------------------------------------------------------------------------------


def mermaid(pictures: list[FlowPicture]) -> str:
    out = ["flowchart TD"]
    classes: dict[str, list[str]] = defaultdict(list)
    for number, picture in enumerate(pictures):
        indent = "  "
        if len(pictures) > 1:
            out.append(f'  subgraph flow{number} ["{mermaid_text(picture.title)}"]')
            indent = "    "
        for node, widget, mark in picture.nodes:
            label = mermaid_lines(_label_lines(widget, mark))
            shape = ('(["', '"])') if mark.initial else ('["', '"]')
            out.append(f"{indent}{node}{shape[0]}{label}{shape[1]}")
            if mark.worst is not None:
                classes[mark.worst.label].append(node)
            if mark.unreachable:
                classes["unreachable"].append(node)
        for ghost, name in picture.missing:
            out.append(f'{indent}{ghost}[/"missing: {mermaid_text(name)}"/]')
            classes["missing"].append(ghost)
        for source, target, events in picture.edges:
            out.append(f'{indent}{source} -->|"{mermaid_text(", ".join(events))}"| {target}')
        for source, ghost, events in picture.dangling:
            out.append(f'{indent}{source} -.->|"{mermaid_text(", ".join(events))}"| {ghost}')
        if len(pictures) > 1:
            out.append("  end")
    for severity, (fill, border) in SEVERITY_STYLE.items():
        out.append(f"  classDef {severity.label} fill:{fill},stroke:{border},stroke-width:2px")
    out.append(f"  classDef unreachable stroke-dasharray:5 5,color:{UNREACHABLE_TEXT}")
    out.append(
        f"  classDef missing fill:#ffffff,stroke:{MISSING_COLOR},stroke-dasharray:3 3,"
        f"color:{MISSING_COLOR}"
    )
    for name, nodes in classes.items():
        out.append(f"  class {','.join(nodes)} {name}")
    return "\n".join(out) + "\n"


# -- Graphviz DOT ----------------------------------------------------------------------------


def dot(pictures: list[FlowPicture], title: str) -> str:
    out = [
        "digraph flowlint {",
        f"  graph [rankdir=TB, fontname=Helvetica, labelloc=b, label={dot_string(title)}];",
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname=Helvetica, fontsize=11];',
        "  edge [fontname=Helvetica, fontsize=9];",
    ]
    for number, picture in enumerate(pictures):
        indent = "  "
        if len(pictures) > 1:
            out.append(f"  subgraph cluster_{number} {{")
            out.append(f"    label={dot_string(picture.title)};")
            indent = "    "
        for node, widget, mark in picture.nodes:
            attributes = [f"label={dot_lines(_label_lines(widget, mark))}"]
            styles = ["rounded", "filled"]
            if mark.worst is not None:
                fill, border = SEVERITY_STYLE[mark.worst]
                attributes += [f'fillcolor="{fill}"', f'color="{border}"', "penwidth=2"]
            if mark.unreachable:
                styles.append("dashed")
                attributes.append(f'fontcolor="{UNREACHABLE_TEXT}"')
            if mark.initial:
                attributes.append("peripheries=2")
            attributes.append(f'style="{",".join(styles)}"')
            out.append(f"{indent}{node} [{', '.join(attributes)}];")
        for ghost, name in picture.missing:
            out.append(
                f"{indent}{ghost} [label={dot_string('missing: ' + name)}, shape=note, "
                f'style=dashed, color="{MISSING_COLOR}", fontcolor="{MISSING_COLOR}"];'
            )
        for source, target, events in picture.edges:
            out.append(f"{indent}{source} -> {target} [label={dot_string(', '.join(events))}];")
        for source, ghost, events in picture.dangling:
            out.append(
                f"{indent}{source} -> {ghost} [label={dot_string(', '.join(events))}, "
                f'style=dashed, color="{MISSING_COLOR}", fontcolor="{MISSING_COLOR}"];'
            )
        if len(pictures) > 1:
            out.append("  }")
    out.append("}")
    return "\n".join(out) + "\n"
