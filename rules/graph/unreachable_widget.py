from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity


class UnreachableWidget(Rule):
    """
    ## What it finds
    A widget that no chain of transitions from the initial state reaches. This is a real
    graph search, so a group of widgets that only point at each other (an orphan cycle) is
    found too. Nothing is reported when the initial state itself is broken
    (`invalid-initial-state` covers that).

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
    """

    code = "FL201"
    name = "unreachable-widget"
    category = "graph"
    severity = Severity.WARNING
    summary = "No path from the initial state reaches the widget"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        if widget.flow.legacy:
            return  # one legacy-definition-format finding covers pre-v2 exports
        graph = widget.flow.graph
        if widget.name is None or graph.root is None or widget.type == "trigger":
            return
        if widget.flow.widgets_by_name.get(widget.name) is not widget:
            return  # a duplicate name; duplicate-widget-name reports it
        if widget.name in graph.reachable:
            return
        sources = sorted(graph.predecessors.get(widget.name, ()))
        detail = (
            f"; it is only entered from widgets that are unreachable too: {', '.join(sources)}"
            if sources
            else "; no transition leads to it"
        )
        ctx.report(
            widget.name_pointer,
            f"widget '{widget.name}' is never reached from the initial state '{graph.root}'{detail}",
            widget,
        )
