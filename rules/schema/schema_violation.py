from flowlint.rule import Severity
from flowlint.schema.reporting import SchemaRule


class SchemaViolation(SchemaRule):
    """
    ## What it finds
    Any other disagreement with the widget or flow-definition schemas: `conditions` on a
    transition of a widget other than split-based-on, a `match` transition with an empty
    `conditions` list, an empty widget `name`, say-play with both `say` and `play`, a value
    not in the expected form (`flow_revision: "latest"`, `timeout: "one hour"`), a text over
    its length limit, the same card type listed twice, an empty `states` list. The message
    quotes the schema's own explanation. Constraints known from a single source are
    warnings.

    ## Why it matters
    Twilio validates definitions against the same kind of schema and rejects what does not
    fit ("Definition contains properties that do not match the schema").

    ## Example
    ```json
    {"name": "lookup", "type": "make-http-request",
     "transitions": [{"event": "success", "next": "done", "conditions": [{"type": "equal_to", "value": "200"}]}]}
    ```

    ## Fix
    Move the decision into a split-based-on widget after the request:
    ```json
    {"name": "lookup", "type": "make-http-request", "transitions": [{"event": "success", "next": "check_status"}]}
    ```

    ## Corpus
    3 findings, in a hand-written flow: make-http-request transitions with `conditions`
    (JeanLuis2010 flow.json).
    """

    code = "FL309"
    name = "schema-violation"
    category = "schema"
    severity = Severity.ERROR
    summary = "Any other disagreement with the widget or flow-definition schema"
