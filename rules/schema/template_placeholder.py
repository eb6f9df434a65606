import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from flowlint.model.catalog import widget_type
from flowlint.model.flow import Flow, Widget
from flowlint.model.placeholders import DEPLOYMENT_VARIABLE, placeholder_in
from flowlint.model.widget_memo import per_widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.pointer import Pointer

_SHOWN = 3
"""How many distinct placeholder values the message quotes."""


class TemplatePlaceholder(Rule):
    """
    ## What it finds
    A flow that is a deploy-time template: widget properties hold placeholders that a
    deployment script or a person fills in before upload, such as `YOUR_SERVICE_SID`,
    `YOUR_FUNCTION_SID[name]`,
    `YOUR-WORKFLOW-SID`, `<your number>`, `XXXX` or `+1XXXYYYZZZZ`, and, where a SID is
    expected, a bare prefix such as `WW` or `TC` or a stub such as `WWxx`. The file is
    reported once, at its first placeholder, with how many there are. `invalid-sid`,
    `invalid-phone-number` and the other value-form checks leave placeholders alone, so a
    template gets one finding for one fact. There are no options.

    Terraform-style `${NAME}` placeholders are not this rule's: flowlint renders such
    templates (`check --env`, see docs/environments.md), lints them with each placeholder
    neutral when no environment is chosen, and reports a placeholder without a value as
    `undefined-placeholder`.

    ## Why it matters
    Twilio rejects these values on upload (a SID field must hold a SID), so the file cannot
    be deployed as it is. When that is intended (a template in a repository of templates),
    lower the rule with `[tool.flowlint.severity] template-placeholder = "info"` or ignore
    it for those files with `per-file-ignores`.

    ## Example
    ```json
    {"name": "to_agent", "type": "send-to-flex",
     "properties": {"workflow": "YOUR-WORKFLOW-SID", "channel": "TC"}}
    ```

    ## Fix
    Fill in the real values (or let the deployment script do it):
    ```json
    {"name": "to_agent", "type": "send-to-flex",
     "properties": {"workflow": "WW0123456789abcdef0123456789abcdef", "channel": "voice"}}
    ```

    ## Corpus
    Before this rule, six non-template files of the shared corpus took 54 `invalid-sid`
    errors and one `invalid-phone-number` error for placeholders never replaced (one file
    took 24 errors for one fact: twilio-labs patient-appointment-management). Each of them
    now has one finding from this rule; the Terraform templates whose values hold `${...}`
    are linted as templates instead.
    """

    code = "FL310"
    name = "template-placeholder"
    category = "schema"
    severity = Severity.WARNING
    summary = "The flow holds deploy-time placeholders that must be filled in before upload"

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        found = [
            (pointer, widget, value)
            for widget in flow.widgets
            for pointer, value in per_widget(widget, "placeholders", _widget_placeholders)
        ]
        if not found:
            return
        pointer, widget, _ = found[0]
        distinct = list(dict.fromkeys(value for _, _, value in found))
        quoted = ", ".join(f"'{value}'" for value in distinct[:_SHOWN])
        more = f" and {len(distinct) - _SHOWN} more" if len(distinct) > _SHOWN else ""
        where = "/".join(str(part) for part in pointer[len(widget.pointer) + 1 :])
        count = f"{len(found)} placeholder{'s' if len(found) > 1 else ''}"
        if len(distinct) < len(found):
            count += f" ({len(distinct)} distinct)"
        ctx.report(
            pointer,
            f"template: {count} must be filled in before upload ({quoted}{more}); the first "
            f"is `{where}` of widget '{widget.label}'",
            widget,
        )


def _widget_placeholders(widget: Widget) -> tuple[tuple[Pointer, str], ...]:
    return tuple(_placeholders(widget.type, widget.properties, widget.pointer))


def _placeholders(
    type_name: str | None, properties: dict[str, Any], widget_pointer: Pointer
) -> Iterator[tuple[Pointer, str]]:
    sid_fields = _sid_fields(type_name or "")
    for key, value in properties.items():
        pointer = (*widget_pointer, "properties", key)
        yield from _in_value(value, pointer, sid_field=key in sid_fields)


def _in_value(value: Any, pointer: Pointer, sid_field: bool) -> Iterator[tuple[Pointer, str]]:
    if isinstance(value, str):
        placeholder = placeholder_in(value, sid_field=sid_field)
        # `${NAME}` is a template placeholder, rendered by `check --env` and reported by
        # `undefined-placeholder` when it has no value: not this rule's one fact.
        if placeholder is not None and not DEPLOYMENT_VARIABLE.fullmatch(placeholder):
            yield pointer, placeholder
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _in_value(item, (*pointer, key), sid_field=False)
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _in_value(item, (*pointer, number), sid_field=False)


@cache
def _sid_fields(type_name: str) -> frozenset[str]:
    """The properties of a widget type whose schema asks for a SID (two letters and 32
    hexadecimal digits)."""
    known = widget_type(type_name)
    if known is None:
        return frozenset()
    declared = known.schema.get("properties", {}).get("properties", {}).get("properties", {})
    return frozenset(
        key
        for key, schema in declared.items()
        if isinstance(schema, dict) and "{32}" in json.dumps(schema)
    )
