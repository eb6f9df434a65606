import re

from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.split.conditions import describe, literal_conditions, value_pointer

_TIME = re.compile(r"(?P<hour>\d{1,2}):(?P<minute>\d{2})")


class InvalidTimeFormat(Rule):
    """
    ## What it finds
    An `is_before_time` or `is_after_time` condition whose value is not a 24-hour time
    `HH:MM`: `9am`, `5:30 PM`, `25:00`, `17:60`, `1730`. Values that are Liquid are not
    checked.

    ## Why it matters
    Studio compares the input's time with this value; a value it cannot read as `HH:MM`
    makes the comparison meaningless, so office-hours routing silently sends everyone down
    the same branch.

    ## Example
    ```json
    {"type": "is_before_time", "value": "5:30 PM"}
    ```

    ## Fix
    ```json
    {"type": "is_before_time", "value": "17:30"}
    ```

    ## Corpus
    0 findings on the 122 real flows of ../shared/corpus/real (they have no time
    conditions).
    """

    code = "FL504"
    name = "invalid-time-format"
    category = "split"
    severity = Severity.ERROR
    summary = "A time condition whose value is not HH:MM (24-hour)"
    scope = "widget"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        for condition, value in literal_conditions(widget, "is_before_time", "is_after_time"):
            if _valid_time(value.strip()):
                continue
            ctx.report(
                value_pointer(condition),
                f"condition {describe(condition)} in split '{widget.label}' compares times, "
                f"but '{value}' is not a 24-hour time HH:MM (e.g. 09:00 or 17:30)",
                widget,
            )


def _valid_time(value: str) -> bool:
    match = _TIME.fullmatch(value)
    return match is not None and int(match["hour"]) < 24 and int(match["minute"]) < 60
