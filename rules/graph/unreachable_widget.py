from collections.abc import Callable

import networkx

from flowlint.graph.widget_graph import widget_graph
from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.edits import Applicability, Fix
from flowlint.source.json_edits import remove_array_items


class UnreachableWidget(Rule):
    """
    ## What it finds
    A widget that no chain of transitions from the initial state reaches. This is a real
    graph search, so a group of widgets that only point at each other (an orphan cycle) is
    found too. Nothing is reported when the initial state itself is broken
    (`invalid-initial-state` covers that).

    An unreachable island (a widget no transition enters, and everything only it leads to) is
    reported once, at its root; the message names the other widgets of the island and editors
    and SARIF viewers list them as related locations. An orphan cycle with no way in is
    reported at its first widget in the file. There are no options.

    Evidence (docs/precision.md): on the 122 real flows of the shared corpus this rule reported
    every widget of an island, 62 findings of which 39 said "only entered from widgets that are
    unreachable too"; reported by island, the same widgets take 23 findings. Every one of them
    is a widget that never runs (a leftover or a forgotten connection), so the rule stays a
    warning.

    ## Why it matters
    The widget never runs. Usually a transition was disconnected by mistake on the canvas, or
    the widget is left over from an old version of the flow and only adds confusion.

    ## Example
    ```json
    {"initial_state": "Trigger", "states": [
      {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage", "next": "hello"}]},
      {"name": "hello", "type": "send-message", "transitions": [{"event": "sent"}, {"event": "failed"}]},
      {"name": "goodbye", "type": "send-message", "transitions": [{"event": "sent"}, {"event": "failed"}]}
    ]}
    ```

    ## Fix
    Connect the widget (here, `hello`'s `sent` event to `goodbye`), or delete it.

    Automatic fix, **unsafe**: remove the island (the reported widget and the unreachable
    widgets it leads to) from `states`, commas included, when nothing outside it refers to
    its widgets (no other unreachable widget leads into it, no Liquid `widgets.X` path reads
    one). Unsafe because it deletes work: an island is often a branch whose connection was
    lost by accident, and reconnecting it may be what the author wants.
    """

    code = "FL201"
    name = "unreachable-widget"
    category = "graph"
    severity = Severity.WARNING
    summary = "No path from the initial state reaches the widget"
    fixes = (Applicability.UNSAFE,)

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        if widget.flow.legacy:
            return  # one legacy-definition-format finding covers pre-v2 exports
        graph = widget_graph(widget.flow)
        if widget.name is None or graph.root is None or widget.type == "trigger":
            return
        if widget.flow.widgets_by_name.get(widget.name) is not widget:
            return  # a duplicate name; duplicate-widget-name reports it
        if widget.name in graph.reachable_from_trigger():
            return
        entered_from = networkx.ancestors(graph, widget.name) - {widget.name}
        if not entered_from <= networkx.descendants(graph, widget.name):
            return  # entered from an unreachable widget outside its cycle: that one is reported
        cycle = sorted(entered_from, key=_file_order(widget))
        if cycle and _file_order(widget)(cycle[0]) < _file_order(widget)(widget.name):
            return  # an orphan cycle is reported once, at its first widget in the file
        island = [
            name
            for name in sorted(networkx.descendants(graph, widget.name), key=_file_order(widget))
            if name != widget.name
            and name not in graph.reachable_from_trigger()
            and _reportable(widget.flow.widgets_by_name.get(name))
        ]
        detail = (
            f"; only the widgets of its own cycle lead to it ({', '.join(cycle)})"
            if cycle
            else "; no transition leads to it"
        )
        if island:
            shown = ", ".join(island[:_NAMED])
            more = f" and {len(island) - _NAMED} more" if len(island) > _NAMED else ""
            detail += f"; it leads to {len(island)} more unreachable widget{_plural(island)}: {shown}{more}"
        related = tuple(
            (
                widget.flow.widgets_by_name[name].name_pointer,
                f"widget '{name}' is unreachable too: '{widget.name}' leads to it",
            )
            for name in island
        )
        ctx.report(
            widget.name_pointer,
            f"widget '{widget.name}' is never reached from the initial state '{graph.root}'{detail}",
            widget,
            related=related,
            fix=_removal(widget, [widget.name, *island], ctx),
        )


def _removal(root: Widget, names: list[str], ctx: RuleContext) -> Fix | None:
    """Remove the island's widgets from `states`, when nothing outside it refers to them (a
    transition from another unreachable widget, a Liquid `widgets.X` path)."""
    flow = root.flow
    island = set(names)
    graph = widget_graph(flow)
    if any(not networkx.ancestors(graph, name) <= island for name in names):
        return None  # also entered from another unreachable widget: removing it would dangle
    from flowlint.liquid.references import flow_liquid

    for reference in flow_liquid(flow).references_to("widgets"):
        if reference.widget.name not in island and reference.segment(1) in island:
            return None
    widgets = [flow.widgets_by_name[name] for name in names]
    if any(widget.pointer[:-1] != root.pointer[:-1] for widget in widgets):
        return None
    edits = remove_array_items(ctx.tree, root.pointer[:-1], [w.index for w in widgets])
    if not edits:
        return None
    count = len(names)
    title = f"Remove the unreachable widget '{root.name}'" + (
        f" and the {count - 1} it leads to" if count > 1 else ""
    )
    return Fix(title, tuple(edits), Applicability.UNSAFE, isolated=True)


_NAMED = 8
"""How many widgets of an island the message names (the related locations list them all)."""


def _reportable(widget: Widget | None) -> bool:
    return widget is not None and widget.type != "trigger"


def _file_order(widget: Widget) -> Callable[[str], int]:
    """Sort key: a widget name's position in the file (the `states` order)."""
    order = {name: number for number, name in enumerate(widget.flow.widgets_by_name)}
    return lambda name: order.get(name, len(order))


def _plural(names: list[str]) -> str:
    return "s" if len(names) > 1 else ""
