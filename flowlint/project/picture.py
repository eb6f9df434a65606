"""The project as a picture (`flowlint graph --project`): one node per flow and per Function,
an edge for each run-subflow and run-function call (labelled with the widgets that make it),
calls to flows or Functions the repository does not hold as dashed "unknown" nodes, and
findings marked: a flow filled by its worst finding with its rule codes, an edge coloured by
the worst project finding (FL95x) of its widgets."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field

from flowlint.diagnostics import Diagnostic, Severity
from flowlint.graph.picture_text import dot_lines, dot_string, mermaid_lines, mermaid_text
from flowlint.graph.pictures import MISSING_COLOR, SEVERITY_STYLE, UNREACHABLE_TEXT
from flowlint.model.flow import Flow
from flowlint.project.functions import url_path_of
from flowlint.project.model import Project

PROJECT_CODE_PREFIX = "FL95"


@dataclass
class ProjectNode:
    id: str
    lines: list[str]
    kind: str
    """`flow`, `function` or `unknown` (a call the repository cannot resolve)."""
    worst: Severity | None = None


@dataclass
class ProjectEdge:
    source: str
    target: str
    widgets: list[str] = field(default_factory=list)
    worst: Severity | None = None


@dataclass
class ProjectPicture:
    nodes: dict[str, ProjectNode] = field(default_factory=dict)
    edges: dict[tuple[str, str], ProjectEdge] = field(default_factory=dict)


def _worse(current: Severity | None, new: Severity) -> Severity:
    return new if current is None or new > current else current


def project_layout(
    files: list[tuple[str, list[Flow], list[Diagnostic]]], project: Project | None
) -> ProjectPicture:
    """`files`: each checked file's path, its flows and its findings."""
    picture = ProjectPicture()
    flow_ids: dict[str, str] = {}
    by_sid: dict[str, str] = {}

    def flow_node(path: str, label: str, sid: str | None) -> str:
        key = os.path.abspath(path)
        if key not in flow_ids:
            node = f"flow{len(flow_ids)}"
            flow_ids[key] = node
            lines = [label, path] if label and label != os.path.basename(path) else [path]
            picture.nodes[node] = ProjectNode(node, lines, "flow")
        if sid:
            by_sid.setdefault(sid, flow_ids[key])
        return flow_ids[key]

    for facts in project.flows if project is not None else []:
        node = flow_node(os.path.relpath(facts.path), facts.friendly_name or "", facts.sid)
        by_sid.setdefault(facts.path, node)  # absolute paths: no SID looks like one
    for path, flows, diagnostics in files:
        if not flows:
            continue
        known = project.flow_at(path) if project is not None else None
        node = flow_node(path, (known.friendly_name if known else None) or "", None)
        codes = sorted({d.code for d in diagnostics})
        for diagnostic in diagnostics:
            picture.nodes[node].worst = _worse(picture.nodes[node].worst, diagnostic.severity)
        if codes:
            picture.nodes[node].lines.append(", ".join(codes))
    for path, flows, diagnostics in files:
        if not flows:
            continue
        source = flow_ids[os.path.abspath(path)]
        project_findings: dict[str, Severity] = {}
        for diagnostic in diagnostics:
            name = diagnostic.widget
            if diagnostic.code.startswith(PROJECT_CODE_PREFIX) and name:
                project_findings[name] = _worse(project_findings.get(name), diagnostic.severity)
        for flow in flows:
            for widget in flow.widgets:
                target = _call_target(widget.type, widget.properties, project, by_sid)
                if target is None:
                    continue
                node_id, lines, kind = target
                node_id = _unique_id(node_id, lines, picture.nodes)
                if node_id not in picture.nodes:
                    picture.nodes[node_id] = ProjectNode(node_id, lines, kind)
                edge = picture.edges.setdefault((source, node_id), ProjectEdge(source, node_id))
                edge.widgets.append(widget.label)
                if widget.label in project_findings:
                    edge.worst = _worse(edge.worst, project_findings[widget.label])
    return picture


def _unique_id(node_id: str, lines: list[str], nodes: dict[str, ProjectNode]) -> str:
    """`node_id`, or `node_id_2`, `_3`, ... when a node of other lines has it: ids keep only
    ASCII letters and digits of a SID or URL and 80 characters of it, so two URLs that
    differ after a long common beginning (or only in punctuation) would share one node."""
    candidate, number = node_id, 1
    while candidate in nodes and lines and nodes[candidate].lines[: len(lines)] != lines:
        number += 1
        candidate = f"{node_id}_{number}"
    return candidate


