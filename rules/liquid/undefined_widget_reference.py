from flowlint.liquid.references import flow_liquid
from flowlint.model.flow import Flow
from flowlint.model.suggest import did_you_mean
from flowlint.rule import Rule, RuleContext, Severity


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
            )
