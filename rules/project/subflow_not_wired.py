from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity


class SubflowNotWired(Rule):
    """
    ## What it finds
    A run-subflow widget that runs a flow of the project whose trigger has no
    `incomingParent` transition to a widget (the Console's "Subflow" trigger branch). The
    finding is on the parent's run-subflow widget and points at the subflow's trigger.

    ## Why it matters
    Only the widgets connected to the Subflow trigger run when a flow is invoked as a subflow
    (Twilio's Subflows documentation: "Widgets connected to the Subflow trigger only run when
    the Flow is invoked as a Subflow"). With nothing connected, the subflow does nothing and
    the parent carries on as if it had run.

    ## Example
    The subflow's trigger:
    ```json
    {"name": "Trigger", "type": "trigger",
     "transitions": [{"event": "incomingMessage", "next": "greet"},
                     {"event": "incomingParent"}]}
    ```

    ## Fix
    ```json
    {"name": "Trigger", "type": "trigger",
     "transitions": [{"event": "incomingMessage", "next": "greet"},
                     {"event": "incomingParent", "next": "greet"}]}
    ```
    """

    code = "FL952"
    name = "subflow-not-wired"
    category = "project"
    severity = Severity.ERROR
    summary = "The subflow's trigger has no incomingParent branch"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        subflow = ctx.project.subflow_of(widget) if ctx.project is not None else None
        if subflow is None or subflow.incoming_parent_wired:
            return
        related = (
            (subflow.trigger.note(f"the trigger of {subflow.label}: incomingParent leads nowhere"),)
            if subflow.trigger is not None
            else ()
        )
        ctx.report(
            widget.property_pointer("flow_sid"),
            f"run-subflow '{widget.label}' runs {subflow.label}, whose trigger has no "
            "incomingParent transition, so nothing runs when it is called as a subflow; "
            "connect the trigger's Subflow branch to its first widget",
            widget,
            related_elsewhere=related,
        )
