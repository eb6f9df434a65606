import re
from typing import Any

from flowlint.liquid.strings import has_liquid
from flowlint.model.flow import Widget
from flowlint.model.placeholders import is_placeholder
from flowlint.rule import Rule, RuleContext, Severity

_MESSAGING = "messaging"
_CALL = "call"
_NUMBERS = "numbers"
"""A comma-separated list of numbers (connect-call-to with noun `number-multi`)."""

_FIELDS: dict[str, dict[str, str]] = {
    "send-message": {"from": _MESSAGING, "to": _MESSAGING},
    "send-and-wait-for-reply": {"from": _MESSAGING},
    "make-outgoing-call-v2": {"from": _CALL, "to": _CALL},
    "make-outgoing-call-v1": {"from": _CALL, "to": _CALL},
    "connect-call-to": {"caller_id": _CALL},
}
_CONNECT_TO_BY_NOUN = {"number": _CALL, "number-multi": _NUMBERS}
"""connect-call-to `to` is a number only for these nouns (client, sim, sip, conference are
names or SIDs)."""

# Patterns as source text, compiled by `re` on first use (its own cache): only a literal
# phone number needs them, and most flows take their numbers from Liquid.
_PHONE_LIKE = r"\+?[0-9][0-9A-Za-z ().\-]*"
_MESSAGING_SERVICE = r"MG[0-9a-fA-F]{32}"
_CHANNEL_PREFIX = r"([a-z][a-z0-9-]*):(.*)"
_PLACEHOLDER = r"\$\{|%\w+%|<[^>]*>|\[[^\]]*\]"
_MAGIC_TEST_NUMBER = r"\+?1?5005550\d\d\d"
"""Left to test-phone-number, which explains what they mean."""


class InvalidPhoneNumber(Rule):
    """
    ## What it finds
    A literal (non-Liquid) phone number that cannot be dialled or texted, in the `from`/`to`
    of send-message, send-and-wait-for-reply and make-outgoing-call widgets and the `to`
    (noun `number`/`number-multi`) and `caller_id` of connect-call-to. Numbers are checked
    with the phonenumbers library (Google's libphonenumber metadata), not a regex:

    - **error**: not a phone number at all (`+1415`, a number too short or too long
      for its country), or text where a call needs a number, a `client:` identity or a
      `sip:` address, or a Messaging Service SID used to place a call;
    - **warning**: a number of the right length in a range no carrier has been assigned
      (`+15555555555`), or digits without the `+` and country code that E.164 requires.

    What else is allowed where: `whatsapp:+…` (the number after the prefix is checked),
    other channel addresses (`messenger:…`), a Messaging Service SID `MG…` and an
    alphanumeric sender ID or chat identity (`Owl Bank`, `Bot`) as a message sender;
    `client:name` and `sip:…` for calls. Twilio's test-credential numbers are left to
    `test-phone-number`.

    ## Why it matters
    Twilio rejects the message or call when the widget runs (errors 21211 "Invalid 'To'
    Phone Number", 21212 "Invalid 'From' Number", 21217 for calls) and the widget takes its
    failure branch, every time.

    ## Example
    ```json
    {"type": "connect-call-to", "properties": {"noun": "number", "to": "+1415555012"}}
    ```

    ## Fix
    ```json
    {"type": "connect-call-to", "properties": {"noun": "number", "to": "+14155550123"}}
    ```

    ## Corpus
    On the 122 real flows of ../shared/corpus/real: 2 warnings, both in connect-call-to
    `to`: `+15555555555` (555 is not an assigned area code) and `15555555678` (no `+`).
    The one error before was a template placeholder `+1XXXYYYZZZZ` left in a flow, which
    `template-placeholder` reports now (placeholders such as `${PHONE}`, `<your number>`
    and `+1XXXYYYZZZZ` are not checked here). The many literal chat senders (`Bot`, `NAMI`, `Cloud City
    Healthcare`) are correctly accepted.
    """

    code = "FL601"
    name = "invalid-phone-number"
    category = "telephony"
    severity = Severity.ERROR
    summary = "A literal phone number, client or SIP address Twilio cannot use"
    scope = "widget"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        fields = _FIELDS.get(widget.type or "", {})
        if widget.type == "connect-call-to":
            fields = dict(fields)
            noun = widget.properties.get("noun")
            kind = _CONNECT_TO_BY_NOUN.get(noun) if isinstance(noun, str) else None
            if kind is not None:
                fields["to"] = kind
        for key, kind in fields.items():
            value = widget.properties.get(key)
            if not isinstance(value, str) or not value.strip() or has_liquid(value):
                continue
            if re.search(_PLACEHOLDER, value) or is_placeholder(value):
                continue  # template-placeholder reports a template once
            values = value.split(",") if kind == _NUMBERS else [value]
            for item in values:
                problem = _problem(item.strip(), _CALL if kind == _NUMBERS else kind)
                if problem is None:
                    continue
                message, severity = problem
                ctx.report(
                    widget.property_pointer(key),
                    f"{widget.type} '{widget.label}' {key} '{item.strip()}' {message}",
                    widget,
                    severity=severity,
                )


def _problem(value: str, kind: str) -> tuple[str, Severity | None] | None:
    """What is wrong with one address, and how sure that is; None when it is usable."""
    if not value or re.fullmatch(_MAGIC_TEST_NUMBER, value):
        return None
    prefixed = re.fullmatch(_CHANNEL_PREFIX, value, re.DOTALL)
    if prefixed and not value.startswith("+"):
        channel, address = prefixed.groups()
        if channel == "whatsapp" and re.fullmatch(_PHONE_LIKE, address.strip()):
            return _number_problem(address.strip())
        if kind == _CALL and channel not in ("client", "sip"):
            return "is not a phone number, a client: identity or a sip: address", None
        return None
    if re.fullmatch(_MESSAGING_SERVICE, value):
        if kind == _CALL:
            return "is a Messaging Service SID, which can send messages but not calls", None
        return None
    if re.fullmatch(_PHONE_LIKE, value) and sum(c.isdigit() for c in value) >= 3:
        return _number_problem(value)
    if kind == _CALL:
        return "is not a phone number, a client: identity or a sip: address", None
    return None  # an alphanumeric sender ID or a chat identity


def _number_problem(value: str) -> tuple[str, Severity | None] | None:
    import phonenumbers

    if not value.startswith("+"):
        return (
            "is not in E.164 format: it needs a + and the country code (e.g. +14155550123)",
            Severity.WARNING,
        )
    try:
        parsed: Any = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return "is not a phone number", None
    if not phonenumbers.is_possible_number(parsed):
        return "is not a possible phone number (wrong length for its country code)", None
    if not phonenumbers.is_valid_number(parsed):
        return (
            "is not in any number range assigned to a carrier (per libphonenumber), so it "
            "cannot be reached",
            Severity.WARNING,
        )
    return None
