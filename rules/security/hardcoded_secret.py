import re
from collections.abc import Iterator
from typing import NamedTuple

from flowlint.liquid.strings import WidgetString, widget_strings
from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.string_offsets import string_span

# The detailed patterns are kept as source text and compiled by `re` on first use (its own
# cache): most flows have no string that passes the cheap first look below, and compiling
# them all at import cost about 2 ms of every run.
_SECRET_NAME = (
    r"(?:^|[_\-. ])(?:password|passwd|pwd|secret|token|api[_\-]?key|apikey|auth[_\-]?token"
    r"|authorization|client[_\-]?secret|private[_\-]?key|access[_\-]?key|credentials?)"
    r"(?:$|[_\-. ])"
)
_NOT_SECRET_NAME = r"(?:_sid|_url|_uri|_type|_name|_count|_length|_id)$"

_USERINFO = r"[a-z][a-z0-9+.\-]*://(?P<user>[^/\s:@{}]+):(?P<secret>[^/\s@{}]+)@"
_AUTH_HEADER = r"\b(?:Bearer|Basic|Token)\s+(?P<secret>[A-Za-z0-9._~+/=\-]{16,})"
_KNOWN_TOKENS = (
    r"\b(?:(?P<stripe>(?:sk|rk)_live_[0-9A-Za-z]{16,})|(?P<slack>xox[abposr]-[0-9A-Za-z\-]{10,})"
    r"|(?P<github>gh[pousr]_[A-Za-z0-9]{36,})|(?P<google>AIza[0-9A-Za-z_\-]{35})"
    r"|(?P<openai>sk-(?:proj-)?[A-Za-z0-9_\-]{32,}))"
)
_TOKEN_KINDS = {
    "stripe": "Stripe secret key",
    "slack": "Slack token",
    "github": "GitHub token",
    "google": "Google API key",
    "openai": "OpenAI API key",
}
_SECRET_WORDS = ("pass", "pwd", "secret", "token", "key", "auth", "credential")
"""Every name `_SECRET_NAME` matches contains one of these (lower case)."""
_TOKEN_HINTS = ("_live_", "xox", "gh", "AIza", "sk-")
_CANDIDATE_HINTS = (
    "@",
    "bearer",
    "basic",
    *(hint.lower() for hint in _TOKEN_HINTS),
    *_SECRET_WORDS,
)
"""The first look at a string (lower-cased): every text pattern below needs one of these,
so a string with none (nearly all of them) costs a few substring tests run in C."""
_JSON_MEMBER = r'"(?P<name>[^"\\]{1,64})"\s*:\s*"(?P<secret>[^"\\]*)"'
_QUERY_PARAMETER = r"[?&](?P<name>[A-Za-z0-9_.\-]{1,64})=(?P<secret>[^&#\s]*)"

_PLACEHOLDER = (
    r"\{\{|\{%|\$\{|%\w+%|<[^>]*>|^x+$|^\*+$|your[_\- ]|changeme|placeholder|example|dummy"
    r"|^(?:secret|password|token|none|null|undefined|true|false)$"
)
_TWILIO_SID = r"^[A-Z]{2}[0-9a-fA-F]{32}$"


class Secret(NamedTuple):
    kind: str
    start: int
    end: int


