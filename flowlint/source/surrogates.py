"""Lone surrogates: JSON lets a string hold `"\\ud800"`, Python decodes it to a code point that
no UTF-8 stream, file or JSON-RPC peer accepts. Text from a flow that goes into a finding is
passed through `escape_lone_surrogates` once, where the finding is made, so every output
(reports, the cache, the language server) can encode it."""

from __future__ import annotations

import re

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_lone_surrogates(text: str) -> str:
    """`text` with each lone surrogate written as its `\\udXXX` escape."""
    if text.isascii() or not _LONE_SURROGATE.search(text):
        return text
    return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
