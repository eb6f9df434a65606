"""The base class of the rules in `rules/schema/`: each reports its own kind of finding from
the shared, per-flow schema pass (`flowlint.schema.validation.validate_flow`)."""

from __future__ import annotations

from flowlint.model.flow import Flow
from flowlint.rule import Rule, RuleContext
from flowlint.schema.validation import validate_flow


class SchemaRule(Rule):
    """Reports the schema findings whose rule is this rule's `name`.

    The pass runs once per flow, when the first enabled schema rule asks for it; a disabled
    rule is never called, and when every schema rule is disabled the pass never runs.
    """

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        for finding in validate_flow(flow).of_rule(self.name):
            ctx.report(
                finding.pointer,
                finding.message,
                finding.widget,
                on_key=finding.on_key,
                severity=finding.severity,
            )
