from flowlint.model.flow import Flow
from flowlint.model.suggest import loose_match
from flowlint.rule import RuleContext, Severity
from flowlint.schema.findings import SchemaFinding
from flowlint.schema.reporting import SchemaRule
from flowlint.source.edits import Applicability, Fix
from flowlint.source.json_edits import rename_key

KNOWN_SPELLINGS = {
    "num_digits": "number_of_digits",
    "numDigits": "number_of_digits",
    "numberOfDigits": "number_of_digits",
    "contentType": "content_type",
    "maxLength": "max_length",
    "finishOnKey": "finish_on_key",
}
"""Other tools' names for Studio properties (TwiML's `numDigits`, Python's `num_digits`) that
are not a mere case/underscore variant; those (`finishOnKey`) are matched loosely."""


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

    Automatic fix, **unsafe**, when the key has one known canonical spelling that the
    type declares and the widget does not set yet: a spelling from another tool
    (`num_digits`, `numDigits` → `number_of_digits`) or the same words in another case or
    separator style (`finishOnKey` → `finish_on_key`, `maxLength` → `max_length`). The key is
    renamed, its value kept. Unsafe because Studio ignores the key today: after the fix the
    setting applies, so the flow behaves differently (which is the point, but needs asking).

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
    fixes = (Applicability.UNSAFE,)

    def fix(self, finding: SchemaFinding, flow: Flow, ctx: RuleContext) -> Fix | None:
        key = finding.pointer[-1]
        properties = _properties_at(ctx.tree.value, finding.pointer[:-1])
        if not isinstance(key, str) or properties is None:
            return None
        canonical = KNOWN_SPELLINGS.get(key) or loose_match(key, finding.declared)
        if canonical is None or canonical not in finding.declared or canonical in properties:
            return None
        edit = rename_key(ctx.tree, finding.pointer, canonical)
        if edit is None:
            return None
        return Fix(f"Rename `{key}` to `{canonical}`", (edit,), Applicability.UNSAFE)


def _properties_at(value: object, pointer: tuple[str | int, ...]) -> dict[str, object] | None:
    for part in pointer:
        if isinstance(value, dict) and isinstance(part, str):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            return None
    return value if isinstance(value, dict) else None
