import re
from collections.abc import Iterable

from flowlint.liquid.references import LiquidReference, flow_liquid
from flowlint.model.flow import Flow
from flowlint.model.suggest import did_you_mean, loose_match
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.edits import Applicability, Edit, Fix
from flowlint.source.string_offsets import string_span

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
"""A widget name that can follow `widgets.` as written and needs no JSON escape."""


class UndefinedWidgetReference(Rule):
    """
    ## What it finds
    A Liquid path `widgets.X…` where the flow has no widget named `X`, typically after a
    widget was renamed or deleted, or a typo (`widgets.get_user` for `widgets.get_users`).
    Widget names are case-sensitive in Liquid. flowlint suggests the closest existing name.

    ## Why it matters
    The path renders as an empty string: the message goes out with a blank where the name
    should be, the HTTP request sends an empty parameter, the split compares against nothing.
    Twilio accepts the flow and never tells you.

    ## Example
    ```json
    "body": "Hi {{widgets.get_user.parsed.first_name}}"
    ```
    in a flow whose HTTP widget is called `get_users`.

    ## Fix
    ```json
    "body": "Hi {{widgets.get_users.parsed.first_name}}"
    ```

    Automatic fix, **unsafe**, when exactly one widget's name matches ignoring case, `_`
    and `-` (`widgets.getDynamicsToken` → `widgets.Get_Dynamics_Token`; `check_schedule` →
    `Check_Schedule`), the path is written with dots, and the widget's name is a plain
    identifier. Two widgets that match the same way (`Menu` and `menu_`) give no fix. Unsafe
    because Twilio accepts the flow as it is: today the path renders empty, after the fix it
    renders the widget's value, so messages and requests change (as intended, but the author
    should confirm).

    ## Corpus
    19 errors on the 122 real flows of ../shared/corpus/real, in 11 flows, all true bugs:
    references left behind after a widget was renamed or deleted (`check_schedule` for
    `Check_Schedule`, `getDynamicsToken` for `Get_Dynamics_Token`, `ChatBot` in flows that
    have no ChatBot widget, a split reading `widgets.incorreta_apresentacao` that does not
    exist). The split copies of `input` in condition `arguments` are not counted twice.
    """

    code = "FL402"
    name = "undefined-widget-reference"
    category = "liquid"
    severity = Severity.ERROR
    summary = "Liquid refers to widgets.X but no widget is named X"
    fixes = (Applicability.UNSAFE,)

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        widgets = flow.widgets_by_name
        for reference in flow_liquid(flow).references_to("widgets"):
            name = reference.segment(1)
            reader = reference.widget
            if name is None or name in widgets:
                continue
            ctx.report(
                reference.pointer,
                f"'{reference.written}' in widget '{reader.label}' refers to a widget "
                f"'{name}' that does not exist in this flow, so it renders empty"
                f"{did_you_mean(name, (other for other in widgets if other != reader.name))}",
                reader,
                span=reference.span(ctx.tree),
                fix=_fix(reference, name, widgets, ctx),
            )


def _fix(
    reference: LiquidReference, name: str, widgets: Iterable[str], ctx: RuleContext
) -> Fix | None:
    match = loose_match(name, widgets)
    prefix = f"widgets.{name}"
    written = reference.written
    if match is None or not _PLAIN_NAME.fullmatch(match) or not written.startswith(prefix):
        return None
    if len(written) > len(prefix) and written[len(prefix)] not in ".[ ":
        return None
    start = reference.start + len("widgets.")
    span = string_span(ctx.tree, reference.pointer, start, start + len(name))
    if span is None or ctx.tree.text[span[0] : span[1]] != name:
        return None  # written with escapes: leave it to the author
    return Fix(
        f"Change widgets.{name} to widgets.{match}",
        (Edit(span[0], span[1], match),),
        Applicability.UNSAFE,
    )
