from flowlint.liquid.references import flow_liquid
from flowlint.model.flow import Flow
from flowlint.model.suggest import did_you_mean
from flowlint.rule import Rule, RuleContext, Severity

_WIDGET_OUTPUTS = frozenset({"size", "first", "last"})
"""Properties Liquid itself answers on any object."""


class UnknownSubflowOutput(Rule):
    """
    ## What it finds
    Liquid that reads `widgets.<run-subflow widget>.<key>` where the subflow the widget runs
    sets no variable `key` in any of its set-variables widgets. The finding is on the path and
    points at the subflow's set-variables widgets.

    ## Why it matters
    A subflow returns values through the Set Variables widget: "the variables stored when
    using a Set Variables Widget in a Subflow are not found in `{{flow.variables.<key>}}` after
    returning from the Subflow. Instead, these variables can be accessed from the Run Subflow
    Widget", as `{{widgets.<run subflow widget>.<key>}}` (Twilio's Run Subflow documentation,
    "Run Subflow Variables"). A key the subflow never sets renders empty. Keys are
    case-sensitive.

    ## Example
    The subflow sets `verified`; the parent reads
    ```json
    "input": "{{widgets.verify.is_verified}}"
    ```

    ## Fix
    ```json
    "input": "{{widgets.verify.verified}}"
    ```
    """

    code = "FL956"
    name = "unknown-subflow-output"
    category = "project"
    severity = Severity.WARNING
    summary = "Liquid reads a value the subflow never sets"

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        project = ctx.project
        if project is None or not project.knows_flows:
            return
        widgets = flow.widgets_by_name
        for reference in flow_liquid(flow).references_to("widgets"):
            target = widgets.get(reference.segment(1) or "")
            subflow = project.subflow_of(target) if target is not None else None
            key = reference.segment(2)
            if target is None or subflow is None or key is None or key in _WIDGET_OUTPUTS:
                continue
            if key in subflow.variables_set:
                continue
            span = reference.span(ctx.tree)
            set_keys = sorted(subflow.variables_set)
            ctx.report(
                reference.pointer,
                f"'{reference.written}' reads '{key}' from run-subflow '{target.label}', but "
                f"{subflow.label} sets no variable '{key}'"
                + (f" (it sets {', '.join(set_keys)})" if set_keys else " (it sets none)")
                + did_you_mean(key, set_keys),
                reference.widget,
                span=span,
                related_elsewhere=tuple(
                    each.place.note(f"{subflow.label} sets '{each.key}' in '{each.widget}'")
                    for each in list(subflow.variables_set.values())[:5]
                ),
            )
