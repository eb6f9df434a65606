from flowlint.model.flow import Flow
from flowlint.model.suggest import did_you_mean
from flowlint.rule import Rule, RuleContext, Severity


class InvalidInitialState(Rule):
    """
    ## What it finds
    A definition whose `initial_state` is missing, is not a string, names no widget, or names
    a widget that is not the `trigger`.

    ## Why it matters
    Every execution starts at the initial state, which must be the flow's Trigger widget
    (the Console always writes `"initial_state": "Trigger"`). Without it the flow cannot
    start, and Twilio rejects the definition.

    ## Example
    ```json
    {"initial_state": "Triger", "states": [{"name": "Trigger", "type": "trigger", ...}]}
    ```

    ## Fix
    ```json
    {"initial_state": "Trigger", "states": [{"name": "Trigger", "type": "trigger", ...}]}
    ```
    """

    code = "FL101"
    name = "invalid-initial-state"
    category = "structure"
    severity = Severity.ERROR
    summary = "initial_state is missing, unknown, or not the trigger widget"

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        raw = flow.data.get("initial_state")
        if "initial_state" not in flow.data:
            ctx.report(
                flow.pointer,
                "the definition has no `initial_state`; set it to the name of the trigger widget",
            )
            return
        if not isinstance(raw, str) or not raw:
            ctx.report(
                flow.initial_state_pointer,
                "`initial_state` must be the name of the trigger widget (a non-empty string)",
            )
            return
        widget = flow.widgets_by_name.get(raw)
        if widget is None:
            hint = did_you_mean(raw, flow.widgets_by_name)
            ctx.report(
                flow.initial_state_pointer,
                f"`initial_state` names '{raw}', but no widget has that name{hint}",
            )
            return
        if widget.type != "trigger":
            triggers = [w.name for w in flow.widgets if w.type == "trigger" and w.name]
            hint = f"; the trigger widget is '{triggers[0]}'" if triggers else ""
            ctx.report(
                flow.initial_state_pointer,
                f"`initial_state` names '{raw}', a {widget.type} widget; executions must start at the trigger widget{hint}",
            )
