from flowlint.catalog import widget_type
from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity

_WHAT_HAPPENS = {
    "failed": "fails",
    "fail": "fails",
    "deliveryFailure": "cannot deliver the message",
    "timeout": "times out",
    "noMatch": "matches no condition",
    "failedToEnqueue": "cannot enqueue the call",
    "callFailure": "the call fails",
    "noAudio": "records no audio",
    "busy": "is busy",
    "noAnswer": "is not answered",
    "maxFailedAttempts": "reaches the maximum failed attempts",
    "providerError": "the payment provider fails",
    "validationError": "fails validation",
}


class UnhandledEvent(Rule):
    """
    ## What it finds
    A failure, timeout or no-match style event of a widget that leads nowhere: its transition
    has no `next`, or the widget does not list it. Which events count is declared per widget
    type in the schemas (`x-flowlint.unhandled-events`), for example:

    - send-message `failed`; send-and-wait-for-reply `timeout` and `deliveryFailure`;
    - split-based-on `noMatch`; gather-input-on-call `timeout`;
    - make-http-request `failed`; run-function `fail`; run-subflow `failed`;
    - send-to-flex and enqueue-call `failedToEnqueue` and `callFailure`;
    - add-twiml-redirect `timeout` and `fail`; make-outgoing-call-v2 `busy`, `noAnswer`, `failed`;
    - capture-payments, record-voicemail, connect-virtual-agent-v2 and others: their error events.

    Normal completions (`sent`, `audioComplete`, `callCompleted`, ...) may end a flow and are
    never reported.

    ## Why it matters
    When that event happens the execution silently ends: the caller hears silence, the
    customer gets no answer, and nothing tells you. A deliberate end is still better made
    explicit (a closing message, or a transition to a widget that logs the failure).

    ## Example
    ```json
    {"name": "lookup", "type": "make-http-request",
     "transitions": [{"event": "success", "next": "reply"}, {"event": "failed"}]}
    ```

    ## Fix
    ```json
    {"name": "lookup", "type": "make-http-request",
     "transitions": [{"event": "success", "next": "reply"}, {"event": "failed", "next": "sorry"}]}
    ```
    """

    code = "FL202"
    name = "unhandled-event"
    category = "graph"
    severity = Severity.WARNING
    summary = "A failure, timeout or no-match event leads nowhere"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        if widget.flow.legacy:
            return  # one legacy-definition-format finding covers pre-v2 exports
        known = widget_type(widget.type)
        if known is None or not known.unhandled_events:
            return
        handled = {t.event for t in widget.transitions if t.next is not None}
        for event in known.unhandled_events:
            if event in handled:
                continue
            entries = [t for t in widget.transitions if t.event == event]
            what = _WHAT_HAPPENS.get(event, f"raises '{event}'")
            message = (
                f"the '{event}' event of {widget.type} widget '{widget.label}' leads nowhere: "
                f"when it {what}, the execution ends silently"
            )
            if entries:
                ctx.report(entries[0].event_pointer, message, widget)
            elif "transitions" in widget.data:
                ctx.report((*widget.pointer, "transitions"), message, widget, on_key=True)
            else:
                ctx.report(widget.name_pointer, message, widget)
