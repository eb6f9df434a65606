from flowlint.rule import Severity
from flowlint.schema.reporting import SchemaRule


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
