from flowlint.model.flow import Flow
from flowlint.rule import Rule, RuleContext, Severity


class InvalidFlowStructure(Rule):
    """
    ## What it finds
    Parts of a definition whose JSON type makes them unusable: `states` that is not an
    array, a widget that is not an object, a `name`, `type`, `event` or `next` that is not a
    string, `transitions` that is not an array, `properties` that is not an object.

    ## Why it matters
    Twilio rejects such a definition (error 81022), and flowlint cannot analyse the broken
    part: it reads as absent for every other rule.

    ## Example
    ```json
    {"name": "greet", "type": "say-play", "transitions": {"event": "audioComplete"}}
    ```

    ## Fix
    ```json
    {"name": "greet", "type": "say-play", "transitions": [{"event": "audioComplete"}]}
    ```
    """

    code = "FL100"
    name = "invalid-flow-structure"
    category = "structure"
    severity = Severity.ERROR
    summary = "A part of the definition has the wrong JSON type"

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        for problem in flow.problems:
            ctx.report(problem.pointer, problem.message, problem.widget)
