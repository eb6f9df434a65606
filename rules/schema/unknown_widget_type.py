from flowlint.rule import Severity
from flowlint.schema.reporting import SchemaRule


class UnknownWidgetType(SchemaRule):
    """
    ## What it finds
    A widget whose `type` is not a Studio widget type: a misspelling (`send-mesage`), a
    Console label instead of the type, or an invented type (`hangup`, `http-request`,
    `function`, `end`). The message suggests the closest known type, or what Studio offers
    instead. The known types are the files in `schemas/widgets/` (`flowlint schema --list`).
    The widget is still checked against the shape every widget shares.

    ## Why it matters
    Twilio rejects the whole definition ("does not have a value in the enumeration"). Studio
    has no "end" or "hang-up" widget at all: an execution ends when a transition's `next` is
    left empty.

    ## Example
    ```json
    {"name": "bye", "type": "hangup", "transitions": [], "properties": {}}
    ```

    ## Fix
    Use a real type, or remove the widget and leave the `next` that led to it empty:
    ```json
    {"event": "audioComplete"}
    ```

    ## Corpus
    16 findings in 4 hand-written flows, all true (Twilio rejects these types): `hangup`
    (JeanLuis2010 flow.json); `http-request` twice and `hang-up` (JeanLuis2010
    udl-intake-flow.es.json); `start-call-recording`, `make-outgoing-connection` and
    `stop-call` (joshskifstrom Vibe-A-Thon); `text-to-speech` three times, `http-request`
    twice, `function`, `listen`, `connect` and `end` (kaolong bloqueo-sctbnk-voice).
    """

    code = "FL301"
    name = "unknown-widget-type"
    category = "schema"
    severity = Severity.ERROR
    summary = "A widget's type is not a Studio widget type"
