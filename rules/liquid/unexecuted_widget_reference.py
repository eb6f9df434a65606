from flowlint.graph.execution_order import describe_path, execution_order
from flowlint.liquid.references import flow_liquid
from flowlint.model.flow import Flow
from flowlint.rule import Rule, RuleContext, Severity


class UnexecutedWidgetReference(Rule):
    """
    ## What it finds
    A Liquid path `widgets.X…` in widget W where X exists but has not run when W runs:

    - **error**: X can never run before W. No path leads from X to W (X sits on another
      branch, or after W), or W reads its own output and is not on a loop.
    - **info** (an editor hint that never fails CI): X runs before W on some paths but not
      all: the message names a path from the trigger to W that skips X. Raise it with
      `[tool.flowlint.severity]` if your flows should never read a value that may be empty;
      the setting applies to both variants.

    A template that handles the empty case on purpose is not reported: `| default: …`,
    arithmetic that reads empty as 0 (`| plus: 0`), or an `{% if widgets.X.… %}` test.
    Widgets that no path reaches are left to `unreachable-widget`.

    ## Why it matters
    A widget's outputs exist only once it has run in the current execution. On a path that
    skips X, `{{widgets.X.parsed.name}}` renders empty: the customer reads "Hi ," and the
    split sees a blank value. Twilio's validator does not follow paths, so this only shows
    up in production, on the branch nobody tested.

    ## Example
    ```text
    Trigger → menu (split on Body)
        "1" → lookup (HTTP) → reply
        no match            → reply
    reply.body = "Hi {{widgets.lookup.parsed.name}}"
    ```
    On the no-match branch `lookup` never ran, so the reply says "Hi ".

    ## Fix
    Read the value only on paths where it exists (move the reference into a widget after
    `lookup`), store it with set-variables on every branch, or give it a fallback:
    ```json
    "body": "Hi {{widgets.lookup.parsed.name | default: 'there'}}"
    ```

    ## Corpus
    On the 122 real flows of ../shared/corpus/real: 4 errors, 24 infos (warnings before
    calibration).

    - The 4 errors are true bugs: a voicemail task on the closed-hours branch reading three
      attributes from a set-variables widget that only runs on the open-hours branch (3), and
      an SMS branch reading `widgets.VoiceAutopilot.CurrentTask`, the voice branch's widget (1).
    - The "not on every path" findings are reads of a reply, HTTP result or set-variables
      widget on a branch that can skip it (a timeout or failure branch joining the main path,
      a "back to menu" edge). The value is empty there, but a hand-judged audit found them
      mostly deliberate fallbacks (a survey saving what was gathered before a retry cap), so
      they are hints rather than warnings. The "no path leads here" errors were right every
      time and stay errors.
    """

    code = "FL403"
    name = "unexecuted-widget-reference"
    category = "liquid"
    severity = Severity.ERROR
    summary = "Liquid reads a widget that has not run (on any path, or on some paths) before"

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        widgets = flow.widgets_by_name
        order = None
        for reference in flow_liquid(flow).references_to("widgets"):
            target = reference.segment(1)
            reader = reference.widget
            if target is None or target not in widgets or reader.name is None:
                continue
            if widgets.get(reader.name) is not reader:
                continue  # a duplicate name: which widget runs is ambiguous
            order = order or execution_order(flow)
            if reader.name not in order.reachable:
                continue
            if reference.handles_empty and not order.can_run_before(target, reader.name):
                continue  # `{% if widgets.X.… %}`: the template expects X may not have run
            if not order.can_run_before(target, reader.name):
                if target == reader.name:
                    why = "its own output, which does not exist yet while it runs"
                else:
                    why = f"widget '{target}', which can never run before it (no path leads from '{target}' to '{reader.name}')"
                ctx.report(
                    reference.pointer,
                    f"'{reference.written}' in widget '{reader.name}' reads {why}, so it "
                    "always renders empty",
                    reader,
                    span=reference.span(ctx.tree),
                )
            elif not reference.handles_empty and not order.always_runs_before(target, reader.name):
                path = order.path_avoiding(reader.name, frozenset({target}))
                route = f": {describe_path(flow, path)}" if path else ""
                ctx.report(
                    reference.pointer,
                    f"'{reference.written}' in widget '{reader.name}' reads widget '{target}', "
                    f"which does not run on every path to '{reader.name}', and renders empty "
                    f"on a path that skips it{route}",
                    reader,
                    span=reference.span(ctx.tree),
                    severity=Severity.INFO,
                )
