from flowlint.model.flow import Widget
from flowlint.model.suggest import did_you_mean
from flowlint.rule import Rule, RuleContext, Severity


class MissingSubflowParameter(Rule):
    """
    ## What it finds
    A run-subflow widget that does not pass a parameter the subflow reads as
    `{{trigger.parent.parameters.<key>}}`. The finding is on the widget's `parameters` key (its
    `flow_sid` when it has none) and points at the read in the subflow. A read that copes
    with an empty value (`| default: …`, an `{% if %}` test) is left alone.

    ## Why it matters
    A subflow receives exactly the parameters its Run Subflow widget passes (Subflows and
    Run Subflow documentation); a key the parent does not pass renders empty, so the
    subflow's messages show blanks and its splits take `noMatch`. Keys are case-sensitive.

    ## Example
    The subflow reads `{{trigger.parent.parameters.customer_id}}`; the parent passes
    ```json
    "parameters": [{"key": "customerId", "value": "{{flow.data.id}}"}]
    ```

    ## Fix
    ```json
    "parameters": [{"key": "customer_id", "value": "{{flow.data.id}}"}]
    ```
    """

    code = "FL954"
    name = "missing-subflow-parameter"
    category = "project"
    severity = Severity.WARNING
    summary = "The subflow reads a parameter its run-subflow widget does not pass"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        subflow = ctx.project.subflow_of(widget) if ctx.project is not None else None
        if subflow is None:
            return
        passed = passed_parameters(widget)
        has_parameters = "parameters" in widget.properties
        where = widget.property_pointer("parameters" if has_parameters else "flow_sid")
        for key, read in sorted(subflow.parameters_read.items()):
            if key in passed or read.handles_empty:
                continue
            ctx.report(
                where,
                f"run-subflow '{widget.label}' does not pass parameter '{key}', which "
                f"{subflow.label} reads (in '{read.widget}'), so it renders empty there"
                f"{did_you_mean(key, passed)}",
                widget,
                on_key=has_parameters,
                related_elsewhere=(
                    read.place.note(f"{subflow.label} reads trigger.parent.parameters.{key}"),
                ),
            )


def passed_parameters(widget: Widget) -> list[str]:
    """The keys of a run-subflow widget's `parameters`."""
    items = widget.properties.get("parameters")
    return [
        item["key"]
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict) and isinstance(item.get("key"), str)
    ]