def _call_target(
    widget_type: str | None,
    properties: dict[str, object],
    project: Project | None,
    by_sid: dict[str, str],
) -> tuple[str, list[str], str] | None:
    """(node id, label lines, kind) of what a widget calls, or None for other widgets."""
    if widget_type == "run-subflow":
        sid = properties.get("flow_sid")
        if not isinstance(sid, str) or not sid.strip():
            return None
        known = project.flow_for_reference(sid) if project is not None else None
        if known is not None and known.path in by_sid:  # also another account's SID, `${NAME}`
            return by_sid[known.path], [], "flow"
        if sid in by_sid:
            return by_sid[sid], [], "flow"
        return f"sid_{_safe(sid)}", ["unknown subflow", sid], "unknown"
    if (widget_type or "").startswith("run-function"):
        url = properties.get("url")
        if not isinstance(url, str) or not url.strip():
            return None
        function = project.function_for_url(url) if project is not None else None
        if function is not None:
            return f"fn_{_safe(function.url_path)}", [f"Function {function.url_path}"], "function"
        path = url_path_of(url) or url
        return f"url_{_safe(url)}", ["Function not in this repository", path], "unknown"
    return None


def _safe(text: str) -> str:
    """An ASCII node id part: Mermaid ids hold letters, digits and `_` only."""
    return "".join(c if c.isascii() and c.isalnum() else "_" for c in text)[:80]


def project_mermaid(picture: ProjectPicture) -> str:
    out = ["flowchart LR"]
    classes: dict[str, list[str]] = defaultdict(list)
    for node in picture.nodes.values():
        label = mermaid_lines(node.lines)
        shape = {"flow": ('["', '"]'), "function": ('{{"', '"}}'), "unknown": ('[/"', '"/]')}
        left, right = shape[node.kind]
        out.append(f"  {node.id}{left}{label}{right}")
        if node.worst is not None:
            classes[node.worst.label].append(node.id)
        if node.kind == "unknown":
            classes["unknown"].append(node.id)
    styled: list[tuple[int, Severity]] = []
    for number, edge in enumerate(picture.edges.values()):
        label = mermaid_text(", ".join(edge.widgets))
        arrow = "-.->" if picture.nodes[edge.target].kind == "unknown" else "-->"
        out.append(f'  {edge.source} {arrow}|"{label}"| {edge.target}')
        if edge.worst is not None:
            styled.append((number, edge.worst))
    for severity, (fill, border) in SEVERITY_STYLE.items():
        out.append(f"  classDef {severity.label} fill:{fill},stroke:{border},stroke-width:2px")
    out.append(f"  classDef unknown stroke-dasharray:3 3,color:{UNREACHABLE_TEXT}")
    for name, nodes in classes.items():
        out.append(f"  class {','.join(nodes)} {name}")
    for number, severity in styled:
        out.append(f"  linkStyle {number} stroke:{SEVERITY_STYLE[severity][1]},stroke-width:2px")
    return "\n".join(out) + "\n"


def project_dot(picture: ProjectPicture, title: str) -> str:
    out = [
        "digraph flowlint_project {",
        f"  graph [rankdir=LR, fontname=Helvetica, labelloc=b, label={dot_string(title)}];",
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname=Helvetica, fontsize=11];',
        "  edge [fontname=Helvetica, fontsize=9];",
    ]
    for node in picture.nodes.values():
        attributes = [f"label={dot_lines(node.lines)}"]
        if node.kind == "function":
            attributes.append("shape=hexagon")
        if node.kind == "unknown":
            attributes += [
                "shape=note",
                'style="dashed"',
                f'color="{UNREACHABLE_TEXT}"',
                f'fontcolor="{UNREACHABLE_TEXT}"',
            ]
        if node.worst is not None:
            fill, border = SEVERITY_STYLE[node.worst]
            attributes += [f'fillcolor="{fill}"', f'color="{border}"', "penwidth=2"]
        out.append(f"  {node.id} [{', '.join(attributes)}];")
    for edge in picture.edges.values():
        attributes = [f"label={dot_string(', '.join(edge.widgets))}"]
        if picture.nodes[edge.target].kind == "unknown":
            attributes.append("style=dashed")
        if edge.worst is not None:
            color = SEVERITY_STYLE[edge.worst][1] if edge.worst else MISSING_COLOR
            attributes += [f'color="{color}"', f'fontcolor="{color}"', "penwidth=2"]
        out.append(f"  {edge.source} -> {edge.target} [{', '.join(attributes)}];")
    out.append("}")
    return "\n".join(out) + "\n"
