from flowlint.rule import Severity
from flowlint.schema.reporting import SchemaRule


class ValueOutOfRange(SchemaRule):
    """
    ## What it finds
    A number outside the range Twilio accepts: record-voicemail `max_length` (1 to 14400
    seconds), gather-input-on-call `number_of_digits` (at least 1), and numbers that Twilio
    wants written as strings, checked inside the string: add-twiml-redirect `timeout`
    (`"0"` to `"14400"`), make-outgoing-call-v2 `machine_detection_timeout` (`"3"` to
    `"120"`) and the answering-machine thresholds (`x-flowlint-range` in the schemas).
    Ranges known only from Twilio's widget guide (gather `timeout` 0 to 30, say-play `loop`
    1 to 99, connect-call-to `timeout` 1 to 600) are warnings.

    ## Why it matters
    Twilio rejects the definition, or clamps the value so the widget does not behave as
    written.

    ## Example
    ```json
    {"name": "voicemail", "type": "record-voicemail", "properties": {"max_length": 20000}}
    ```

    ## Fix
    ```json
    {"name": "voicemail", "type": "record-voicemail", "properties": {"max_length": 3600}}
    ```

    ## Corpus
    No finding in the real-flow corpus.
    """

    code = "FL308"
    name = "value-out-of-range"
    category = "schema"
    severity = Severity.ERROR
    summary = "A number outside the range Twilio accepts"
