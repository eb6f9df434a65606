import re

from flowlint.liquid.strings import widget_strings
from flowlint.model.flow import Widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.source.string_offsets import string_span

_INSECURE = re.compile(r"\s*(?P<scheme>http|ws)://(?P<rest>\S*)", re.IGNORECASE)
_USERINFO = re.compile(r"^[^/@]*@")
_LOCAL_HOSTS = re.compile(r"^(localhost|127\.|0\.0\.0\.0|\[::1\])", re.IGNORECASE)
_SECURE = {"http": "https", "ws": "wss"}


class InsecureUrl(Rule):
    """
    ## What it finds
    A plain `http://` or `ws://` endpoint that Twilio connects to on the flow's behalf: the
    URL of an HTTP request, a Function, a TwiML redirect or a ConversationRelay, a media
    stream (`stream_url`), hold music TwiML (`wait_url`), and status or recording callbacks.
    Only properties whose name says they hold a URL or a callback are checked, so a link
    written inside a message text is not reported, nor are audio files (`play`) and MMS
    media (`media_url`), which Twilio only downloads.

    ## Why it matters
    Twilio sends the request, with the caller's number, their answers and often API
    parameters, unencrypted over the internet, and accepts an unauthenticated answer that
    anyone on the path can change. Twilio signs its webhooks, but the signature protects
    nothing when the payload itself travels in clear text.

    ## Example
    ```json
    {"type": "make-http-request", "properties": {"url": "http://api.owlbank.example/accounts"}}
    ```

    ## Fix
    ```json
    {"type": "make-http-request", "properties": {"url": "https://api.owlbank.example/accounts"}}
    ```

    ## Corpus
    0 findings on the 122 real flows of ../shared/corpus/real (one `http://` audio file in a
    say-play `play` is deliberately out of scope).
    """

    code = "FL603"
    name = "insecure-url"
    category = "security"
    severity = Severity.WARNING
    summary = "An http:// or ws:// endpoint that Twilio calls for the flow"
    scope = "widget"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        for source in widget_strings(widget):
            if "://" not in source.text:
                continue  # a substring test in C turns away most strings before the pattern
            match = _INSECURE.match(source.text)
            if match is None or _LOCAL_HOSTS.match(match["rest"]):
                continue
            key = next((part for part in reversed(source.pointer) if isinstance(part, str)), "")
            if not _is_url_property(key):
                continue
            scheme = match["scheme"].lower()
            shown = f"{scheme}://{_USERINFO.sub('…@', match['rest'])}"
            if len(shown) > 80:
                shown = shown[:77] + "..."
            ctx.report(
                source.pointer,
                f"{widget.type} '{widget.label}' {key} uses unencrypted {scheme}:// "
                f"({shown}): Twilio sends the flow's data in clear text; use "
                f"{_SECURE[scheme]}://",
                widget,
                span=string_span(ctx.tree, source.pointer, match.start("scheme"), match.end()),
            )


_MEDIA_KEYS = frozenset({"play", "media_url"})
"""Audio and pictures Twilio downloads: no flow data goes out with the request."""


def _is_url_property(key: str) -> bool:
    lowered = key.lower()
    if lowered in _MEDIA_KEYS:
        return False
    return lowered.endswith("url") or "callback" in lowered
