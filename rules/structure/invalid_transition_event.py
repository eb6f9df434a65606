from flowlint.model.catalog import widget_type
from flowlint.model.flow import Transition
from flowlint.model.suggest import did_you_mean, loose_match, single_close_match
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.edits import Applicability, Fix
from flowlint.source.json_edits import replace_value


class InvalidTransitionEvent(Rule):
    """
    ## What it finds
    A transition whose `event` is not one of the events of its widget's type, such as
    `failed` on a run-function widget (whose failure event is `fail`), or a transition with
    no `event` at all. The allowed events come from the widget schemas in `schemas/widgets/`.
    Widget types flowlint does not know are left to `unknown-widget-type`; for the types whose
    events come from a single unconfirmed source (e.g. make-outgoing-call-v1,
    connect-virtual-agent-v2) the finding is a warning.

    ## Why it matters
    Twilio rejects the definition ("must be a constant value ..."). Even where it did not,
    the widget never fires that event, so the branch could never run.

    ## Example
    ```json
    {"name": "lookup", "type": "run-function", "transitions": [{"event": "failed", "next": "sorry"}]}
    ```

    ## Fix
    ```json
    {"name": "lookup", "type": "run-function", "transitions": [{"event": "fail", "next": "sorry"}]}
    ```

    Automatic fix, when exactly one event of the type is close and the widget has no
    transition for it yet (else the fix would make a duplicate): the event is renamed.
    - **safe** when they differ only in case, `_`, `-` or spaces (`NoMatch` for `noMatch`):
      Twilio rejects the flow as it is, and the event meant is certain;
    - **unsafe** otherwise (`failed` for `fail`): close spelling is a guess.

    ## Corpus
    5 findings in the real-flow corpus, all true: `queued` on an enqueue-call and
    `recordingError` on record-voicemail (three times) in two hand-written flows, and a trigger
    event `incoming` in another; none of these events exists in Studio.
    """

    code = "FL104"
    name = "invalid-transition-event"
    category = "structure"
    severity = Severity.ERROR
    summary = "A transition's event does not exist for the widget's type"
    fixes = (Applicability.SAFE, Applicability.UNSAFE)
    scope = "widget"

    def check_transition(self, transition: Transition, ctx: RuleContext) -> None:
        if transition.widget.flow.legacy:
            return  # one legacy-definition-format finding covers pre-v2 exports
        widget = transition.widget
        if transition.event is None:
            if "event" not in transition.data:
                ctx.report(
                    transition.pointer, f"a transition of '{widget.label}' has no `event`", widget
                )
            return
        known = widget_type(widget.type)
        if known is None or known.events is None or transition.event in known.events:
            return
        allowed = ", ".join(known.event_order)
        hint = did_you_mean(transition.event, known.events)
        fix = self._fix(transition, set(known.events), ctx)
        event_schema = known.schema["properties"]["transitions"]["items"]["properties"]["event"]
        unconfirmed = event_schema.get("x-flowlint-severity") == "warning"
        ctx.report(
            transition.event_pointer,
            f"'{transition.event}' is not an event of {widget.type} widgets "
            f"(they have: {allowed}){hint}"
            + (" (this type's events are not confirmed by Twilio's docs)" if unconfirmed else ""),
            widget,
            severity=Severity.WARNING if unconfirmed else None,
            fix=fix,
        )

    @staticmethod
    def _fix(transition: Transition, events: set[str], ctx: RuleContext) -> Fix | None:
        event = transition.event
        assert event is not None
        suggestion = single_close_match(event, events)
        listed = {other.event for other in transition.widget.transitions}
        if suggestion is None or (suggestion in listed and suggestion != "match"):
            return None
        edit = replace_value(ctx.tree, transition.event_pointer, suggestion)
        if edit is None:
            return None
        safe = loose_match(event, events) == suggestion
        return Fix(
            f"Change event '{event}' to '{suggestion}'",
            (edit,),
            Applicability.SAFE if safe else Applicability.UNSAFE,
        )
