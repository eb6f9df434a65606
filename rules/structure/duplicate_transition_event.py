from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity


class DuplicateTransitionEvent(Rule):
    """
    ## What it finds
    A widget that lists the same transition event twice, e.g. two `failed` entries.
    split-based-on widgets may have many `match` transitions (one per condition); those are
    not counted.

    ## Why it matters
    An event fires once and Studio follows one transition for it, so the other entry is dead:
    if the two go to different widgets, one of the branches you drew never runs.

    ## Example
    ```json
    [{"event": "sent", "next": "ask"}, {"event": "failed", "next": "retry"}, {"event": "failed"}]
    ```

    ## Fix
    ```json
    [{"event": "sent", "next": "ask"}, {"event": "failed", "next": "retry"}]
    ```
    """

    code = "FL105"
    name = "duplicate-transition-event"
    category = "structure"
    severity = Severity.WARNING
    summary = "A widget lists the same transition event twice"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        if widget.flow.legacy:
            return  # one legacy-definition-format finding covers pre-v2 exports
        seen: dict[str, int] = {}
        for transition in widget.transitions:
            event = transition.event
            if event is None or event == "match":
                continue
            if event in seen:
                ctx.report(
                    transition.event_pointer,
                    f"'{widget.label}' already has a '{event}' transition (transitions[{seen[event]}]); "
                    "only one of them can ever be followed",
                    widget,
                )
            else:
                seen[event] = transition.index