class HardcodedSecret(Rule):
    """
    ## What it finds
    Credentials written into a flow:

    - a password in a URL (`https://user:password@host/...`);
    - an `Authorization`-style value (`Bearer …`, `Basic …`);
    - well-known token formats (Stripe `sk_live_…`, Slack `xox…-`, GitHub `ghp_…`, Google
      `AIza…`, OpenAI `sk-…`);
    - a literal value under a secret-looking name: HTTP or Function parameters, JSON body
      members and URL query parameters named `password`, `token`, `api_key`, `auth_token`,
      `client_secret`, … (Twilio auth tokens and API key secrets end up here), and
      properties such as `sip_password`.

    Liquid values (`{{flow.variables.token}}`), placeholders (`${TOKEN}`, `<your key>`,
    `xxxx`) and Twilio SIDs (which are identifiers, not secrets) are not reported. The
    message never repeats the secret: it shows at most its first characters and length.

    ## Why it matters
    A flow definition is not a secret store: it is readable by every Console user of the
    account, returned by the Studio API, exported to JSON and committed to Git. Anyone who
    reads it can use the credential, and rotating it means editing and republishing the flow. It is a warning,
    not an error, because the flow itself works; to fail CI on it, set its severity to error
    in the configuration.

    ## Example
    ```json
    {"type": "make-http-request", "properties": {"url": "https://api.owlbank.example/v1/accounts",
      "parameters": [{"key": "api_key", "value": "b71e03d9c5a24f68e1d0"}]}}
    ```

    ## Fix
    Call a Twilio Function that reads the key from its environment variables (or let the
    Function make the request), and pass only non-secret data from the flow:
    ```json
    {"type": "run-function", "properties": {"url": "https://owl-bank-1234.twil.io/accounts",
      "parameters": [{"key": "phone", "value": "{{contact.channel.address}}"}]}}
    ```

    ## Corpus
    0 findings on the 122 real flows of ../shared/corpus/real: the parameters named `token`
    or `apaleo_token` there all carry Liquid (`{{widgets.get_token.body}}`), and the one
    `Authorization: Bearer …` uses `{{env.…}}`.
    """

    code = "FL604"
    name = "hardcoded-secret"
    category = "security"
    severity = Severity.WARNING
    summary = "A password, token or API key written into the flow"
    scope = "widget"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        verdicts = _text_verdicts(widget)
        for source in widget_strings(widget):
            text = source.text
            if len(text) < 8:
                continue
            verdict = verdicts.get(text, _UNJUDGED)
            if verdict is _UNJUDGED:
                verdict = verdicts[text] = _judge_text(text)
            if verdict is None:
                continue
            seen: set[tuple[int, int]] = set()
            for secret in _secrets(source, verdict):
                if (secret.start, secret.end) in seen:
                    continue
                seen.add((secret.start, secret.end))
                where = _describe_place(source)
                value = text[secret.start : secret.end]
                ctx.report(
                    source.pointer,
                    f"hard-coded {secret.kind} in {widget.type} '{widget.label}' {where} "
                    f"({redact(value)}): anyone who can read the flow can use it; keep it in "
                    "a Twilio Function's environment variables and call the Function instead",
                    widget,
                    span=string_span(ctx.tree, source.pointer, secret.start, secret.end),
                )


def redact(secret: str) -> str:
    """How a message shows a secret: never the value, at most a short prefix and a length."""
    shown = secret[:4] + "…" if len(secret) >= 16 else "…"
    return f"'{shown}', {len(secret)} characters, redacted"


class TextVerdict(NamedTuple):
    """What one string's text alone says, whatever property holds it."""

    secrets: tuple[Secret, ...]
    """Credentials recognisable from the text itself (offsets into the text)."""
    plausible: bool
    """Whether the whole value looks like a credential, should its name be a secret one."""


_UNJUDGED = TextVerdict((), False)
"""Marks a text not judged yet (compared by identity)."""


def _text_verdicts(widget: Widget) -> dict[str, TextVerdict | None]:
    """Verdicts by text, shared by the flow's widgets: flows repeat the same strings (Liquid
    references, SIDs, voices) many times, and each distinct text is judged once. None: the
    text cannot hold a secret, whatever its name."""
    verdicts: dict[str, TextVerdict | None] | None = widget.flow.derived.get("secret-verdicts")
    if verdicts is None:
        verdicts = widget.flow.derived["secret-verdicts"] = {}
    return verdicts


def _judge_text(text: str) -> TextVerdict | None:
    lowered = text.lower()
    for hint in _CANDIDATE_HINTS:
        if hint in lowered:
            secrets = tuple(_text_secrets(text, lowered))
            break
    else:
        secrets = ()
    plausible = _plausible(text.strip())
    return TextVerdict(secrets, plausible) if secrets or plausible else None


