from flowlint.model.flow import Transition, Widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.edits import Applicability, Fix
from flowlint.source.json_edits import remove_array_items


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

    Automatic fix: the later entry is removed (with its comma).
    - **safe** when it goes where the first one goes, or nowhere (no `next`, or `""`):
      whichever entry Studio follows, the flow behaves the same;
    - **unsafe** when the two go to different widgets: which branch Studio follows is not
      documented, so removing one may remove the branch that runs today.
    """

    code = "FL105"
    name = "duplicate-transition-event"
    category = "structure"
    severity = Severity.WARNING
    summary = "A widget lists the same transition event twice"
    fixes = (Applicability.SAFE, Applicability.UNSAFE)
    scope = "widget"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        if widget.flow.legacy:
            return  # one legacy-definition-format finding covers pre-v2 exports
        seen: dict[str, Transition] = {}
        for transition in widget.transitions:
            event = transition.event
            if event is None or event == "match":
                continue
            if event in seen:
                ctx.report(
                    transition.event_pointer,
                    f"'{widget.label}' already has a '{event}' transition "
                    f"(transitions[{seen[event].index}]); only one of them can ever be followed",
                    widget,
                    fix=_removal(seen[event], transition, ctx),
                )
            else:
                seen[event] = transition


def _removal(first: Transition, duplicate: Transition, ctx: RuleContext) -> Fix | None:
    edits = remove_array_items(ctx.tree, duplicate.pointer[:-1], [duplicate.index])
    if not edits:
        return None
    same = not duplicate.next or duplicate.next == first.next
    return Fix(
        f"Remove the second '{duplicate.event}' transition",
        tuple(edits),
        Applicability.SAFE if same else Applicability.UNSAFE,
    )
