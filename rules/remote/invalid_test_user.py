import re
from typing import Any

from flowlint.model.build import json_kind
from flowlint.model.documents import Document, DocumentKind
from flowlint.rule import Rule, RuleContext, Severity

FLOW_SID = re.compile(r"^FW[0-9a-fA-F]{32}$")
MAX_IDENTITY_BYTES = 300
PHONE_LIKE = re.compile(r"^[+(]?[\d\s().\-/]*\d[\d\s().\-/]*$")
E164 = re.compile(r"^\+[1-9]\d{1,14}$")


class InvalidTestUser(Rule):
    """
    ## What it finds
    In a TestUsers resource file (`{"sid": "FW…", "test_users": [...]}`, what
    `GET /v2/Flows/{sid}/TestUsers` returns and `flowlint pull --test-users` writes):

    - an identity over 300 bytes (UTF-8), the API's limit (error);
    - a `sid` that is not a Flow SID, a `test_users` that is not an array, or an entry that is
      not a string (errors);
    - an empty identity, or a duplicated one (warnings);
    - an identity that is neither an E.164 phone number (`+14155551212`) nor a client or chat
      identity: a phone number written another way (`(415) 555-1212`, `14155551212`), a number
      no country uses, `whatsapp:` followed by a non-E.164 number, surrounding spaces or
      control characters (warnings).

    ## Why it matters
    Test users are the contact addresses (phone numbers, chat identities) allowed to run a
    flow's latest draft before it is published. Studio compares them with the contact's
    address exactly, as Twilio writes it: `+14155551212`, never `(415) 555-1212`. An identity
    written another way matches no one, so testers silently get the published revision and
    the draft goes untested. An identity over 300 bytes makes the whole update fail.

    ## Example
    ```json
    {"sid": "FW0123456789abcdef0123456789abcdef",
     "test_users": ["+14155551212", "(415) 555-1213", "+14155551212", ""]}
    ```

    ## Fix
    ```json
    {"sid": "FW0123456789abcdef0123456789abcdef",
     "test_users": ["+14155551212", "+14155551213"]}
    ```
    """

    code = "FL802"
    name = "invalid-test-user"
    category = "remote"
    severity = Severity.ERROR
    summary = "A test user identity is too long, empty, duplicated or not a contact address"

    def check_document(self, document: Document, ctx: RuleContext) -> None:
        if document.kind is not DocumentKind.TEST_USERS or not isinstance(document.value, dict):
            return
        resource: dict[str, Any] = document.value
        if "sid" in resource:
            sid = resource["sid"]
            if not isinstance(sid, str) or not FLOW_SID.match(sid):
                ctx.report(
                    ("sid",),
                    f"`sid` {sid!r} is not a Flow SID (FW followed by 32 hexadecimal digits), "
                    "so these test users cannot be attached to a flow",
                )
        users = resource.get("test_users")
        if not isinstance(users, list):
            ctx.report(
                ("test_users",),
                f"`test_users` must be an array of identity strings, not {json_kind(users)}",
            )
            return
        first_seen: dict[str, int] = {}
        for index, identity in enumerate(users):
            pointer = ("test_users", index)
            if not isinstance(identity, str):
                ctx.report(
                    pointer,
                    f"test user {index} is {json_kind(identity)}; identities are strings "
                    'like "+14155551212"',
                )
                continue
            size = len(identity.encode("utf-8", "surrogatepass"))
            if size > MAX_IDENTITY_BYTES:
                ctx.report(
                    pointer,
                    f"test user {index} is {size} bytes, over the API's limit of "
                    f"{MAX_IDENTITY_BYTES} bytes per identity: Twilio refuses the update",
                )
                continue
            if not identity.strip():
                ctx.report(
                    pointer,
                    f"test user {index} is empty, so it matches no contact; remove it",
                    severity=Severity.WARNING,
                )
                continue
            if identity in first_seen:
                ctx.report(
                    pointer,
                    f"test user {identity!r} is listed twice (first as entry "
                    f"{first_seen[identity]}); remove this one",
                    severity=Severity.WARNING,
                )
                continue
            first_seen[identity] = index
            problem = identity_problem(identity)
            if problem is not None:
                ctx.report(pointer, f"test user {identity!r} {problem}", severity=Severity.WARNING)


def identity_problem(identity: str) -> str | None:
    """Why `identity` is neither an E.164 number nor a client/chat identity, or None."""
    if identity != identity.strip():
        return (
            "has spaces around it, so it never equals a contact address; "
            f"did you mean {identity.strip()!r}?"
        )
    if any(ord(character) < 32 or ord(character) == 127 for character in identity):
        return "contains control characters (a pasted line break?), so it matches no contact"
    scheme, colon, rest = identity.partition(":")
    if colon and scheme.lower() == "whatsapp":
        number_problem = _phone_problem(rest)
        return (
            f"is not whatsapp:+<E.164 number>: the number {number_problem}"
            if number_problem
            else None
        )
    if colon and scheme.lower() == "client" and not rest:
        return "names no client: write client:<identity>"
    if PHONE_LIKE.match(identity):
        return _phone_problem(identity)
    return None  # a client or chat identity: any other text is allowed


def _phone_problem(text: str) -> str | None:
    """Why a phone-number-looking text is not an E.164 number Twilio would use, or None."""
    if E164.match(text):
        import phonenumbers

        try:
            number = phonenumbers.parse(text, None)
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and phonenumbers.is_possible_number(number):
            return None
        return (
            "is shaped like E.164 but is not a possible phone number (wrong number of digits "
            "for its country code, or no such country code); check the digits"
        )
    suggestion = _e164_suggestion(text)
    hint = f": did you mean {suggestion!r}?" if suggestion else " (+, country code, digits only)"
    return f"looks like a phone number but is not in E.164 form{hint}"


def _e164_suggestion(text: str) -> str | None:
    """The E.164 form of a number written with spaces, dashes or a 00 prefix, when certain."""
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        candidate = "+" + digits
    elif digits.startswith("00"):
        candidate = "+" + digits[2:]
    elif len(digits) >= 11:
        candidate = "+" + digits
    else:
        return None
    import phonenumbers

    try:
        number = phonenumbers.parse(candidate, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    formatted: str = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return formatted
