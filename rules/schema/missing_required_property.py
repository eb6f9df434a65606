from flowlint.model.flow import Flow
from flowlint.rule import RuleContext, Severity
from flowlint.schema.findings import SchemaFinding
from flowlint.schema.reporting import SchemaRule
from flowlint.source.edits import Applicability, Fix
from flowlint.source.json_edits import add_member

DOCUMENTED_DEFAULTS = {
    ("send-message", "from"): "{{flow.channel.address}}",
    ("send-message", "to"): "{{contact.channel.address}}",
    ("send-and-wait-for-reply", "from"): "{{flow.channel.address}}",
    ("send-and-wait-for-reply", "timeout"): "3600",
}
"""Required properties whose value Twilio documents as the default (the value the Console
fills in for a new widget)."""


class MissingRequiredProperty(SchemaRule):
    """
    ## What it finds
    A property that Twilio requires is absent: a widget's required property (`url` on
    run-function and make-http-request, `workflow` and `channel` on send-to-flex, `input` on
    split-based-on, `flow_sid` on run-subflow, ...), a property required only in some
    configurations (`content_sid` when `message_type` is `content_template`), one of
    `name`/`type`/`transitions`/`properties` on a widget, or `allow_concurrent_calls` in
    `flags`. The finding is on the key of the object that lacks the property (the
    `properties` key of the widget), and names a look-alike key when there is one
    (`contentType` for `content_type`). Requirements known from a single source are
    warnings. A transition without `event` and a definition without `initial_state` are left
    to `invalid-transition-event` and `invalid-initial-state`.

    ## Why it matters
    Twilio rejects the definition ("is missing but it is required"); a widget saved without
    its key setting cannot do its job.

    ## Example
    ```json
    {"name": "lookup", "type": "run-function", "transitions": [...],
     "properties": {"service_sid": "default", "parameters": []}}
    ```

    ## Fix
    ```json
    {"name": "lookup", "type": "run-function", "transitions": [...],
     "properties": {"service_sid": "default", "url": "https://owl-bank-1234.twil.io/lookup"}}
    ```

    Automatic fix, **unsafe**, for the required properties whose default Twilio documents
    (the value a new widget gets in the Console): send-message `from`
    (`{{flow.channel.address}}`) and `to` (`{{contact.channel.address}}`),
    send-and-wait-for-reply `from` and `timeout` (`"3600"`). The property is added as the last
    of the widget's `properties`. Unsafe: the flow is rejected today, but whether the default
    is what the author wants (reply on the same channel, wait an hour) only they know.

    A widget whose `type` is unknown (`unknown-widget-type`) is not also reported for a
    missing `properties` or `transitions`: that would be a cascade of the one mistake.

    ## Corpus
    13 errors and 4 warnings (16 errors before the cascade with unknown types was dropped:
    an invented `hangup` widget without `properties` and an `end` widget without
    `properties` or `transitions`, which `unknown-widget-type` already reports). True bugs in exports: two run-function widgets without `url`
    (HlsRobot twilio-watson), two more and a send-to-flex without `workflow` and `channel`
    (Tgieschen Zendesk-Integration-Breakfast), a split-based-on without `input`
    (twilio-labs CA-Regulatory-Flow). Hand-written flows: three make-http-request widgets
    with `contentType` instead of `content_type` (Odiabackend099 meetcallwaiting.ai), trigger
    widgets without `properties` and a `match` transition without `conditions`
    (JeanLuis2010, kaolong). The warnings are split conditions without `arguments` or
    `friendly_name` in a hand-written flow (joshskifstrom Vibe-A-Thon).
    """

    code = "FL302"
    name = "missing-required-property"
    category = "schema"
    severity = Severity.ERROR
    summary = "A property Twilio requires is missing"
    fixes = (Applicability.UNSAFE,)

    def fix(self, finding: SchemaFinding, flow: Flow, ctx: RuleContext) -> Fix | None:
        widget = flow.widgets_by_name.get(finding.widget or "")
        if widget is None or finding.pointer != (*widget.pointer, "properties"):
            return None
        default = DOCUMENTED_DEFAULTS.get((widget.type or "", finding.missing))
        if default is None or not isinstance(widget.data.get("properties"), dict):
            return None
        edit = add_member(ctx.tree, finding.pointer, finding.missing, default)
        if edit is None:
            return None
        return Fix(
            f"Add `{finding.missing}` with its default {default!r}",
            (edit,),
            Applicability.UNSAFE,
            isolated=True,
        )
