from flowlint.rule import Rule, Severity


class DuplicateKey(Rule):
    """
    ## What it finds
    An object that has the same key twice, such as two `next` keys in one transition.

    ## Why it matters
    JSON parsers, Python's and Twilio's included, silently keep only one of the values
    (usually the last), so the other one is lost without any error. It is almost always a
    merge or copy-paste accident.

    ## Example
    ```json
    {"event": "sent", "next": "ask_name", "next": "goodbye"}
    ```

    ## Fix
    ```json
    {"event": "sent", "next": "ask_name"}
    ```
    """

    code = "FL002"
    name = "duplicate-key"
    category = "input"
    severity = Severity.WARNING
    summary = "An object repeats a key; all but the last value are ignored"
    engine_reported = True
