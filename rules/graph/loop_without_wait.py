import networkx

from flowlint.graph.execution_order import describe_path
from flowlint.graph.widget_graph import widget_graph
from flowlint.model.catalog import widget_type
from flowlint.model.flow import Flow, Widget
from flowlint.rule import Rule, RuleContext, Severity


class LoopWithoutWait(Rule):
    """
    ## What it finds
    A cycle of widgets, reachable from the trigger, in which no widget waits for the outside
    world (send-and-wait-for-reply, gather-input-on-call, record-voicemail, connect-call-to,
    enqueue-call, send-to-flex, capture-payments, make-outgoing-call, add-twiml-redirect, …;
    the catalog's `waits` flag). The message spells out the cycle, transition by transition.

    - **error** when nothing can leave the cycle: every transition of every widget in it
      leads back into it, so each execution that enters it runs until Studio stops it;
    - **warning** otherwise, unless the loop is bounded by a counter: a set-variables widget
      in the loop sets a variable that a split-based-on in the loop tests, and that split
      can leave the loop (the usual "retry three times" pattern).

    ## Why it matters
    Studio ends an execution after 1,000 steps (warnings 81000/84000) and stops a widget run
    10 times in a row (81001). A polling loop (HTTP request → split "not ready yet" → HTTP
    request) spins through those steps in seconds and the execution dies mid-conversation.

    ## Example
    ```text
    check_status (HTTP) -success-> is_ready (split) -noMatch-> check_status
    ```

    ## Fix
    Put a waiting widget in the loop, or count attempts and leave after a few:
    ```text
    check_status -success-> is_ready -noMatch-> count_attempt (set-variables: attempts + 1)
        -next-> too_many (split: attempts > 3 → give_up) -noMatch-> check_status
    ```

    ## Corpus
    0 findings on the 122 real flows of ../shared/corpus/real. Without the counter check the
    rule reported 6 warnings, all loops bounded by a counter: four "retry the HTTP request
    up to N times" loops and two queue-position loops around a time-delay function. Widgets
    of unknown type count as waiting (one flow made of invented widget types had a loop).
    """

    code = "FL203"
    name = "loop-without-wait"
    category = "graph"
    severity = Severity.WARNING
    summary = "A cycle of widgets with no widget that waits for the caller or contact"

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        graph = widget_graph(flow)
        widgets = flow.widgets_by_name
        # A loop of busy widgets lies inside one cyclic component of the whole graph (the
        # components are computed once per flow, shared with the Liquid rules): only those
        # widgets are searched.
        in_cycles = {name for component in graph.cyclic_components() for name in component}
        reachable = graph.reachable_from_trigger()
        busy = graph.subgraph(
            name for name in in_cycles if name in reachable and not _waits(widgets[name])
        )
        order = {name: index for index, name in enumerate(graph)}
        for component in networkx.strongly_connected_components(busy):
            if len(component) == 1:  # most widgets: a loop only if it leads to itself
                (start,) = component
                if not busy.has_edge(start, start):
                    continue
            else:
                start = min(component, key=order.__getitem__)
            cycle = _cycle_through(start, busy.subgraph(component))
            exits = _exits(flow, component)
            if exits and _bounded_by_counter(flow, component):
                continue
            spelled = describe_path(flow, cycle, limit=12)
            if exits:
                message = (
                    f"loop with no widget that waits: {spelled}; every turn costs steps, and "
                    "Studio ends an execution after 1,000 steps or when a widget runs 10 times "
                    "in a row. Add a waiting widget or a retry counter"
                )
            else:
                message = (
                    f"endless loop: {spelled}, and no transition leaves it, so every execution "
                    "that gets here runs until Studio stops it (1,000 steps)"
                )
            ctx.report(
                widgets[start].name_pointer,
                message,
                widgets[start],
                severity=None if exits else Severity.ERROR,
            )


def _waits(widget: Widget) -> bool:
    """The widget waits for the outside world, or its type is unknown and it might."""
    known = widget_type(widget.type)
    return known is None or known.waits or known.status == "name-only"


def _cycle_through(start: str, loop: networkx.DiGraph) -> list[str]:
    """A shortest cycle from `start` back to itself in `loop`: breadth-first from `start`,
    the first widget found with a transition back to it closes the cycle (ties go to the
    transitions listed first, like `WidgetGraph.shortest_path`)."""
    parents: dict[str, str] = {}
    tree_edges = networkx.bfs_edges(loop, start)  # in the order widgets are first reached
    node = start
    while not loop.has_edge(node, start):
        found = next(tree_edges, None)
        if found is None:
            return [start, start]
        parents[found[1]] = found[0]
        node = found[1]
    path = [node]
    while path[-1] != start:
        path.append(parents[path[-1]])
    return [*path[::-1], start]


def _exits(flow: Flow, component: set[str]) -> bool:
    """Some transition of the loop ends the execution or leads out of the loop."""
    for name in component:
        widget = flow.widgets_by_name[name]
        known = widget_type(widget.type)
        listed = {transition.event for transition in widget.transitions}
        if known is not None and known.events is not None and not known.events <= listed:
            return True  # an event with no transition ends the execution
        for transition in widget.transitions:
            if transition.next is None or transition.next not in component:
                return True
    return False


def _bounded_by_counter(flow: Flow, component: set[str]) -> bool:
    """A set-variables widget in the loop sets a variable that a split in the loop tests."""
    from flowlint.liquid.references import flow_liquid

    set_here: set[str] = set()
    for name in component:
        widget = flow.widgets_by_name[name]
        if widget.type == "set-variables":
            variables = widget.properties.get("variables")
            for entry in variables if isinstance(variables, list) else []:
                if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                    set_here.add(entry["key"].strip())
    if not set_here:
        return False
    for reference in flow_liquid(flow).references_to("flow"):
        widget = reference.widget
        if (
            widget.type == "split-based-on"
            and widget.name in component
            and reference.segment(1) == "variables"
            and reference.segment(2) in set_here
        ):
            return True
    return False
