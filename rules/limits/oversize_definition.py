import json

from flowlint.model.flow import Flow
from flowlint.rule import Option, Rule, RuleContext, Severity


class OversizeDefinition(Rule):
    """
    ## What it finds
    A definition whose compact JSON serialization (no spaces, UTF-8) is over 1,048,576 bytes
    (an error), or over 90% of that (a warning). Both thresholds are options:
    `max_bytes` and `warn_ratio`.

    ## Why it matters
    The Studio REST API v2 refuses a request over 1 MB, so the flow cannot be created or
    updated at all; close to the limit, the next few widgets will break deployments.

    ## Example
    A flow with hundreds of widgets carrying long inline message bodies and JSON payloads.

    ## Fix
    Move long texts into Twilio Assets or Content templates, move repeated logic into a
    subflow (`run-subflow`), or split the flow in two.
    """

    code = "FL701"
    name = "oversize-definition"
    category = "limits"
    severity = Severity.ERROR
    summary = "The definition is (nearly) over Studio's 1 MB request limit"
    options = (
        Option("max_bytes", int, 1_048_576, "Size in bytes above which the definition is an error"),
        Option("warn_ratio", float, 0.9, "Fraction of max_bytes above which to warn"),
    )

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        limit: int = ctx.option("max_bytes")
        reported_above = min(limit, limit * ctx.option("warn_ratio"))
        span = ctx.tree.value_span(flow.pointer)
        if span is not None:
            source = ctx.tree.text[span[0] : span[1]].encode("utf-8", "surrogatepass")
            # Bounds spare serializing the definition (about 8 ms for 1 MB); the compact
            # form is never over 6.25 times the source (see compact_size_at_most).
            if len(source) * 6.25 <= reported_above:
                return
            if compact_size_at_most(source) <= reported_above:
                return
        # surrogatepass: a lone surrogate ("\ud800" in the file) still has a size.
        definition = json.dumps(flow.data, separators=(",", ":"), ensure_ascii=False)
        size = len(definition.encode("utf-8", "surrogatepass"))
        target = flow.states_pointer if "states" in flow.data else flow.pointer
        on_key = "states" in flow.data
        if size > limit:
            ctx.report(
                target,
                f"the definition is {size:,} bytes as compact JSON, over Studio's limit of "
                f"{limit:,} bytes: the REST API will refuse it",
                on_key=on_key,
            )
        elif size > limit * ctx.option("warn_ratio"):
            ctx.report(
                target,
                f"the definition is {size:,} bytes as compact JSON, {size / limit:.0%} of "
                f"Studio's limit of {limit:,} bytes",
                on_key=on_key,
                severity=Severity.WARNING,
            )


_MOST_A_NUMBER_GROWS = 21
"""A float is at least 3 characters in the source (`1e5`, `1.5`) and at most 24 as Python
writes it back (`-2.2250738585072014e-308`); an integer never grows."""
_DIGIT_AND_SEPARATOR = bytes.maketrans(b"0123456789eE", b"0000000000..")


def compact_size_at_most(source: bytes) -> int:
    """An upper bound of the size of the compact serialization of `source` (one JSON value,
    as strict JSON, UTF-8), computed with a few byte counts at C speed.

    Re-serializing never lengthens a string (an escape either stays, `\\n`, or shrinks,
    `\\u00e9` -> `é`), an integer, a literal or a bracket, and drops the whitespace between
    tokens. Only floats can grow, by at most `_MOST_A_NUMBER_GROWS` bytes each; every float has
    a digit followed by `.`, `e` or `E`, so counting those pairs (in strings too) bounds how
    many there are. Each float also takes at least 4 bytes with the `,`, `:` or `[` before
    it, so the compact form is never over 6.25 times the source. Whitespace that is surely between tokens is subtracted: strict JSON has no raw line
    break inside a string, so a line break and the indentation after it are outside strings
    (counted for lines indented by 8 spaces or more: a pretty-printed flow's widgets).
    """
    floats_at_most = source.translate(_DIGIT_AND_SEPARATOR).count(b"0.")
    deeply_indented_lines = source.count(b"\n        ")
    return len(source) - 9 * deeply_indented_lines + _MOST_A_NUMBER_GROWS * floats_at_most
