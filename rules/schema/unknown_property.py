from flowlint.rule import Severity
from flowlint.schema.reporting import SchemaRule


class UnknownProperty(SchemaRule):
    """
    ## What it finds
    A key in a widget's `properties` that its type does not have, usually a misspelling or
    a key from another tool's naming (`num_digits` for `number_of_digits`, `maxLength` for
    `max_length`, `contentType` for `content_type`). The message suggests the closest
    property of that type. Types known only by name (run-function-v2, create-task, ...) are
    not checked, since their properties are unknown.

    ## Why it matters
    Studio ignores keys it does not know, so the setting you meant never applies (a gather
    with `num_digits` waits for `#` or the timeout instead of stopping after 4 digits). It
    is a warning, not an error: Twilio accepts the definition.

    ## Example
    ```json
    {"name": "menu", "type": "gather-input-on-call", "properties": {"say": "Enter your PIN", "num_digits": 4}}
    ```

    ## Fix
    ```json
    {"name": "menu", "type": "gather-input-on-call", "properties": {"say": "Enter your PIN", "number_of_digits": 4}}
    ```

    ## Corpus
    29 warnings, all in hand-written flows: camelCase keys (`numDigits`, `gatherLanguage`,
    `maxLength`, `finishOnKey`, `transcribeCallbackUrl`, `contentType`, ... 17 in
    Odiabackend099 meetcallwaiting.ai), `num_digits`, `timeout` on make-http-request and
    `cases` on split-based-on (JeanLuis2010, 10), and two in joshskifstrom Vibe-A-Thon. No
    Console export has an unknown property.
    """

    code = "FL305"
    name = "unknown-property"
    category = "schema"
    severity = Severity.WARNING
    summary = "A widget property its type does not have (Studio ignores it)"
