from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity

_RUNTIME_FIELDS = frozenset({"request"})
"""What the Functions runtime itself puts in `event` (the request's headers and cookies)."""


class MissingFunctionParameter(Rule):
    """
    ## What it finds
    A run-function widget that calls a Function of the repository (see `unknown-function`)
    without passing a parameter the Function's source reads as `event.X`, `event['X']` or
    `const { X } = event`. A hint only: the regular expressions that find the reads also find
    them in comments and in branches that never run (docs/projects.md).

    ## Why it matters
    A run-function widget sends exactly its `parameters` to the Function, which sees them in
    `event`; a field the flow does not send is `undefined` there.

    ## Example
    The Function reads `event.From`; the widget passes
    ```json
    "parameters": [{"key": "from", "value": "{{trigger.call.From}}"}]
    ```

    ## Fix
    ```json
    "parameters": [{"key": "From", "value": "{{trigger.call.From}}"}]
    ```
    """

    code = "FL959"
    name = "missing-function-parameter"
    category = "project"
    severity = Severity.INFO
    summary = "The Function reads an event field its run-function widget does not pass"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        project = ctx.project
        if project is None or not project.functions:
            return
        if not (widget.type or "").startswith("run-function"):
            return
        url = widget.properties.get("url")
        function = project.function_for_url(url) if isinstance(url, str) else None
        if function is None:
            return
        items = widget.properties.get("parameters")
        passed = {
            item.get("key")
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict)
        }
        missing = sorted(set(function.event_reads) - passed - _RUNTIME_FIELDS)
        if not missing:
            return
        has_parameters = "parameters" in widget.properties
        ctx.report(
            widget.property_pointer("parameters" if has_parameters else "url"),
            f"run-function '{widget.label}' does not pass {', '.join(missing)}, which "
            f"{function.url_path} reads from its event",
            widget,
            on_key=has_parameters,
            related_elsewhere=tuple(
                function.event_reads[name].note(f"{function.url_path} reads event.{name}")
                for name in missing
            ),
        )
