from typing import Any

from flowlint.model.catalog import WidgetType, widget_type, widget_types
from flowlint.model.flow import Widget
from flowlint.rule import Option, Rule, RuleContext, Severity
from flowlint.source.edits import Applicability, Fix
from flowlint.source.json_edits import append_array_item

_WHAT_HAPPENS = {
    "failed": "fails",
    "fail": "fails",
    "deliveryFailure": "cannot deliver the message",
    "timeout": "times out",
    "noMatch": "matches no condition",
    "failedToEnqueue": "cannot enqueue the call",
    "callFailure": "loses the call",
    "noAudio": "records no audio",
    "busy": "is busy",
    "noAnswer": "is not answered",
    "maxFailedAttempts": "reaches the maximum failed attempts",
    "providerError": "gets an error from the payment provider",
    "validationError": "fails validation",
}

ALWAYS = "always"
WHEN_SUCCESS_CONTINUES = "when-success-continues"
OPT_IN = "opt-in"
"""The default policies a schema gives each failure-style event
(`x-flowlint.unhandled-event-policy`; an event it does not name is `always`)."""

_NOT_SUCCESS = frozenset({"hangup"})
"""Events that are neither a failure nor the widget's success path (the caller is gone)."""


def _check_events(value: Any) -> str | None:
    if isinstance(value, str):
        return (
            None
            if value in ("default", "all")
            else f"expected 'default', 'all' or a list, got {value!r}"
        )
    for entry in value:
        type_name, _, event = str(entry).partition(".")
        known = widget_type(type_name)
        if not isinstance(entry, str) or known is None or event not in known.unhandled_events:
            choices = sorted(
                f"{name}.{each}"
                for name, kind in widget_types().items()
                for each in kind.unhandled_events
            )
            return f"{entry!r} is not a widget type's failure-style event (one of: {', '.join(choices)})"
    return None


class UnhandledEvent(Rule):
    """
    ## What it finds
    A failure, timeout or no-match style event of a widget that leads nowhere (its transition
    has no `next`, or the widget does not list it) **where that is very likely a mistake**.
    Each widget type's failure-style events carry a default policy in the schemas
    (`x-flowlint.unhandled-event-policy`):

    - **always reported**: split-based-on `noMatch`; gather-input-on-call `timeout`. The
      contact is still there and the flow stops talking to them.
    - **reported when the widget's success path continues** (its `success`, `completed`,
      `answered`, `return`, ... transition leads somewhere, so a contact is still waiting for
      the next step): run-function `fail`, make-http-request `failed`, run-subflow `failed`,
      add-twiml-redirect `timeout`/`fail`, connect-virtual-agent-v2 `failed`/`timeout`,
      capture-payments errors, make-outgoing-call `failed`, record-call `failed`,
      start/resume-conversation and run-conversation-relay `failed`. When the success path
      ends the flow too, the failure ending it is the same outcome and is not reported.
    - **opt-in** (not reported by default): send-message `failed`; send-and-wait-for-reply
      `timeout` and `deliveryFailure`; send-to-flex and enqueue-call `callFailure` and
      `failedToEnqueue`; record-voicemail `noAudio`; make-outgoing-call `busy` and `noAnswer`;
      send-to-auto-pilot `failure` and `timeout` (the widget no longer works at all, and
      `deprecated-widget` reports it as an error).

    Normal completions (`sent`, `audioComplete`, `callCompleted`, ...) and `hangup` are never
    reported.

    Options (`[tool.flowlint.rules.unhandled-event]`): `events = "all"` reports every
    failure-style event that leads nowhere (the behaviour before calibration);
    `events = ["send-message.failed", "send-to-flex.failedToEnqueue"]` reports the listed
    `type.event` pairs whenever they lead nowhere, on top of the defaults. `preset = "strict"`
    (`--preset strict`) sets `events = "all"` unless the project sets `events` itself.

    Evidence (docs/precision.md): on the 122 real flows of the shared corpus this rule reported
    948 events before calibration. Authors leave the opt-in events unwired on purpose across
    dozens of independent repositories and in Twilio's own stock flows: send-message `failed`
    (254, in most the `sent` branch ends the flow too), send-and-wait-for-reply `timeout` (92)
    and `deliveryFailure` (137, the contact walked away or is unreachable), send-to-flex
    `callFailure` (87, the caller hung up after the hand-off) and `failedToEnqueue` (69,
    unwired in Twilio's stock Flex flows). A hand-judged sample found about one in five of
    those worth acting on, against nearly all of the always-reported kinds and of backend
    failures with a waiting contact.

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

    Editor-only fix (never applied by `check --fix`): when the widget does not list the event
    at all, add its entry with an empty `next` for you to fill in (completion offers the
    widget names). Only you know where the branch should go.
    """

    code = "FL202"
    name = "unhandled-event"
    category = "graph"
    severity = Severity.WARNING
    summary = "A failure, timeout or no-match event leads nowhere"
    fixes = (Applicability.DISPLAY,)
    options = (
        Option(
            "events",
            (str, list),
            "default",
            "'default' (the calibrated policy), 'all' (every failure-style event), or a list "
            "of 'type.event' reported on top of the defaults",
            _check_events,
            strict="all",
        ),
    )

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        if widget.flow.legacy:
            return  # one legacy-definition-format finding covers pre-v2 exports
        known = widget_type(widget.type)
        if known is None or not known.unhandled_events:
            return
        handled = {t.event for t in widget.transitions if t.next is not None and t.event}
        chosen = ctx.option("events")
        for event in known.unhandled_events:
            if event in handled or not _reported(known, event, handled, chosen):
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
                edit = append_array_item(
                    ctx.tree, (*widget.pointer, "transitions"), {"event": event, "next": ""}
                )
                fix = (
                    Fix(
                        f"Add a '{event}' transition to '{widget.label}'",
                        (edit,),
                        Applicability.DISPLAY,
                    )
                    if edit is not None and isinstance(widget.data["transitions"], list)
                    else None
                )
                ctx.report((*widget.pointer, "transitions"), message, widget, on_key=True, fix=fix)
            else:
                ctx.report(widget.name_pointer, message, widget)


def _reported(known: WidgetType, event: str, handled: set[str], chosen: str | list[str]) -> bool:
    """Whether an unhandled `event` is worth a finding under the chosen `events` option."""
    if chosen == "all" or (isinstance(chosen, list) and f"{known.name}.{event}" in chosen):
        return True
    policy = (known.extra.get("unhandled-event-policy") or {}).get(event, ALWAYS)
    if policy == WHEN_SUCCESS_CONTINUES:
        failure_style = set(known.unhandled_events) | _NOT_SUCCESS
        return any(other not in failure_style for other in handled)
    return bool(policy == ALWAYS)
