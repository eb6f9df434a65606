from flowlint.rule import Severity
from flowlint.schema.reporting import SchemaRule


class LegacyDefinitionFormat(SchemaRule):
    """
    ## What it finds
    A flow saved in Studio's pre-v2 definition format: transitions carrying a `uuid`, `next`
    holding a widget SID (`FF` followed by 32 hexadecimal digits) instead of a widget name,
    or widget types spelt with capitals (`Gather`, `SendMessage`) across the flow. One
    finding, on the flow's `states` key, lists the marks found.

    ## Why it matters
    Twilio's v2 API (and the Console's import) validates definitions against the current
    schema, which has none of these shapes: the flow cannot be deployed as it is. Checked
    widget by widget, such a file would produce a finding on nearly every line, so when this
    rule fires the other schema findings for that flow are left out.

    ## Example
    ```json
    {"name": "Welcome", "type": "Say", "sid": "FF0123456789abcdef0123456789abcdef",
     "transitions": [{"event": "audioComplete", "uuid": "5bd4…", "next": "FFfedcba9876543210fedcba9876543210"}]}
    ```

    ## Fix
    Open the flow in the Studio Console and export it again, or fetch the definition with
    the v2 API (`GET /v2/Flows/FW…`); both give the current format:
    ```json
    {"name": "Welcome", "type": "say-play", "transitions": [{"event": "audioComplete", "next": "menu"}],
     "properties": {"say": "Welcome!"}}
    ```

    ## Corpus
    No finding in the real-flow corpus: every flow there is in the v2 format.
    """

    code = "FL300"
    name = "legacy-definition-format"
    category = "schema"
    severity = Severity.ERROR
    summary = "The flow is in the pre-v2 Studio format (one finding instead of a flood)"
