from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity


class DuplicateWidgetName(Rule):
    """
    ## What it finds
    Two widgets with the same `name`. The finding is on every widget after the first.

    ## Why it matters
    Transitions and Liquid (`{{widgets.NAME...}}`) refer to widgets by name, so a repeated
    name is ambiguous. Twilio rejects the definition (error 81022, "Widget names are not
    unique").

    ## Example
    ```json
    [{"name": "greet", "type": "say-play", ...}, {"name": "greet", "type": "send-message", ...}]
    ```

    ## Fix
    ```json
    [{"name": "greet", "type": "say-play", ...}, {"name": "greet_sms", "type": "send-message", ...}]
    ```

    ## Corpus
    3 findings in the real-flow corpus, all in one flow that defines three `send_to_queue_*`
    widgets twice each: true duplicates, which Twilio's validator would reject.
    """

    code = "FL102"
    name = "duplicate-widget-name"
    category = "structure"
    severity = Severity.ERROR
    summary = "Two widgets share a name"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        if widget.name is None:
            return
        first = widget.flow.widgets_by_name.get(widget.name)
        if first is not None and first is not widget:
            ctx.report(
                widget.name_pointer,
                f"widget name '{widget.name}' is already used by states[{first.index}] "
                f"({first.type or 'no type'}); widget names must be unique",
                widget,
            )
