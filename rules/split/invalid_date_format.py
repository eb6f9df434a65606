import re

from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.split.conditions import describe, literal_conditions, value_pointer

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class InvalidDateFormat(Rule):
    """
    ## What it finds
    An `is_before_date` or `is_after_date` condition whose value is not a calendar date
    written `YYYY-MM-DD`: `12/25/2024`, `2024-1-5`, `25-12-2024`, or a date that does not
    exist such as `2025-02-30`. Values that are Liquid are not checked.

    ## Why it matters
    Studio compares the input's date with this value; a value it cannot read as
    `YYYY-MM-DD` makes the comparison meaningless, so holiday or deadline routing never
    behaves as intended.

    ## Example
    ```json
    {"type": "is_after_date", "value": "12/24/2025"}
    ```

    ## Fix
    ```json
    {"type": "is_after_date", "value": "2025-12-24"}
    ```

    ## Corpus
    0 findings on the 122 real flows of ../shared/corpus/real (they have no date
    conditions).
    """

    code = "FL505"
    name = "invalid-date-format"
    category = "split"
    severity = Severity.ERROR
    summary = "A date condition whose value is not YYYY-MM-DD"
    scope = "widget"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        for condition, value in literal_conditions(widget, "is_before_date", "is_after_date"):
            problem = _date_problem(value.strip())
            if problem is None:
                continue
            ctx.report(
                value_pointer(condition),
                f"condition {describe(condition)} in split '{widget.label}' compares dates, "
                f"but '{value}' {problem}",
                widget,
            )


def _date_problem(value: str) -> str | None:
    if not _DATE.fullmatch(value):
        return "is not a date written YYYY-MM-DD (e.g. 2025-12-24)"
    import datetime  # imported only when a flow compares dates (about 1 ms)

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return "is not a real calendar date"
    return None
