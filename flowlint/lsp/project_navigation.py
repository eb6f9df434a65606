"""Go to definition across the files of a project: from a parent flow into its subflow or the
Function it calls (see `flowlint.lsp.project_files` for how the project is found)."""

from __future__ import annotations

from lsprotocol import types

from flowlint.liquid.references import flow_liquid
from flowlint.lsp.model_view import ModelView
from flowlint.lsp.project_files import place_location
from flowlint.model.flow import Flow, Widget
from flowlint.project.model import Place, Project


def definition(
    view: ModelView, position: types.Position, project: Project | None
) -> list[types.Location]:
    """Across files: from a run-subflow widget to the subflow's trigger, from
    `widgets.<run-subflow>.<key>` to the set-variables that sets `key` in the subflow, from a
    run-function widget or `widgets.<run-function>.parsed…` to the Function's source."""
    if project is None:
        return []
    offset, _ = view.offset_at(position)
    pointer, _ = view.tree.node_at(offset)
    for flow in view.model.flows:
        widget = _widget_at(flow, pointer)
        if widget is None:
            continue
        place = _liquid_target(view, flow, widget, offset, project) or _call_target(widget, project)
        return [place_location(place)] if place is not None else []
    return []


def _widget_at(flow: Flow, pointer: tuple[str | int, ...]) -> Widget | None:
    for widget in flow.widgets:
        if pointer[: len(widget.pointer)] == widget.pointer:
            return widget
    return None


def _liquid_target(
    view: ModelView, flow: Flow, widget: Widget, offset: int, project: Project
) -> Place | None:
    for reference in flow_liquid(flow).references_of(widget):
        span = reference.span(view.tree)
        if span is None or not span[0] <= offset <= span[1] or reference.root != "widgets":
            continue
        target = flow.widgets_by_name.get(reference.segment(1) or "")
        if target is None:
            return None
        subflow = project.subflow_of(target)
        if subflow is not None:
            key = reference.segment(2)
            found = subflow.variables_set.get(key) if key is not None else None
            return found.place if found is not None else subflow.trigger
        return _call_target(target, project)
    return None


def _call_target(widget: Widget, project: Project) -> Place | None:
    subflow = project.subflow_of(widget)
    if subflow is not None:
        return subflow.trigger
    url = widget.properties.get("url")
    if (widget.type or "").startswith("run-function") and isinstance(url, str):
        function = project.function_for_url(url)
        if function is not None:
            return function.response_place or function.place
    return None
