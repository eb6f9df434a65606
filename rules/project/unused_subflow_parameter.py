from flowlint.model.flow import Widget
from flowlint.model.suggest import did_you_mean
from flowlint.rule import Rule, RuleContext, Severity


class UnusedSubflowParameter(Rule):
    """
    ## What it finds
    A parameter a run-subflow widget passes that the subflow never reads as
    `trigger.parent.parameters.<key>`. Nothing is reported when the subflow reads
    `trigger.parent.parameters` whole (e.g. `| to_json`), since then any key may be used.

    ## Why it matters
    A hint: a parameter nobody reads is often a misspelt key (the subflow reads another
    spelling, and gets nothing) or a leftover from an older version of the subflow.

    ## Example
    ```json
    "parameters": [{"key": "lang", "value": "en"}]
    ```
    while the subflow reads `{{trigger.parent.parameters.language}}`.

    ## Fix
    ```json
    "parameters": [{"key": "language", "value": "en"}]
    ```
    """

    code = "FL955"
    name = "unused-subflow-parameter"
    category = "project"
    severity = Severity.INFO
    summary = "A parameter the subflow never reads"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        subflow = ctx.project.subflow_of(widget) if ctx.project is not None else None
        if subflow is None or subflow.reads_every_parameter:
            return
        items = widget.properties.get("parameters")
        read = sorted(subflow.parameters_read)
        for index, item in enumerate(items if isinstance(items, list) else []):
            key = item.get("key") if isinstance(item, dict) else None
            if not isinstance(key, str) or key in subflow.parameters_read:
                continue
            ctx.report(
                widget.property_pointer("parameters", index, "key"),
                f"run-subflow '{widget.label}' passes parameter '{key}', which {subflow.label} "
                f"never reads as trigger.parent.parameters.{key}{did_you_mean(key, read)}",
                widget,
                related_elsewhere=(subflow.trigger.note(f"the trigger of {subflow.label}"),)
                if subflow.trigger is not None
                else (),
            )
