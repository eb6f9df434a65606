import re

from flowlint.liquid.strings import widget_strings
from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.string_offsets import string_span

_MAGIC = re.compile(r"(?<![\d+])\+?1?(5005550\d\d\d)(?!\d)")

_AS_SENDER = {
    "0001": "it is rejected as an invalid From number (21212)",
    "0006": "it passes all validation",
    "0007": "it is refused as not owned by the account or not SMS-capable (21606)",
    "0008": "it reports a full SMS queue (21611)",
}
_AS_RECIPIENT = {
    "0001": "it is an invalid number (SMS 21211, call 21217)",
    "0002": "Twilio cannot route to it (SMS 21612, call 21214)",
    "0003": "the account lacks the international permission (SMS 21408, call 21215)",
    "0004": "it is blocked for the account (SMS 21610, call 21216)",
    "0009": "it cannot receive SMS (21614)",
}
_AS_PURCHASE = {
    "0000": "buying it fails as unavailable (21422)",
    "0001": "buying it fails as invalid (21421)",
    "0006": "buying it succeeds",
}
_SENDER_KEYS = frozenset({"from", "caller_id"})
_RECIPIENT_KEYS = frozenset({"to"})


class TestPhoneNumber(Rule):
    """
    ## What it finds
    One of Twilio's test-credential magic numbers, `+15005550000` to `+15005550009`,
    anywhere in a widget's properties (a sender, a recipient, a parameter, a message body).
    The message says what the number simulates with test credentials, e.g. `+15005550006`
    as a sender "passes all validation", `+15005550007` is refused with 21606.

    ## Why it matters
    These numbers only mean something to requests authenticated with test credentials;
    Studio executions use the account's live credentials. Sent from a live flow, a message
    from `+15005550006` fails because the account does not own that number (21606 for SMS,
    21210 for calls), and a recipient `+1500555000x` is no real phone. They are leftovers
    from API tests.

    ## Example
    ```json
    {"type": "send-message", "properties": {"from": "+15005550006", "to": "{{contact.channel.address}}"}}
    ```

    ## Fix
    Use a number the account owns, or the number the contact wrote to:
    ```json
    {"type": "send-message", "properties": {"from": "{{flow.channel.address}}", "to": "{{contact.channel.address}}"}}
    ```

    ## Corpus
    0 findings on the 122 real flows of ../shared/corpus/real.
    """

    __test__ = False  # not a pytest test class, despite the name

    code = "FL602"
    name = "test-phone-number"
    category = "telephony"
    severity = Severity.ERROR
    summary = "A Twilio test-credentials magic number (+1500555000x) in a live flow"
    scope = "widget"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        for source in widget_strings(widget):
            if "5005550" not in source.text:
                continue
            key = source.pointer[-1] if source.pointer else None
            for match in _MAGIC.finditer(source.text):
                number = "+1" + match.group(1)
                ctx.report(
                    source.pointer,
                    f"{number} in {widget.type} '{widget.label}' is a Twilio test-credentials "
                    f"magic number: {_meaning(match.group(1)[-4:], key)}; Studio runs with "
                    "live credentials, where the account does not own it (21606 for SMS, "
                    "21210 for calls) and no phone answers it",
                    widget,
                    span=string_span(ctx.tree, source.pointer, match.start(), match.end()),
                )


def _meaning(suffix: str, key: object) -> str:
    """What the magic number simulates, for the role it has in this property."""
    roles = []
    if suffix in _AS_SENDER and key not in _RECIPIENT_KEYS:
        roles.append(f"as a From number with test credentials {_AS_SENDER[suffix]}")
    if suffix in _AS_RECIPIENT and key not in _SENDER_KEYS:
        roles.append(f"as a To number with test credentials {_AS_RECIPIENT[suffix]}")
    if not roles and suffix in _AS_PURCHASE:
        roles.append(f"with test credentials {_AS_PURCHASE[suffix]}")
    return "; ".join(roles) or "it only has a meaning for requests made with test credentials"
