from flowlint.rule import Severity
from flowlint.schema.reporting import SchemaRule


class InvalidPropertyType(SchemaRule):
    """
    ## What it finds
    A property whose JSON type is not the one Twilio expects. Twilio types strictly, and not
    always as you would guess: `timeout` is a string (`"3600"`) on send-and-wait-for-reply,
    send-to-flex and add-twiml-redirect but an integer on gather-input-on-call,
    record-voicemail, connect-call-to, enqueue-call and make-outgoing-call; `trim`,
    `play_beep`, `postal_code`, `profanity_filter` and `interruptible` are strings
    (`"true"`), while `security_code`, `record`, `record_call`, `stop_gather`, `transcribe`,
    `detect_answering_machine` and `add_twilio_auth` are real booleans. The message says what
    Twilio expects, with an example. Wrong types of `states`, `name`, `type`, `transitions`,
    `event`, `next` and `properties` are left to `invalid-flow-structure`.

    ## Why it matters
    Twilio's validator rejects the definition ("integer found, string expected", "string
    found, boolean expected", "must not be null"), so the flow cannot be saved or deployed.

    ## Example
    ```json
    {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"from": "{{flow.channel.address}}", "body": "Your ZIP?", "timeout": 3600}}
    ```

    ## Fix
    ```json
    {"name": "ask", "type": "send-and-wait-for-reply", "properties": {"from": "{{flow.channel.address}}", "body": "Your ZIP?", "timeout": "3600"}}
    ```

    ## Corpus
    19 findings, all true. 13 are send-and-wait-for-reply `timeout` written as an integer in
    exports (mgmuscari accfb-foodnow 11, dsmwong what3words 1, prebrov
    twilio-studio-requestbin 1); FlowValidate answers "integer found, string expected" for
    these, so they would not deploy again. 6 are in a hand-written flow (JeanLuis2010
    udl-intake-flow.es.json: `stop_gather: "true"`, `timeout: "5"`, `record: "record-from-answer"`).
    """

    code = "FL303"
    name = "invalid-property-type"
    category = "schema"
    severity = Severity.ERROR
    summary = "A property has the wrong JSON type (e.g. a number where Twilio wants a string)"
