from functools import cache
from typing import Any

from flowlint.liquid.references import LiquidReference, flow_liquid
from flowlint.model.catalog import widget_type, widget_types
from flowlint.model.flow import Flow
from flowlint.model.suggest import did_you_mean
from flowlint.rule import Rule, RuleContext, Severity

_LIQUID_PROPERTIES = frozenset({"size", "first", "last"})
"""Properties Liquid itself answers on any object or array."""

_ANY = "*"


class UnknownWidgetOutput(Rule):
    """
    ## What it finds
    A Liquid path `widgets.X.field` where the type of widget X does not produce `field`, read
    from the outputs catalog (`x-flowlint.outputs` in `schemas/widgets/<type>.schema.json`).

    - **error** when the field is certainly wrong: an output of *another* widget type
      (`parsed` on a send-message widget, `inbound` on an HTTP request, `Body` straight on a
      send-and-wait-for-reply widget instead of `inbound.Body`), or an output of this type
      with the wrong case (`digits` for `Digits`: Liquid names are case-sensitive);
    - **warning** for any other field the catalog does not document for the type: it is most
      likely a mistake, but Twilio may expose fields its documentation does not list.

    Open-ended outputs (run-subflow returns the subflow's variables, set-variables mirrors its
    keys, `parsed` is whatever JSON the server sent) are checked only down to the open part.
    Types whose outputs the catalog does not know (`{}`), and types it marks as unconfirmed,
    are not checked.

    ## Why it matters
    The field does not exist, so the expression renders empty every time it runs. A split on
    it always takes `noMatch`; a message shows a blank.

    ## Example
    ```json
    "input": "{{widgets.ask_zip.Body}}"
    ```
    where `ask_zip` is a send-and-wait-for-reply widget.

    ## Fix
    ```json
    "input": "{{widgets.ask_zip.inbound.Body}}"
    ```

    ## Corpus
    On the 122 real flows of ../shared/corpus/real: 1 error, no warnings.

    - The error is a true bug: an HTTP request widget whose body reads
      `widgets.<itself>.inbound.intent` (HTTP widgets have no `inbound`).
    - 13 warnings before calibration read `sid`, `task_queue_sid`, `workspace_sid` and
      `routing.properties.*` from send-to-flex widgets in messaging flows. For messaging and
      Conversations triggers the widget creates a Task or Interaction, and two independent
      production code bases (a helpline platform, a Salesforce demo) read these fields; the
      send-to-flex schema lists them now, so all 13 are gone.
    """

    code = "FL404"
    name = "unknown-widget-output"
    category = "liquid"
    severity = Severity.ERROR
    summary = "Liquid reads a field the widget's type does not produce"

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        widgets = flow.widgets_by_name
        for reference in flow_liquid(flow).references_to("widgets"):
            target = widgets.get(reference.segment(1) or "")
            if target is None:
                continue
            known = widget_type(target.type)
            if known is None or not known.outputs or known.status != "confirmed":
                continue
            problem = _unknown_step(reference, known.outputs)
            if problem is None:
                continue
            field, available = problem
            offered = ", ".join(sorted(name for name in available if name != _ANY))
            nested = _nested_home(field, available)
            hint = f"; did you mean '{nested}'?" if nested else did_you_mean(field, available)
            certain = (
                nested is not None
                or _case_variant(field, available)
                or (field in _output_names_of_all_types())
            )
            ctx.report(
                reference.pointer,
                f"'{reference.written}' in widget '{reference.widget.label}': {target.type} "
                f"widget '{target.label}' has no output '{field}' (it has {offered}), so "
                f"this renders empty{hint}",
                reference.widget,
                span=reference.span(ctx.tree),
                severity=None if certain else Severity.WARNING,
            )


def _case_variant(field: str, available: dict[str, Any]) -> bool:
    return any(name.lower() == field.lower() for name in available)


@cache
def _output_names_of_all_types() -> frozenset[str]:
    """Every output name the catalog lists for any widget type, at any depth."""
    names: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                if name != _ANY:
                    names.add(name)
                collect(value)

    for known in widget_types().values():
        collect(known.outputs)
    return frozenset(names)


def _nested_home(field: str, available: dict[str, Any]) -> str | None:
    """`inbound.Body` for a `Body` read directly on a send-and-wait widget."""
    for name, value in available.items():
        if isinstance(value, dict) and field in value:
            return f"{name}.{field}"
    return None


def _unknown_step(
    reference: LiquidReference, outputs: dict[str, Any]
) -> tuple[str, dict[str, Any]] | None:
    """The first path step after `widgets.X` that the outputs catalog does not know, with the
    names it would have accepted there; None when the whole path is possible."""
    node: Any = outputs
    for segment in reference.segments[2:]:
        if not isinstance(node, dict) or _ANY in node:
            return None
        if not isinstance(segment, str):
            return None  # an index or a computed key: cannot tell
        if segment in node:
            node = node[segment]
            continue
        if segment in _LIQUID_PROPERTIES:
            return None
        return segment, node
    return None
