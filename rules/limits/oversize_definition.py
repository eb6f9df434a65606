import json

from flowlint.model.flow import Flow
from flowlint.rule import Option, Rule, RuleContext, Severity


class OversizeDefinition(Rule):
    """
    ## What it finds
    A definition whose compact JSON serialization (no spaces, UTF-8) is over 1,048,576 bytes
    (an error), or over 90% of that (a warning). Both thresholds are options:
    `max_bytes` and `warn_ratio`.

    ## Why it matters
    The Studio REST API v2 refuses a request over 1 MB, so the flow cannot be created or
    updated at all; close to the limit, the next few widgets will break deployments.

    ## Example
    A flow with hundreds of widgets carrying long inline message bodies and JSON payloads.

    ## Fix
    Move long texts into Twilio Assets or Content templates, move repeated logic into a
    subflow (`run-subflow`), or split the flow in two.
    """

    code = "FL701"
    name = "oversize-definition"
    category = "limits"
    severity = Severity.ERROR
    summary = "The definition is (nearly) over Studio's 1 MB request limit"
    options = (
        Option("max_bytes", int, 1_048_576, "Size in bytes above which the definition is an error"),
        Option("warn_ratio", float, 0.9, "Fraction of max_bytes above which to warn"),
    )

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        limit: int = ctx.option("max_bytes")
        # surrogatepass: a lone surrogate ("\ud800" in the file) still has a size.
        definition = json.dumps(flow.data, separators=(",", ":"), ensure_ascii=False)
        size = len(definition.encode("utf-8", "surrogatepass"))
        target = flow.states_pointer if "states" in flow.data else flow.pointer
        on_key = "states" in flow.data
        if size > limit:
            ctx.report(
                target,
                f"the definition is {size:,} bytes as compact JSON, over Studio's limit of "
                f"{limit:,} bytes: the REST API will refuse it",
                on_key=on_key,
            )
        elif size > limit * ctx.option("warn_ratio"):
            ctx.report(
                target,
                f"the definition is {size:,} bytes as compact JSON, {size / limit:.0%} of "
                f"Studio's limit of {limit:,} bytes",
                on_key=on_key,
                severity=Severity.WARNING,
            )
