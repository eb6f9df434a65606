from flowlint.model.flow import Transition
from flowlint.model.suggest import Suggester
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.edits import Applicability, Fix
from flowlint.source.json_edits import replace_value


class UnknownTransitionTarget(Rule):
    """
    ## What it finds
    A transition whose `next` names a widget that does not exist in the flow, usually after a
    widget was renamed or deleted. flowlint suggests the closest existing name.

    ## Why it matters
    Twilio rejects the definition (error 81022, "Transition references a widget that doesn't
    exist"); if it slipped through, the execution would stop at this branch.

    ## Example
    ```json
    {"event": "success", "next": "send_reply"}
    ```
    where the flow has a widget `send_replies` but none called `send_reply`.

    ## Fix
    ```json
    {"event": "success", "next": "send_replies"}
    ```

    Automatic fix, when exactly one widget name is close: `next` is changed to it.
    - **safe** when the names differ only in case, `_`, `-` or spaces (`Send_Reply` for
      `send_reply`): Twilio rejects the flow as it is, so no accepted flow changes, and
      there is no doubt which widget was meant;
    - **unsafe** otherwise (`send_reply` for `send_replies`): a spelling distance is a guess,
      and the widget meant may have been deleted rather than renamed.

    ## Corpus
    2 findings in the real-flow corpus, both true: a `sent` transition to `SaveToAirtable`
    and a `match` transition to `Goodbye` in two published sample flows where those widgets
    had been deleted or renamed.
    """

    code = "FL103"
    name = "unknown-transition-target"
    category = "structure"
    severity = Severity.ERROR
    summary = "A transition's next names no widget"
    fixes = (Applicability.SAFE, Applicability.UNSAFE)

    def check_transition(self, transition: Transition, ctx: RuleContext) -> None:
        if transition.widget.flow.legacy:
            return  # one legacy-definition-format finding covers pre-v2 exports
        target = transition.next
        if target is None:
            return
        widgets = transition.widget.flow.widgets_by_name
        if target in widgets:
            return
        flow = transition.widget.flow
        suggester = flow.derived.get("widget-name-suggester")
        if suggester is None:
            suggester = flow.derived["widget-name-suggester"] = Suggester(widgets)
        hint = suggester.did_you_mean(target)
        event = transition.event or "?"
        fix = None
        suggestion = suggester.single_close_match(target)
        edit = replace_value(ctx.tree, transition.next_pointer, suggestion)
        if suggestion is not None and edit is not None:
            safe = suggester.loose_match(target) == suggestion
            fix = Fix(
                f"Change '{target}' to '{suggestion}'",
                (edit,),
                Applicability.SAFE if safe else Applicability.UNSAFE,
            )
        ctx.report(
            transition.next_pointer,
            f"the '{event}' transition of '{transition.widget.label}' goes to '{target}', "
            f"but no widget has that name{hint}",
            transition.widget,
            fix=fix,
        )
