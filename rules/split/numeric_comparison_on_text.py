from flowlint.liquid.strings import has_liquid
from flowlint.liquid.templates import analyze_template
from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.string_offsets import string_span
from flowlint.split.conditions import (
    describe,
    literal_value,
    number,
    split_conditions,
    value_pointer,
)

NUMERIC_TYPES = frozenset({"less_than", "greater_than"})
TEXT_FIELDS = frozenset({"Body", "SpeechResult"})
"""Inputs that are always text: what a person typed or said."""
NUMERIC_FILTERS = frozenset(
    {"plus", "minus", "times", "divided_by", "modulo", "abs", "round", "ceil", "floor",
     "at_least", "at_most", "size"}
)  # fmt: skip
"""Filters whose result is a number, which is what makes the comparison numeric."""


class NumericComparisonOnText(Rule):
    """
    ## What it finds
    A `less_than` or `greater_than` condition of a split-based-on widget that cannot compare
    numbers:

    - **error**: the value is not a number (`"five"`, `"10 dollars"`, `"$5"`);
    - **warning**: the input is a message body or speech result (`trigger.message.Body`,
      `widgets.ask.inbound.Body`, `widgets.gather.SpeechResult`) used as is. Twilio's FAQ
      says numeric comparisons fail when the input is a string and recommends converting it
      with `| plus: 0`.

    ## Why it matters
    The comparison fails instead of comparing: "how many tickets?" → "3" never takes the
    `less_than 5` branch, and callers end up in `noMatch`.

    ## Example
    ```json
    "input": "{{widgets.ask_count.inbound.Body}}"
    ```
    with a condition `{"type": "less_than", "value": "5"}`.

    ## Fix
    ```json
    "input": "{{widgets.ask_count.inbound.Body | plus: 0}}"
    ```

    ## Corpus
    On the 122 real flows of ../shared/corpus/real (55 numeric conditions): 0 errors,
    2 warnings, both splits comparing a WhatsApp reply (`widgets.X.inbound.Body`) with
    `less_than` without converting it.
    """

    code = "FL503"
    name = "numeric-comparison-on-text"
    category = "split"
    severity = Severity.ERROR
    summary = "less_than/greater_than with a non-numeric value or a raw text input"
    scope = "widget"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        numeric = [c for c in split_conditions(widget) if c.type in NUMERIC_TYPES]
        if not numeric:
            return
        for condition in numeric:
            value = literal_value(condition)
            if value is not None and number(value) is None:
                ctx.report(
                    value_pointer(condition),
                    f"condition {describe(condition)} in split '{widget.label}' is a numeric "
                    f"comparison ({condition.type}), but its value '{value}' is not a number, "
                    "so it never matches",
                    widget,
                )
        self._check_input(widget, ctx)

    def _check_input(self, widget: Widget, ctx: RuleContext) -> None:
        text = widget.properties.get("input")
        if not isinstance(text, str) or not has_liquid(text):
            return
        for variable in analyze_template(text).variables:
            names = variable.names
            if not names or names[-1] not in TEXT_FIELDS or len(names) != len(variable.segments):
                continue
            if not NUMERIC_FILTERS.isdisjoint(variable.filters):
                continue
            pointer = widget.property_pointer("input")
            written = text[variable.start : variable.end]
            ctx.report(
                pointer,
                f"split '{widget.label}' compares '{written}' with less_than/greater_than, "
                f"but {names[-1]} is text and numeric comparisons on text fail; convert it "
                f"with '{{{{{written} | plus: 0}}}}'",
                widget,
                span=string_span(ctx.tree, pointer, variable.start, variable.end),
                severity=Severity.WARNING,
            )
