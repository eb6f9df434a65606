import re
from typing import Any

from flowlint.model.flow import Flow
from flowlint.rule import RuleContext, Severity
from flowlint.schema.findings import SchemaFinding
from flowlint.schema.reporting import SchemaRule
from flowlint.source.edits import Applicability, Fix
from flowlint.source.json_edits import json_text, replace_value

_WHOLE_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)")
"""A string that converts to an integer and back to the very same string ("05" does not)."""


class InvalidPropertyType(SchemaRule):
    """
    ## What it finds
    A property whose JSON type is not the one Twilio expects. Twilio types strictly, and not
    always as you would guess: `timeout` is a string (`"3600"`) on send-to-flex and
    add-twiml-redirect (and on send-and-wait-for-reply, see below) but an integer on
    gather-input-on-call,
    record-voicemail, connect-call-to, enqueue-call and make-outgoing-call; `trim`,
    `play_beep`, `postal_code`, `profanity_filter` and `interruptible` are strings
    (`"true"`), while `security_code`, `record`, `record_call`, `stop_gather`, `transcribe`,
    `detect_answering_machine` and `add_twilio_auth` are real booleans. The message says what
    Twilio expects, with an example. Wrong types of `states`, `name`, `type`, `transitions`,
    `event`, `next` and `properties` are left to `invalid-flow-structure`.

    One exception is a **warning**: an integer `timeout` on send-and-wait-for-reply.
    Twilio's FlowValidate message table says it must be a string, but unedited Console
    exports in three independent repositories store an integer there, so Twilio itself
    wrote it; with the evidence split, the lower severity applies.

    ## Why it matters
    Twilio's validator rejects the definition ("integer found, string expected", "string
    found, boolean expected", "must not be null"), so the flow cannot be saved or deployed.

    ## Example
    ```json
    {"name": "to_agent", "type": "send-to-flex", "properties": {"workflow": "WW0123456789abcdef0123456789abcdef", "channel": "voice", "priority": 0}}
    ```

    ## Fix
    ```json
    {"name": "to_agent", "type": "send-to-flex", "properties": {"workflow": "WW0123456789abcdef0123456789abcdef", "channel": "voice", "priority": "0"}}
    ```

    Automatic fix, when the value converts exactly to the type Twilio wants: `"true"` ↔
    `true`, `"false"` ↔ `false`, `"5"` ↔ `5` (not `"05"`, `"5.0"`, `" 5"` or a float, whose
    text would change). **Safe** for the errors: Twilio rejects the definition as it is, so no
    flow that Twilio accepts changes, and the converted value says what the author wrote.
    **Unsafe** for the warning variant (send-and-wait-for-reply `timeout`), which Twilio
    itself exports as an integer: changing an accepted flow is not certain to be neutral.

    ## Corpus
    6 errors, all true, in a hand-written flow (JeanLuis2010 udl-intake-flow.es.json:
    `stop_gather: "true"`, `timeout: "5"`, `record: "record-from-answer"`). 13 warnings are
    send-and-wait-for-reply `timeout` written as an integer (mgmuscari accfb-foodnow 11,
    dsmwong what3words 1, prebrov twilio-studio-requestbin 1); all three files are unedited
    Console exports, so these were errors before calibration and are warnings now.
    """

    code = "FL303"
    name = "invalid-property-type"
    category = "schema"
    severity = Severity.ERROR
    summary = "A property has the wrong JSON type (e.g. a number where Twilio wants a string)"
    fixes = (Applicability.SAFE, Applicability.UNSAFE)

    def fix(self, finding: SchemaFinding, flow: Flow, ctx: RuleContext) -> Fix | None:
        value = _value_at(ctx.tree.value, finding.pointer)
        converted = converted_value(value, finding.expected)
        if converted is _NOTHING:
            return None
        edit = replace_value(ctx.tree, finding.pointer, converted)
        if edit is None:
            return None
        return Fix(
            f"Write {json_text(value)} as {json_text(converted)}",
            (edit,),
            Applicability.UNSAFE if finding.severity is Severity.WARNING else Applicability.SAFE,
        )


_NOTHING = object()


def converted_value(value: Any, expected: str) -> Any:
    """`value` as the `expected` JSON type when the conversion is exact, else `_NOTHING`."""
    if expected == "boolean" and value in ("true", "false"):
        return value == "true"
    if expected in ("integer", "number") and isinstance(value, str):
        return int(value) if _WHOLE_NUMBER.fullmatch(value) else _NOTHING
    if expected == "string" and isinstance(value, bool):
        return "true" if value else "false"
    if expected == "string" and isinstance(value, int):
        return str(value)
    return _NOTHING


def _value_at(value: Any, pointer: tuple[str | int, ...]) -> Any:
    for part in pointer:
        in_object = isinstance(value, dict) and isinstance(part, str) and part in value
        in_array = isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
        if not (in_object or in_array):
            return _NOTHING
        value = value[part]
    return value
