from flowlint.liquid.references import flow_liquid
from flowlint.model.flow import Flow
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.string_offsets import string_span


class LiquidSyntax(Rule):
    """
    ## What it finds
    Liquid that a Liquid parser rejects, in any string property of a widget (message bodies,
    HTTP bodies and parameters, set-variables values, split `input` and condition arguments):
    an output or tag that is never closed (`{{flow.variables.id`), a missing `{% endif %}`, an
    unknown tag (`{% iff %}`), a filter with nothing after the `|`, two values with no operator
    between them. The finding points at the offending `{{ … }}` or `{% … %}` block inside the
    string.

    ## Why it matters
    Twilio renders the property when the widget runs. A template it cannot parse is sent as
    raw text (the customer reads `{{flow.variables.id`) or makes the widget fail, and Twilio's
    flow validation does not look inside strings, so nothing warns you before it happens.

    ## Example
    ```json
    "body": "Your booking {{flow.variables.reservation_id is confirmed."
    ```

    ## Fix
    ```json
    "body": "Your booking {{flow.variables.reservation_id}} is confirmed."
    ```

    ## Corpus
    1 finding on the 122 real flows of ../shared/corpus/real, a true bug: a run-function
    parameter `{{flow.variables.reservation_id` that never closes its output, so the function
    receives the raw text instead of the reservation id.
    """

    code = "FL401"
    name = "liquid-syntax"
    category = "liquid"
    severity = Severity.ERROR
    summary = "Liquid that the parser rejects (unclosed output or tag, unknown tag, bad filter)"

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        for template in flow_liquid(flow).templates:
            error = template.analysis.error
            if error is None:
                continue
            source = template.source
            block = source.text[error.start : error.end]
            shown = block if len(block) <= 60 else block[:57] + "..."
            ctx.report(
                source.pointer,
                f"Liquid syntax error in widget '{source.widget.label}': {error.message} "
                f"(in `{shown}`); Twilio cannot render this property",
                source.widget,
                span=string_span(ctx.tree, source.pointer, error.start, error.end),
            )
