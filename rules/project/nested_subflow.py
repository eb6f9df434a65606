from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity


class NestedSubflow(Rule):
    """
    ## What it finds
    A run-subflow widget that runs a flow of the project which itself has a run-subflow
    widget. The finding is on the parent's widget and points at the nested one.

    ## Why it matters
    Studio does not let a subflow run another subflow: the execution fails with error 81024,
    "Subflow is trying to invoke another Subflow" (https://www.twilio.com/docs/api/errors/81024).

    ## Example
    `main.json` runs `verify.json` as a subflow, and `verify.json` has
    ```json
    {"name": "log_attempt", "type": "run-subflow",
     "properties": {"flow_sid": "FW…", "flow_revision": "LatestPublished"}}
    ```

    ## Fix
    Run both subflows from the parent one after the other, or fold the nested one's widgets
    into the subflow.
    """

    code = "FL953"
    name = "nested-subflow"
    category = "project"
    severity = Severity.ERROR
    summary = "The subflow runs another subflow (error 81024)"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        subflow = ctx.project.subflow_of(widget) if ctx.project is not None else None
        if subflow is None or not subflow.nested_subflows:
            return
        nested = subflow.nested_subflows
        ctx.report(
            widget.property_pointer("flow_sid"),
            f"run-subflow '{widget.label}' runs {subflow.label}, which runs another subflow "
            f"('{nested[0].widget}'); Studio fails such an execution with error 81024",
            widget,
            related_elsewhere=tuple(
                each.place.note(f"'{each.widget}' in {subflow.label} runs a subflow")
                for each in nested
            ),
        )