def _secrets(source: WidgetString, verdict: TextVerdict) -> Iterator[Secret]:
    yield from verdict.secrets
    if not verdict.plausible:
        return
    name = _value_name(source)
    if name is not None and _secret_name(name):
        text = source.text
        start = len(text) - len(text.lstrip())
        yield Secret(f"'{name}' value", start, start + len(text.strip()))


def _text_secrets(text: str, lowered: str) -> Iterator[Secret]:
    if "@" in text:
        for match in re.finditer(_USERINFO, text, re.IGNORECASE):
            if _plausible(match["secret"], minimum=1):
                yield Secret("password in a URL", match.start("secret"), match.end("secret"))
    if "Bearer" in text or "Basic" in text or "Token" in text:
        for match in re.finditer(_AUTH_HEADER, text):
            if _plausible(match["secret"]):
                yield Secret("authorization token", match.start("secret"), match.end("secret"))
    if any(hint in text for hint in _TOKEN_HINTS):
        for match in re.finditer(_KNOWN_TOKENS, text):
            kind = match.lastgroup or ""
            yield Secret(_TOKEN_KINDS.get(kind, "token"), match.start(kind), match.end(kind))
    if any(word in lowered for word in _SECRET_WORDS):
        for pattern in (_JSON_MEMBER, _QUERY_PARAMETER):
            for match in re.finditer(pattern, text):
                if _secret_name(match["name"]) and _plausible(match["secret"]):
                    yield Secret(
                        f"'{match['name']}' value", match.start("secret"), match.end("secret")
                    )


def _value_name(source: WidgetString) -> str | None:
    """The name a value goes by: the `key` of its `{key, value}` pair, else its property."""
    pointer = source.pointer
    if "properties" not in pointer:
        return None  # a split condition's value: it compares, it does not authenticate
    if len(pointer) >= 2 and pointer[-1] == "value" and isinstance(pointer[-2], int):
        properties = source.widget.properties
        node: object = properties
        for part in pointer[pointer.index("properties") + 1 : -1]:
            if isinstance(node, dict) and isinstance(part, str):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                return None
        key = node.get("key") if isinstance(node, dict) else None
        return key if isinstance(key, str) else None
    last = pointer[-1] if pointer else None
    return last if isinstance(last, str) and "properties" in pointer[-2:] else None


def _secret_name(name: str) -> bool:
    # A first look; only for ASCII names, since IGNORECASE also matches letters such as
    # U+017F (long s) that lower() leaves alone.
    if name.isascii() and not any(word in name.lower() for word in _SECRET_WORDS):
        return False
    return bool(re.search(_SECRET_NAME, name, re.IGNORECASE)) and not re.search(
        _NOT_SECRET_NAME, name, re.IGNORECASE
    )


# Like the patterns above, these are compiled on first use (re caches them), not when every
# run loads the rules: most runs never judge a candidate secret.
_WHITESPACE = r"\s"
_LETTER = r"[^\W\d_]"
_DIGIT = r"\d"


def _plausible(value: str, minimum: int = 8) -> bool:
    """A value that looks like a real credential rather than a placeholder or a word."""
    if len(value) < minimum or re.search(_WHITESPACE, value):
        return False
    if (
        "://" in value
        or re.search(_PLACEHOLDER, value, re.IGNORECASE)
        or re.match(_TWILIO_SID, value)
    ):
        return False
    if minimum < 8:
        return True
    return bool(re.search(_LETTER, value) and re.search(_DIGIT, value)) or len(value) >= 20


def _describe_place(source: WidgetString) -> str:
    name = _value_name(source)
    key = next((part for part in reversed(source.pointer) if isinstance(part, str)), "")
    if name is not None and key == "value":
        return f"parameter '{name}'"
    return f"property '{key}'"
