from flowlint.graph.execution_order import ExecutionOrder, execution_order
from flowlint.liquid.references import LiquidReference, flow_liquid
from flowlint.model.flow import Flow
from flowlint.rule import Rule, RuleContext, Severity

TRIGGER_DATA = {
    "message": "incomingMessage",
    "call": "incomingCall",
    "conversation": "incomingConversationMessage",
    "request": "incomingRequest",
    "parent": "incomingParent",
}
"""`trigger.<key>` → the trigger event whose executions fill it."""


class TriggerFieldUnavailable(Rule):
    """
    ## What it finds
    A Liquid path under `trigger.*` that the executions reaching the widget never have.
    `trigger.message` is filled only by an incoming message (`incomingMessage`),
    `trigger.call` by an incoming call, `trigger.conversation` by a Conversations message,
    `trigger.request` by a REST API execution and `trigger.parent` when the flow runs as a
    subflow. flowlint follows which trigger events lead to each widget: a widget reached only
    from `incomingCall` that reads `trigger.message.Body` is reported.

    - **error** when the kinds differ (a call field in a messaging or REST branch, a message
      field in a subflow, ...);
    - **warning** for `trigger.message` read where only Conversations executions arrive (or
      `trigger.conversation` where only messages arrive): Twilio documents one subtree per
      trigger, but not explicitly that a Conversations execution leaves `trigger.message`
      empty;
    - **warning** for `trigger.message`, `trigger.call`, ... read in a widget only
      `incomingParent` reaches (the flow runs as a subflow): a subflow runs inside its
      parent's execution, and whether it sees the parent's trigger data is not documented
      either way, so the lower severity applies.

    The chat defaults the Console writes into every messaging widget (`service` =
    `{{trigger.message.InstanceSid}}`, `channel` = `{{trigger.message.ChannelSid}}`, and the
    Autopilot widget's `chat_service`, `chat_channel` and `body`) are not reported: they only
    matter on a chat channel and are harmlessly empty elsewhere.

    ## Why it matters
    Only the subtree of the event that started the execution exists, so the path renders
    empty every time: a voice branch that texts `{{trigger.message.From}}` sends to nobody, a
    REST-triggered flow that greets `{{trigger.call.From}}` greets a blank. This is common
    after copying widgets between an SMS flow and a voice flow.

    ## Example
    ```json
    {"event": "incomingCall", "next": "send_followup"}
    ```
    with `send_followup.to` = `{{trigger.message.From}}`.

    ## Fix
    Read the field of the event that actually reaches the widget, or a field every trigger
    fills:
    ```json
    "to": "{{contact.channel.address}}"
    ```

    ## Corpus
    On the 122 real flows of ../shared/corpus/real: 3 errors, 19 warnings.

    - The 3 errors are true bugs: `trigger.call.From` in an SMS/REST experiment flow (eppo).
    - 4 warnings (errors before calibration) are `trigger.message.To`/`From` in flows that
      only ever run as subflows (luisleao tdc-sorteio, tdc-twilio), where the parent's data
      is documented in `trigger.parent.parameters`; whether the parent's trigger is visible
      too is undocumented.
    - The 15 warnings are Flex task attributes and function parameters built from
      `trigger.message.*` in flows reached only by Conversations executions (two flows).
    - Before the Console defaults were recognised, the rule reported 286 findings, almost all
      `service`/`channel` defaults of messaging widgets in voice, REST and subflow branches.
    """

    code = "FL406"
    name = "trigger-field-unavailable"
    category = "liquid"
    severity = Severity.ERROR
    summary = "trigger.call/message/... read where no execution of that kind arrives"

    def check_flow(self, flow: Flow, ctx: RuleContext) -> None:
        references = [
            reference
            for reference in flow_liquid(flow).references_to("trigger")
            if reference.segment(1) in TRIGGER_DATA
        ]
        if not references:
            return
        order = execution_order(flow)
        reach = _reach_by_event(flow, order)
        if not reach:
            return
        for reference in references:
            if _console_default(reference):
                continue
            reader = reference.widget.name
            if reader is None or flow.widgets_by_name.get(reader) is not reference.widget:
                continue
            arriving = sorted(
                event
                for event, entry in reach.items()
                if entry == reader or order.reaches(entry, reader)
            )
            kind = reference.segment(1)
            assert kind is not None
            if not arriving or TRIGGER_DATA[kind] in arriving:
                continue
            available = [
                f"trigger.{key}" for key, event in TRIGGER_DATA.items() if event in arriving
            ]
            # Whether a Conversations execution also fills trigger.message (or the reverse) is
            # not documented either way: likely empty, not certainly.
            messaging_only = {kind, *(key.removeprefix("trigger.") for key in available)}
            # A subflow runs inside its parent's execution; whether it sees the parent's
            # trigger.message or trigger.call is not documented either way.
            uncertain = messaging_only <= _MESSAGING_DATA or arriving == [TRIGGER_DATA["parent"]]
            how = "is most likely empty" if uncertain else "is always empty"
            ctx.report(
                reference.pointer,
                f"'{reference.written}' in widget '{reader}' {how}: only "
                f"{_join(arriving)} executions reach '{reader}', and those carry "
                f"{_join(available)}, not trigger.{kind} (which only {TRIGGER_DATA[kind]} fills)",
                reference.widget,
                span=reference.span(ctx.tree),
                severity=Severity.WARNING if uncertain else None,
            )


_CONSOLE_DEFAULTS = {
    "service": "{{trigger.message.InstanceSid}}",
    "channel": "{{trigger.message.ChannelSid}}",
    "chat_service": "{{trigger.message.InstanceSid}}",
    "chat_channel": "{{trigger.message.ChannelSid}}",
}
"""Values the Studio Console puts in every messaging widget (and the Autopilot widget); they
only matter for a chat channel and are harmlessly empty in any other execution."""

_AUTOPILOT_DEFAULT_BODY = "{{trigger.message.Body}}"
"""The Console's default Autopilot input; on a call Autopilot listens to the caller instead."""

_MESSAGING_DATA = frozenset({"message", "conversation"})


def _console_default(reference: LiquidReference) -> bool:
    pointer = reference.pointer
    if len(pointer) < 2 or pointer[-2] != "properties" or not isinstance(pointer[-1], str):
        return False
    key = pointer[-1]
    value = reference.widget.properties.get(key)
    if reference.widget.type == "send-to-auto-pilot" and key == "body":
        return value == _AUTOPILOT_DEFAULT_BODY
    return key in _CONSOLE_DEFAULTS and value == _CONSOLE_DEFAULTS[key]


def _reach_by_event(flow: Flow, order: ExecutionOrder) -> dict[str, str]:
    """Each trigger event wired to a widget, and that first widget of its executions."""
    root = order.root
    trigger = flow.widgets_by_name.get(root) if root is not None else None
    if trigger is None or trigger.type != "trigger":
        return {}
    reach: dict[str, str] = {}
    for transition in trigger.transitions:
        event, target = transition.event, transition.next
        if event is None or event not in TRIGGER_DATA.values() or target is None:
            continue
        if target not in flow.widgets_by_name or event in reach:
            continue
        reach[event] = target
    return reach


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
