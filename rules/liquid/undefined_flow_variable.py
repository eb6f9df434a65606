from flowlint.graph.execution_order import describe_path, execution_order
from flowlint.liquid.references import flow_liquid
from flowlint.liquid.strings import has_liquid
from flowlint.model.flow import Flow, Widget
from flowlint.model.suggest import did_you_mean
from flowlint.rule import Rule, RuleContext, Severity


class UndefinedFlowVariable(Rule):
    """
    ## What it finds
    A Liquid path `flow.variables.k` that no set-variables widget has set when it runs:

    - **error**: no set-variables widget in the flow sets `k` (often a typo or a renamed
      key; keys are case-sensitive), or the only widgets that set it can never run before
      this one;
    - **warning**: `k` is set on some paths to this widget but not all; the message names a
      path from the trigger that reaches the widget without setting `k`.

    A template that handles the empty case on purpose is not reported, unless no widget sets
    `k` at all: `| default: …`, arithmetic that reads empty as 0 (`{{flow.variables.n | plus:
    1}}`, the documented counter), or an `{% if flow.variables.k %}` test. A set-variables widget whose key is itself Liquid could set any
    name, so it counts as setting every variable.

    ## Why it matters
    Unset flow variables render as an empty string. Counters compare as blank, messages lose
    their personalisation, HTTP requests send empty fields, and nothing in Twilio reports it.

    ## Example
    ```json
    {"name": "set_name", "type": "set-variables",
     "properties": {"variables": [{"key": "customer_name", "value": "{{trigger.message.Body}}"}]}}
    ```
    and later `"body": "Thanks {{flow.variables.customerName}}!"`.

    ## Fix
    ```json
    "body": "Thanks {{flow.variables.customer_name}}!"
    ```

    ## Corpus
    On the 122 real flows of ../shared/corpus/real: 10 errors, 10 warnings.

    - The 10 errors are true bugs: six counters guarded by `{% if flow.variables.retry_counter %}`
      while the widgets set `retry_counter_1` … `retry_counter_6` (so the guard is always
      false and the count restarts at 1), a split reading `es_no_tya_service_counter` that no
      widget sets (the setter was copied from `en_no_fcg_service_counter`), a split reading
      `contact_reason_attempt` where the setter writes `contact_attempt`, and two variables of
      a voice flow that nothing sets.
    - The warnings are values set on one branch and read after the branches join (a customer
      name set only after a successful lookup, a retry split reading another retry's counter).
    - Counters are recognised and not reported: `{% if flow.variables.n %}…{% endif %}` and
      `{{flow.variables.n | plus: 1}}` (42 warnings before).
    """

    code = "FL405"
    name = "undefined-flow-variable"
    category = "liquid"
    severity = Severity.ERROR
    summary = "flow.variables.k that no set-variables widget sets before this widget"

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        references = [
            reference
            for reference in flow_liquid(flow).references_to("flow")
            if reference.segment(1) == "variables" and reference.segment(2) is not None
        ]
        if not references:
            return
        setters, dynamic = _setters(flow)
        order = execution_order(flow)
        widgets = flow.widgets_by_name
        # One set per variable: a fresh union per reference would be rehashed by every query.
        writers_of: dict[str, frozenset[str]] = {}
        for reference in references:
            key = reference.segment(2)
            reader = reference.widget
            assert key is not None
            if reader.name is None or widgets.get(reader.name) is not reader:
                continue
            if reader.name not in order.reachable:
                continue
            writers = writers_of.get(key)
            if writers is None:
                writers = writers_of[key] = setters.get(key, frozenset()) | dynamic
            where = f"'{reference.written}' in widget '{reader.name}'"
            if not writers:
                ctx.report(
                    reference.pointer,
                    f"{where} reads flow variable '{key}', but no set-variables widget sets "
                    f"it, so it always renders empty{did_you_mean(key, setters)}",
                    reader,
                    span=reference.span(ctx.tree),
                )
                continue
            can_be_set = order.any_can_run_before(writers, reader.name)
            if reference.handles_empty and not can_be_set:
                continue  # `{% if flow.variables.k %}`, `| plus: 1`: it may be unset on purpose
            if not can_be_set:
                listed = sorted(writers)
                names = ", ".join(f"'{name}'" for name in listed[:3])
                if len(listed) > 3:
                    names += f" and {len(listed) - 3} more"
                ctx.report(
                    reference.pointer,
                    f"{where} reads flow variable '{key}', which only {names} set, and none "
                    f"of them can run before '{reader.name}', so it always renders empty",
                    reader,
                    span=reference.span(ctx.tree),
                )
                continue
            if reference.handles_empty or reader.name not in order.reached_avoiding(writers):
                continue
            path = order.path_avoiding(reader.name, writers)
            route = f": {describe_path(flow, path)}" if path else ""
            ctx.report(
                reference.pointer,
                f"{where} reads flow variable '{key}', which is not set on every path to "
                f"'{reader.name}'; it renders empty on a path that does not set it{route}",
                reader,
                span=reference.span(ctx.tree),
                severity=Severity.WARNING,
            )


def _setters(flow: Flow) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """Flow variable name → names of the set-variables widgets that set it, and the widgets
    whose keys are Liquid (they may set anything)."""
    found: dict[str, set[str]] = {}
    dynamic: set[str] = set()
    for widget in flow.widgets:
        if widget.type != "set-variables" or widget.name is None:
            continue
        for key in _keys(widget):
            if has_liquid(key):
                dynamic.add(widget.name)
            else:
                found.setdefault(key.strip(), set()).add(widget.name)
    return {key: frozenset(names) for key, names in found.items()}, frozenset(dynamic)


def _keys(widget: Widget) -> list[str]:
    variables = widget.properties.get("variables")
    if not isinstance(variables, list):
        return []
    return [
        entry["key"]
        for entry in variables
        if isinstance(entry, dict) and isinstance(entry.get("key"), str)
    ]
