from flowlint.model.catalog import widget_type
from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.edits import Applicability, Fix
from flowlint.source.json_edits import replace_value

RETIRED = frozenset({"send-to-auto-pilot"})
"""Types whose product is gone: the widget cannot run any more."""

FALLBACK_ADVICE = {
    "send-to-auto-pilot": (
        "Autopilot has been retired; use connect-virtual-agent-v2 or call your bot with "
        "run-function or make-http-request"
    ),
    "make-outgoing-call-v1": (
        "it is superseded by make-outgoing-call-v2, the only version the Console creates; "
        "use make-outgoing-call-v2 (same from/to, plus answering-machine detection and "
        "recording options)"
    ),
}
"""Used when the catalog does not say (the schema's `x-flowlint.deprecated` text wins)."""

DIRECT_SUCCESSORS = {"make-outgoing-call-v1": "make-outgoing-call-v2"}
"""Deprecated types whose replacement takes the same properties and events, so changing the
`type` is the whole migration. connect-virtual-agent (Dialogflow ES) → v2 (CX) is not one:
the agent itself must be rebuilt."""


class DeprecatedWidget(Rule):
    """
    ## What it finds
    A widget of a type Twilio has retired or replaced, with the replacement in the message:

    - **error** `send-to-auto-pilot`: Autopilot is retired; use connect-virtual-agent-v2
      (Dialogflow CX) or call your bot from run-function / make-http-request;
    - **warning** `connect-virtual-agent` (v1, Dialogflow ES): deprecated, use
      connect-virtual-agent-v2;
    - **warning** `make-outgoing-call-v1`: superseded by make-outgoing-call-v2.

    Which types are deprecated, and their replacement, comes from the widget catalog
    (`x-flowlint.deprecated` in `schemas/widgets/`).

    ## Why it matters
    A retired widget fails every time it runs (and its type is gone from Twilio's schema,
    so the flow cannot be saved as it is); a deprecated one still runs but will stop, and
    misses the features of its replacement.

    ## Example
    ```json
    {"name": "bot", "type": "send-to-auto-pilot",
     "properties": {"autopilot_assistant_sid": "UA…", "from": "{{flow.channel.address}}", "body": "{{trigger.message.Body}}", "timeout": 14400}}
    ```

    ## Fix
    Hand the conversation to the bot that replaced Autopilot, for example through a
    Function:
    ```json
    {"name": "bot", "type": "run-function",
     "properties": {"url": "https://owl-bank-1234.twil.io/bot", "parameters": [{"key": "text", "value": "{{trigger.message.Body}}"}]}}
    ```

    Automatic fix, **unsafe**, for a deprecated type with a direct successor
    (make-outgoing-call-v1 → make-outgoing-call-v2), when every property and transition event
    of the widget exists on the successor and the successor's required properties are set:
    the `type` is changed, nothing else. Unsafe because the widget then runs as the newer
    widget, whose defaults (e.g. answering-machine detection off, recording off) may differ.

    ## Corpus
    10 errors on the 122 real flows of ../shared/corpus/real, all true: send-to-auto-pilot
    widgets in two flows (a Flex chatbot flow and a volunteer hotline), which can no longer
    run since Autopilot's retirement. No connect-virtual-agent v1 or make-outgoing-call-v1
    widgets occur.
    """

    code = "FL605"
    name = "deprecated-widget"
    category = "deprecation"
    severity = Severity.ERROR
    summary = "A widget type Twilio has retired or replaced"
    fixes = (Applicability.UNSAFE,)
    scope = "widget"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        kind = widget.type
        if kind is None:
            return
        known = widget_type(kind)
        advice = (known.deprecated if known is not None else None) or FALLBACK_ADVICE.get(kind)
        if not advice:
            return
        retired = kind in RETIRED
        state = "retired and no longer runs" if retired else "deprecated"
        ctx.report(
            widget.type_pointer,
            f"widget '{widget.label}' is a {kind}, which is {state}: {advice}",
            widget,
            severity=None if retired else Severity.WARNING,
            fix=_successor_fix(widget, ctx),
        )


def _successor_fix(widget: Widget, ctx: RuleContext) -> Fix | None:
    successor_name = DIRECT_SUCCESSORS.get(widget.type or "")
    successor = widget_type(successor_name) if successor_name else None
    if successor is None or successor_name is None:
        return None
    declared = successor.schema.get("properties", {}).get("properties", {})
    required = declared.get("required", [])
    names = set(declared.get("properties", {}))
    present = set(widget.properties)
    events = {transition.event for transition in widget.transitions}
    if not present <= names or not set(required) <= present:
        return None
    if successor.events is not None and not events <= successor.events:
        return None
    edit = replace_value(ctx.tree, widget.type_pointer, successor_name)
    if edit is None:
        return None
    return Fix(f"Change the type to {successor_name}", (edit,), Applicability.UNSAFE)
