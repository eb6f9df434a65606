from flowlint.model.flow import Flow
from flowlint.project.model import Project, is_flow_sid, placeholder_name
from flowlint.rule import Rule, RuleContext, Severity


class UnknownSubflow(Rule):
    """
    ## What it finds
    A run-subflow widget whose `flow_sid` names no flow of the project, reported once per
    SID and file, in a repository whose flows are named on purpose: by `flowlint pull`'s
    metadata files or by `[tool.flowlint.flows]`. In a template, a `flow_sid` of
    `${NAME}` is reported when some environment profile gives `NAME` a Flow SID and none of
    those SIDs is a flow of the project. Flow resource files alone (an API sample,
    test data) do not make this hint appear, and files checked alone get nothing.

    ## Why it matters
    flowlint checks a subflow's contract (the parameters it reads, the variables it sets,
    its subflow trigger) only when it knows which file holds it. This is a hint, never a
    failure: the subflow may live in another repository or account. Map it to its file so
    the contract is checked, or leave it.

    ## Example
    ```json
    {"name": "verify", "type": "run-subflow",
     "properties": {"flow_sid": "FW0123456789abcdef0123456789abcdef",
                    "flow_revision": "LatestPublished"}}
    ```

    ## Fix
    ```toml
    [tool.flowlint.flows]
    FW0123456789abcdef0123456789abcdef = "flows/verify.json"
    # or, in a template whose flow_sid is "${VERIFY_SID}", for every environment:
    "${VERIFY_SID}" = "flows/verify.json"
    ```
    """

    code = "FL951"
    name = "unknown-subflow"
    category = "project"
    severity = Severity.INFO
    summary = "A run-subflow widget runs a flow the project does not hold"

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        project = ctx.project
        if project is None or not project.maps_flows:
            return
        reported: set[str] = set()
        for widget in flow.widgets:
            if widget.type != "run-subflow":
                continue
            sid = widget.properties.get("flow_sid")
            if not isinstance(sid, str) or sid in reported or project.flow_for_reference(sid):
                continue
            name = placeholder_name(sid)
            if name is not None:
                message = _unknown_placeholder(widget.label, name, project)
            elif is_flow_sid(sid):
                message = (
                    f"run-subflow '{widget.label}' runs {sid}, which is not a flow of this "
                    "project, so its contract is not checked; map it to its file in "
                    "[tool.flowlint.flows] (or pull it with `flowlint pull`)"
                )
            else:
                continue
            if message is None:
                continue
            reported.add(sid)
            ctx.report(widget.property_pointer("flow_sid"), message, widget)


def _unknown_placeholder(widget: str, name: str, project: Project) -> str | None:
    """The hint for a `${NAME}` flow_sid whose environments' SIDs name no project flow (None
    when no environment gives it a Flow SID: nothing says it is one)."""
    values = project.placeholder_sids.get(name)
    if not values:
        return None
    where = ", ".join(f"{sid} in {environment}" for environment, sid in values)
    return (
        f"run-subflow '{widget}' runs ${{{name}}} ({where}), which is not a flow of this "
        "project, so its contract is not checked; map the placeholder to its file in "
        f'[tool.flowlint.flows]: "${{{name}}}" = "flows/….json"'
    )
