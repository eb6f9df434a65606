from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.split.conditions import TYPES_WITHOUT_VALUE, describe, split_conditions, value_pointer


class EmptyConditionValue(Rule):
    """
    ## What it finds
    A split condition that compares the input with nothing: its `value` is missing, null, an
    empty string or only spaces, for any condition type that uses a value (`equal_to`,
    `contains`, `matches_any_of`, `regex`, `less_than`, ...). `is_blank` and `is_not_blank`
    ignore the value and are not reported.

    ## Why it matters
    The Console does not let you save such a condition, so it comes from a hand edit or a
    broken template. `contains ""` matches every input and hides all later branches;
    `equal_to ""` only matches a blank input, which `is_blank` says clearly; the others
    never match.

    ## Example
    ```json
    {"type": "contains", "value": "", "friendly_name": "If value contains"}
    ```

    ## Fix
    Fill in the value, or use `is_blank` / `is_not_blank`:
    ```json
    {"type": "contains", "value": "agent", "friendly_name": "If value contains agent"}
    ```

    ## Corpus
    0 findings on the 122 real flows of ../shared/corpus/real.
    """

    code = "FL506"
    name = "empty-condition-value"
    category = "split"
    severity = Severity.WARNING
    summary = "A split condition with an empty value"
    scope = "widget"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        for condition in split_conditions(widget):
            kind = condition.type
            if kind is None or kind in TYPES_WITHOUT_VALUE:
                continue
            value = condition.value
            if isinstance(value, str) and value.strip():
                continue
            if value is not None and not isinstance(value, str):
                continue
            ctx.report(
                value_pointer(condition),
                f"condition {describe(condition)} in split '{widget.label}' ({kind}) has an "
                "empty value, so it compares the input with nothing",
                widget,
            )
