from flowlint.model.flow import Flow
from flowlint.rule import Option, Rule, RuleContext, Severity


class TooManyWidgets(Rule):
    """
    ## What it finds
    A flow with more widgets than Studio allows: 1000 by default (the `maxItems` of `states`
    in Twilio's flow-definition schema). Twilio's FAQ has also quoted 2,000 widgets including
    subflows, so the limit is the option `max_widgets`.

    ## Why it matters
    Twilio refuses to save or publish a flow over the limit.

    ## Example
    A flow whose `states` array has 1,200 entries.

    ## Fix
    Move self-contained parts into subflows (`run-subflow`) or split the flow.
    """

    code = "FL702"
    name = "too-many-widgets"
    category = "limits"
    severity = Severity.ERROR
    summary = "The flow has more widgets than Studio allows"
    options = (Option("max_widgets", int, 1000, "Largest number of widgets allowed in one flow"),)

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        states = flow.data.get("states")
        limit: int = ctx.option("max_widgets")
        if isinstance(states, list) and len(states) > limit:
            ctx.report(
                flow.states_pointer,
                f"the flow has {len(states):,} widgets; Studio allows at most {limit:,}",
                on_key=True,
            )
