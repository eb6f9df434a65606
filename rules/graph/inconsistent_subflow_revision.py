from flowlint.model.flow import Flow, Widget
from flowlint.rule import Rule, RuleContext, Severity


class InconsistentSubflowRevision(Rule):
    """
    ## What it finds
    Two or more run-subflow widgets that call the same subflow (`flow_sid`) with different
    `flow_revision` values, for example one `LatestPublished` and one `3`. Every widget after
    the first one that disagrees with it is reported, naming the revision it should use.

    ## Why it matters
    Twilio requires every reference to the same subflow within a parent flow to target the
    same revision (run-subflow documentation); a flow that mixes them is rejected, and if
    it were not, the same step would run different subflow code depending on the branch.

    ## Example
    ```json
    {"name": "verify_new", "type": "run-subflow",
     "properties": {"flow_sid": "FW9f3c…", "flow_revision": "LatestPublished"}},
    {"name": "verify_existing", "type": "run-subflow",
     "properties": {"flow_sid": "FW9f3c…", "flow_revision": "4"}}
    ```

    ## Fix
    ```json
    {"name": "verify_existing", "type": "run-subflow",
     "properties": {"flow_sid": "FW9f3c…", "flow_revision": "LatestPublished"}}
    ```

    ## Corpus
    0 findings on the 122 real flows of ../shared/corpus/real: the 9 flows that call
    subflows all use `LatestPublished` everywhere.
    """

    code = "FL204"
    name = "inconsistent-subflow-revision"
    category = "graph"
    severity = Severity.ERROR
    summary = "run-subflow widgets call the same subflow with different revisions"

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        first_by_subflow: dict[str, tuple[Widget, str]] = {}
        for widget in flow.widgets:
            if widget.type != "run-subflow":
                continue
            subflow = widget.properties.get("flow_sid")
            revision = _revision(widget.properties.get("flow_revision"))
            if not isinstance(subflow, str) or not subflow.strip() or revision is None:
                continue
            first = first_by_subflow.setdefault(subflow.strip(), (widget, revision))
            if first[1] == revision:
                continue
            ctx.report(
                widget.property_pointer("flow_revision"),
                f"run-subflow '{widget.label}' calls subflow {subflow.strip()} at revision "
                f"'{revision}', but '{first[0].label}' calls it at revision '{first[1]}'; "
                "Twilio requires one revision per subflow in a flow",
                widget,
            )


def _revision(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | str):
        text = str(value).strip()
        return text or None
    return None
