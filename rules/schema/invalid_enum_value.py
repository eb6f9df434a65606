from flowlint.rule import Severity
from flowlint.schema.reporting import SchemaRule


class InvalidEnumValue(SchemaRule):
    """
    ## What it finds
    A property whose value is not one of the values Twilio accepts: make-http-request
    `method` (`GET`, `POST`), connect-call-to `noun`, fork-stream `stream_action` (lower
    case `start`/`stop`), capture-payments `payment_method`, record-voicemail `trim`
    (`trim-silence`, `do-not-trim`), a split condition's operator (`equal_to`, not `equals`),
    message_type, ... The message lists the accepted values and suggests the closest one.
    Lists known from a single source give warnings. Transition events are left to
    `invalid-transition-event`, and a Liquid value in such a field to `liquid-not-allowed`.

    ## Why it matters
    Twilio rejects the definition ("does not have a value in the enumeration").

    ## Example
    ```json
    {"name": "stream", "type": "fork-stream", "properties": {"stream_action": "Start"}}
    ```

    ## Fix
    ```json
    {"name": "stream", "type": "fork-stream", "properties": {"stream_action": "start"}}
    ```

    ## Corpus
    No finding in the real-flow corpus (the one invented event there, `recordingError`, is
    reported by `invalid-transition-event`).
    """

    code = "FL304"
    name = "invalid-enum-value"
    category = "schema"
    severity = Severity.ERROR
    summary = "A property's value is not one of the values Twilio accepts"
