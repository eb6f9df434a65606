from flowlint.rule import Severity
from flowlint.schema.reporting import SchemaRule


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
