from flowlint.liquid.references import flow_liquid
from flowlint.model.flow import Flow
from flowlint.model.suggest import did_you_mean
from flowlint.rule import Rule, RuleContext, Severity


class UnknownFunctionOutput(Rule):
    """
    ## What it finds
    Liquid that reads `widgets.<run-function widget>.parsed.<key>` where the widget calls a
    Function of the repository whose source evidently returns an object without `key`: every
    `callback(null, {...})` in the source passes an object literal with plain keys and none
    of them is `key`. When the response is not evident (a variable, a `Twilio.Response`,
    spreads, nested objects), nothing is checked. See docs/projects.md for the limits of
    reading JavaScript with regular expressions.

    ## Why it matters
    `parsed` holds the JSON the Function returned (studio-domain.md §3, run-function
    outputs); a key it does not return renders empty.

    ## Example
    The Function ends with `callback(null, { name: customer.name, tier })`; the flow reads
    ```json
    "body": "Hello {{widgets.lookup.parsed.customer_name}}"
    ```

    ## Fix
    ```json
    "body": "Hello {{widgets.lookup.parsed.name}}"
    ```
    """

    code = "FL958"
    name = "unknown-function-output"
    category = "project"
    severity = Severity.WARNING
    summary = "Liquid reads a field the Function's response evidently lacks"

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        project = ctx.project
        if project is None or not project.functions:
            return
        widgets = flow.widgets_by_name
        for reference in flow_liquid(flow).references_to("widgets"):
            target = widgets.get(reference.segment(1) or "")
            if target is None or not (target.type or "").startswith("run-function"):
                continue
            if reference.segment(2) != "parsed":
                continue
            key = reference.segment(3)
            url = target.properties.get("url")
            function = project.function_for_url(url) if isinstance(url, str) else None
            if function is None or function.response_keys is None or key is None:
                continue
            if key in function.response_keys:
                continue
            keys = sorted(function.response_keys)
            ctx.report(
                reference.pointer,
                f"'{reference.written}' reads '{key}' from the response of {function.url_path}, "
                f"which returns only {', '.join(keys) or 'an empty object'}"
                + did_you_mean(key, keys),
                reference.widget,
                span=reference.span(ctx.tree),
                related_elsewhere=(
                    (function.response_place or function.place).note(
                        f"{function.url_path} returns {', '.join(keys) or 'an empty object'}"
                    ),
                ),
            )
