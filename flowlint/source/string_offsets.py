"""Offsets inside a decoded JSON string → offsets in the file text.

Rules that look inside string values (a Liquid expression in a message body, a phone number in
a list, a secret in a URL) find their match at an offset of the *decoded* string. In the file
that string is a JSON literal whose escapes (`\\n`, `\\"`, `\\u00e9`, a surrogate pair
`\\ud83d\\ude00` for one emoji) take several characters each, so the decoded offset must be
walked through the literal to land on the right line and column.
"""

from __future__ import annotations

from flowlint.source.pointer import Pointer
from flowlint.source.tree import JsonTree, Span

_SIMPLE_ESCAPE_LENGTH = 2
_UNICODE_ESCAPE_LENGTH = 6


def decoded_offsets(text: str, literal: Span) -> list[int]:
    """For a JSON string literal at `literal` (quotes included) in `text`, the file offset of
    every decoded character, plus one final entry for the closing quote.

    Index `i` of the result is where decoded character `i` starts in the file; a surrogate pair
    escape decodes to one character and so takes one entry.
    """
    start, end = literal
    position = start + 1
    closing = end - 1
    offsets: list[int] = []
    while position < closing:
        offsets.append(position)
        if text[position] != "\\":
            position += 1
            continue
        if text[position + 1 : position + 2] != "u":
            position += _SIMPLE_ESCAPE_LENGTH
            continue
        code = _hex(text, position + 2)
        position += _UNICODE_ESCAPE_LENGTH
        # A high surrogate followed by a low one is a single character once decoded.
        if (
            code is not None
            and 0xD800 <= code <= 0xDBFF
            and text[position : position + 2] == "\\u"
            and (low := _hex(text, position + 2)) is not None
            and 0xDC00 <= low <= 0xDFFF
        ):
            position += _UNICODE_ESCAPE_LENGTH
    offsets.append(min(position, closing))
    return offsets


def _hex(text: str, position: int) -> int | None:
    digits = text[position : position + 4]
    try:
        return int(digits, 16) if len(digits) == 4 else None
    except ValueError:
        return None


def string_span(tree: JsonTree, pointer: Pointer, start: int, end: int) -> Span | None:
    """The file span of decoded characters `start:end` of the string value at `pointer`.

    None when there is no string literal at `pointer`. Offsets past the string are clamped to
    its closing quote.
    """
    literal = tree.value_span(pointer)
    if literal is None or tree.text[literal[0] : literal[0] + 1] != '"':
        return None
    raw = tree.text[literal[0] + 1 : literal[1] - 1]
    if "\\" not in raw:
        # No escapes: decoded and raw characters line up one to one.
        length = len(raw)
        base = literal[0] + 1
        return base + min(max(start, 0), length), base + min(max(end, start, 0), length)
    offsets = decoded_offsets(tree.text, literal)
    last = len(offsets) - 1
    first = offsets[min(max(start, 0), last)]
    return first, offsets[min(max(end, start, 0), last)]
