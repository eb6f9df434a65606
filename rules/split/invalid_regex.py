from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.string_offsets import string_span
from flowlint.split.conditions import describe, literal_conditions, value_pointer
from flowlint.split.user_regex import PatternError, compile_pattern


class InvalidRegex(Rule):
    """
    ## What it finds
    A `regex` condition of a split-based-on widget whose pattern does not compile: an
    unclosed group `(yes|y`, an unterminated class `[0-9`, a quantifier with nothing to
    repeat `*yes`. Patterns are read like Studio's (Java-style, case-insensitive, so `\\p{L}`
    and possessive quantifiers are fine). Values that are Liquid are not checked.

    ## Why it matters
    A pattern that does not compile can never match: the branch is dead and every input
    falls through to the next condition or to `noMatch`.

    ## Example
    ```json
    {"type": "regex", "value": "^(yes|y", "friendly_name": "If value regex ^(yes|y"}
    ```

    ## Fix
    ```json
    {"type": "regex", "value": "^(yes|y)$", "friendly_name": "If value regex ^(yes|y)$"}
    ```

    ## Corpus
    0 findings on the 122 real flows of ../shared/corpus/real (18 regex conditions, all
    valid).
    """

    code = "FL502"
    name = "invalid-regex"
    category = "split"
    severity = Severity.ERROR
    summary = "A regex split condition whose pattern does not compile"
    scope = "widget"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        for condition, pattern in literal_conditions(widget, "regex"):
            try:
                compile_pattern(pattern)
            except PatternError as error:
                pointer = value_pointer(condition)
                span = None
                inside = error.offset is not None and error.offset < len(pattern)
                if inside and error.offset is not None and isinstance(condition.value, str):
                    span = string_span(ctx.tree, pointer, error.offset, error.offset + 1)
                where = f" at position {error.offset}" if error.offset is not None else ""
                ctx.report(
                    pointer,
                    f"the regex of condition {describe(condition)} in split '{widget.label}' "
                    f"does not compile ({error.message}{where}), so it can never match",
                    widget,
                    span=span,
                )
