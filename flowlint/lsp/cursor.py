"""What the text right around the cursor is, read from the current buffer (valid JSON or not).

Completion is asked for while the user types, so the buffer is often not JSON at that moment.
The flow model (possibly from an older text) says which widget the cursor is in; this module
says what is being typed: a string value and the key it belongs to, an object key, or the
blank spot after `"key": `. JSON strings never span lines, so reading the cursor's line is
enough to tell whether the cursor is inside a string.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from flowlint.lsp.positions import LineTable

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?')
_KEY_BEFORE = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*$')
_LOOK_BACK = 10_000
"""How far back to look for the character before a string (a key follows `{` or `,`)."""


@dataclass(frozen=True)
class Cursor:
    offset: int
    string_start: int | None = None
    """Offset of the opening quote when the cursor is inside a string."""
    string_end: int | None = None
    """Offset of the closing quote (the line end when the string is unterminated)."""
    key: str | None = None
    """The key of the value the cursor is in, or right after (`"next": |`)."""
    at_key: bool = False
    """The cursor is where an object key goes (inside a key string, or on a blank spot)."""

    @property
    def in_string(self) -> bool:
        return self.string_start is not None

    def typed(self, text: str) -> str:
        """What was typed in the string before the cursor (raw, escapes undecoded)."""
        if self.string_start is None:
            return ""
        return text[self.string_start + 1 : self.offset]


def _decode_key(raw: str) -> str:
    try:
        value = json.loads(f'"{raw}"')
    except ValueError:
        return raw
    return value if isinstance(value, str) else raw


def _previous_significant(text: str, offset: int) -> str:
    """The last non-whitespace character before `offset` (within the look-back window)."""
    window = text[max(0, offset - _LOOK_BACK) : offset].rstrip()
    return window[-1] if window else ""


def cursor_at(text: str, lines: LineTable, offset: int) -> Cursor:
    line_start = lines.line_start(offset)
    line_end = lines.line_end(offset)
    for match in _STRING.finditer(text, line_start, line_end):
        if match.start() >= offset:
            break
        closed = match.end() - match.start() > 1 and text[match.end() - 1] == '"'
        # Escaped quotes aside, a closed string ends at its closing quote.
        end = match.end() - 1 if closed else line_end
        if offset > end:
            continue
        before = text[line_start : match.start()]
        key_match = _KEY_BEFORE.search(before)
        after = text[match.end() : line_end].lstrip() if closed else ""
        is_key = after.startswith(":") or (
            key_match is None and _previous_significant(text, match.start()) in ("{", ",")
        )
        return Cursor(
            offset,
            string_start=match.start(),
            string_end=end,
            key=_decode_key(key_match.group(1)) if key_match and not is_key else None,
            at_key=is_key,
        )
    before = text[line_start:offset]
    key_match = _KEY_BEFORE.search(before)
    if key_match is not None:
        return Cursor(offset, key=_decode_key(key_match.group(1)))
    previous = _previous_significant(text, offset)
    return Cursor(offset, at_key=previous in ("{", ","))
