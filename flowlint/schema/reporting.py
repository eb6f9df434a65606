"""The base class of the rules in `rules/schema/`: each reports its own kind of finding from
the shared, per-flow schema pass (`flowlint.schema.validation.validate_flow`)."""

from __future__ import annotations

from flowlint.model.flow import Flow
from flowlint.rule import Rule, RuleContext
from flowlint.schema.findings import MISSING_REQUIRED, SchemaFinding
from flowlint.source.edits import Fix


class SchemaRule(Rule):
    """Reports the schema findings whose rule is this rule's `name`.

    The pass runs once per flow, when the first enabled schema rule asks for it; a disabled
    rule is never called, and when every schema rule is disabled the pass never runs.
    """

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        from flowlint.schema.validation import validate_flow

        for finding in validate_flow(flow).of_rule(self.name):
            ctx.report(
                finding.pointer,
                finding.message,
                finding.widget,
                on_key=finding.on_key,
                span=_opening_of_object(finding, ctx),
                severity=finding.severity,
                fix=self.fix(finding, flow, ctx),
            )

    def fix(self, finding: SchemaFinding, flow: Flow, ctx: RuleContext) -> Fix | None:
        """The fix for one finding, if the rule has one (overridden by rules that fix)."""
        return None


def _opening_of_object(finding: SchemaFinding, ctx: RuleContext) -> tuple[int, int] | None:
    """A property missing from an object that has no key of its own (the document, an array
    item) is reported on the object's `{` rather than across all its lines."""
    if finding.rule != MISSING_REQUIRED or finding.on_key:
        return None
    span = ctx.tree.value_span(finding.pointer)
    if span is None or not ctx.tree.text.startswith("{", span[0]):
        return None
    if "\n" not in ctx.tree.text[span[0] : span[1]]:
        return None
    return (span[0], span[0] + 1)
