from flowlint.liquid.references import flow_liquid
from flowlint.model.flow import Flow
from flowlint.model.suggest import did_you_mean
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.string_offsets import string_span

STANDARD_FILTERS = frozenset(
    {
        "abs", "append", "at_least", "at_most", "base64_decode", "base64_encode",
        "base64_url_safe_decode", "base64_url_safe_encode", "capitalize", "ceil", "compact",
        "concat", "date", "default", "divided_by", "downcase", "escape", "escape_once", "find",
        "find_index", "first", "floor", "has", "join", "last", "lstrip", "map", "minus",
        "modulo", "newline_to_br", "plus", "prepend", "reject", "remove", "remove_first",
        "remove_last", "replace", "replace_first", "replace_last", "reverse", "round",
        "rstrip", "size", "slice", "sort", "sort_natural", "split", "strip", "strip_html",
        "strip_newlines", "sum", "times", "truncate", "truncatewords", "uniq", "upcase",
        "url_decode", "url_encode", "where",
    }
)  # fmt: skip
"""The filters of standard (Shopify) Liquid."""

STUDIO_FILTERS = frozenset({"to_json"})
"""Filters Twilio Studio adds to standard Liquid."""

KNOWN_FILTERS = STANDARD_FILTERS | STUDIO_FILTERS

EQUIVALENTS = {
    "lower": "downcase",
    "upper": "upcase",
    "title": "capitalize",
    "length": "size",
    "trim": "strip",
    "json": "to_json",
    "tojson": "to_json",
    "int": "plus: 0",
    "to_i": "plus: 0",
    "to_number": "plus: 0",
}
"""Filters of other template languages (Jinja, Shopify themes) and their Studio spelling."""


class UnknownLiquidFilter(Rule):
    """
    ## What it finds
    A filter that neither standard Liquid nor Twilio Studio has: a typo (`upcasee`,
    `dwoncase`), a filter from another template language (`lower`, `title`, `length`,
    `json`), or one from a Liquid extension Studio does not load. Studio supports the standard
    Liquid filters (`plus`, `default`, `replace`, `date`, `split`, `size`, ...) plus
    `to_json`.

    ## Why it matters
    A parser does not reject an unknown filter, so the mistake passes every syntax check; at
    run time the filter is skipped or breaks the render, and the value comes out unconverted
    (`lower` leaves "YES" in upper case, so the split's `equal_to yes` never matches).

    ## Example
    ```json
    "input": "{{widgets.ask.inbound.Body | lower | strip}}"
    ```

    ## Fix
    ```json
    "input": "{{widgets.ask.inbound.Body | downcase | strip}}"
    ```

    ## Corpus
    0 findings on the 122 real flows of ../shared/corpus/real: every filter they use (`plus`,
    `default`, `date`, `replace`, `strip`, `downcase`, `slice`, `join`, `to_json`, ...) is
    known.
    """

    code = "FL407"
    name = "unknown-liquid-filter"
    category = "liquid"
    severity = Severity.WARNING
    summary = "A Liquid filter that neither Liquid nor Studio provides"

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        for template in flow_liquid(flow).templates:
            for use in template.analysis.filters:
                if use.name in KNOWN_FILTERS:
                    continue
                source = template.source
                equivalent = EQUIVALENTS.get(use.name)
                hint = (
                    f"; use {equivalent}" if equivalent else did_you_mean(use.name, KNOWN_FILTERS)
                )
                ctx.report(
                    source.pointer,
                    f"unknown Liquid filter '{use.name}' in widget '{source.widget.label}': "
                    f"Studio has the standard Liquid filters and to_json{hint}",
                    source.widget,
                    span=string_span(ctx.tree, source.pointer, use.start, use.end),
                )
