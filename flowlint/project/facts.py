"""Reading the contract facts of one flow file: what its subflow trigger wires, which parent
parameters it reads, which variables it sets, whether it runs subflows itself; each with the
range it sits at, so a finding in the parent can point into this file."""

from __future__ import annotations

import gc
import hashlib
from typing import Any

from flowlint.diagnostics import Position, Range
from flowlint.model.documents import DocumentKind, classify
from flowlint.model.flow import Flow
from flowlint.project.model import (
    FlowFacts,
    NestedSubflow,
    ParameterRead,
    Place,
    VariableSet,
)
from flowlint.source.pointer import Pointer
from flowlint.source.text import DecodeError, LineIndex, decode_source
from flowlint.source.tree import JsonTree, Span, parse_json
from flowlint.templates.offsets import OffsetMap

SUBFLOW_EVENT = "incomingParent"
"""The trigger event a flow runs on when another flow runs it as a subflow (studio-domain.md
§2.2: 'incomingParent (invoked as Subflow)')."""


def read_flow_facts(
    path: str, data: bytes, sid: str | None = None, friendly_name: str | None = None
) -> FlowFacts | None:
    """The facts of the flow in `data` (a definition or a Flow resource), or None when the
    file holds no single flow. A Flow resource's own `sid` and `friendly_name` are used when
    the caller knows none."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = decode_source(data)
    except DecodeError:
        return None
    rendered, offsets = text, None
    if "${" in text:  # a template (docs/environments.md): read as `check` lints it unrendered
        from flowlint.templates.render import render

        rendering = render(text, None)
        if rendering.is_template:
            rendered, offsets = rendering.text, rendering.offsets
    parsed = parse_json(rendered)
    if parsed.tree is None:
        return None
    document = classify(parsed.tree.value)
    if document.kind not in (DocumentKind.DEFINITION, DocumentKind.FLOW_RESOURCE):
        return None
    if len(document.flows) != 1:
        return None
    if document.kind is DocumentKind.FLOW_RESOURCE and isinstance(parsed.tree.value, dict):
        resource: dict[str, Any] = parsed.tree.value
        sid = sid or _text(resource.get("sid"))
        friendly_name = friendly_name or _text(resource.get("friendly_name"))
    facts = FlowFacts(path=path, sid=sid, friendly_name=friendly_name, digest=digest)
    _read(facts, document.flows[0], parsed.tree, LineIndex(text), offsets)
    # The model read here is garbage now, in reference cycles; `flowlint check` runs with
    # automatic collection off (cli/check.py), so a project of many flows would keep them all.
    # A young-generation pass looks only at what was allocated since the last one.
    del document, parsed
    gc.collect(0)
    return facts


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _read(
    facts: FlowFacts, flow: Flow, tree: JsonTree, lines: LineIndex, offsets: OffsetMap | None
) -> None:
    """`offsets`: for a template, the map from the rendered text `tree` was parsed from back
    to the file's text, which places point into."""
    from flowlint.liquid.references import flow_liquid

    def place(span: Span) -> Place:
        start, end = span if offsets is None else offsets.span_to_template(*span)
        where = Range(Position(*lines.line_column(start)), Position(*lines.line_column(end)))
        return Place(facts.path, where, start, end)

    def at(pointer: Pointer) -> Place:
        return place(tree.nearest_span(pointer)[1])

    for widget in flow.widgets:
        if widget.type == "trigger" and facts.trigger is None:
            facts.trigger = at(widget.name_pointer)
            facts.incoming_parent_wired = any(
                transition.event == SUBFLOW_EVENT and transition.next
                for transition in widget.transitions
            )
        elif widget.type == "run-subflow":
            facts.nested_subflows.append(NestedSubflow(widget.label, at(widget.type_pointer)))
        elif widget.type == "set-variables":
            variables = widget.properties.get("variables")
            for index, item in enumerate(variables if isinstance(variables, list) else []):
                key = item.get("key") if isinstance(item, dict) else None
                if isinstance(key, str) and key and key not in facts.variables_set:
                    pointer = widget.property_pointer("variables", index, "key")
                    facts.variables_set[key] = VariableSet(key, widget.label, at(pointer))
    for reference in flow_liquid(flow).references_to("trigger"):
        if reference.segment(1) != "parent" or reference.segment(2) != "parameters":
            continue
        key = reference.segment(3)
        if key is None:
            facts.reads_every_parameter = True
            continue
        span = reference.span(tree) or tree.nearest_span(reference.pointer)[1]
        known = facts.parameters_read.get(key)
        handles_empty = reference.handles_empty and (known is None or known.handles_empty)
        facts.parameters_read[key] = ParameterRead(
            key,
            known.widget if known else reference.widget.label,
            known.place if known else place(span),
            handles_empty,
        )
