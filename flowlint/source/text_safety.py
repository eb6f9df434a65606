"""Text from a flow file, made safe to show: control and bidirectional characters escaped.

Widget names, transition targets, Liquid and whole source lines reach terminals, CI logs, XML
reports and editors. Written out raw, an ESC sequence clears the screen, sets the window title
or hides a link (OSC 8); a line break starts a GitHub workflow command; an XML 1.0 document
cannot hold most C0 characters at all; a right-to-left override makes a name read backwards
(the "Trojan Source" trick). So every reporter that writes text passes file text through
`escape_unsafe` at the point where it enters the output, and each format adds its own
structure (line breaks, XML, `%0A`) around text that has none left.

The characters escaped (`UNSAFE`): C0 controls, DEL and C1 controls (including NEL, which some
programs read as a line break); the bidirectional marks, embeddings, overrides and isolates
(U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069); the line and paragraph separators
U+2028 and U+2029 (line breaks to editors and Python's `splitlines`); lone surrogates, which no
UTF-8 stream can carry; and the non-characters U+FFFE and U+FFFF, which XML forbids.

They are written the way Python's `repr` writes them: `\\t`, `\\n`, `\\r`, `\\x1b`, `\\u202e`.
A backslash already in the text stays as it is, so the escaped form is for reading, not for
decoding back; formats whose data must stay exact (JSON, SARIF identifiers) keep the text and
only write these characters as JSON `\\u` escapes (`escape_unsafe_in_json`).
"""

from __future__ import annotations

import re

_BEYOND_C0 = (
    "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
)
UNSAFE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
"""One character that must not reach a reader raw (see the module's docstring for why)."""

_UNSAFE_LEFT_BY_JSON = re.compile(f"[{_BEYOND_C0}]")
"""The unsafe characters `json.dumps` writes raw: not C0, which it escapes in strings (and
whose line breaks and spaces outside strings are the document's own layout)."""

_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escaped_character(character: str) -> str:
    """How one unsafe character is shown: `\\n`, `\\x1b`, `\\u202e`."""
    short = _SHORT.get(character)
    if short is not None:
        return short
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape_match(match: re.Match[str]) -> str:
    return escaped_character(match.group())


def escape_unsafe(text: str, keep: str = "") -> str:
    """`text` with every unsafe character escaped, except those in `keep` (the line breaks a
    format uses itself, for a whole message that has them by design)."""
    if not keep:
        return UNSAFE.sub(_escape_match, text)
    return UNSAFE.sub(
        lambda match: match.group() if match.group() in keep else _escape_match(match), text
    )


def escape_unsafe_with_columns(text: str) -> tuple[str, list[int]]:
    """`escape_unsafe(text)` and where each character went: `columns[i]` is the index in the
    escaped text of `text[i]`, and `columns[len(text)]` its length, so a caret line drawn
    under the original columns can be drawn under the escaped text instead."""
    if UNSAFE.search(text) is None:
        return text, list(range(len(text) + 1))
    pieces: list[str] = []
    columns: list[int] = []
    shown = 0
    for character in text:
        columns.append(shown)
        piece = escaped_character(character) if UNSAFE.match(character) else character
        pieces.append(piece)
        shown += len(piece)
    columns.append(shown)
    return "".join(pieces), columns


def _json_escape_match(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape_unsafe_in_json(document: str) -> str:
    """A JSON document (as `json.dumps` writes it) with the unsafe characters it leaves raw
    (DEL, C1, bidirectional controls, separators, lone surrogates) written as `\\uXXXX`.

    Decoding gives back exactly the same data, so paths and identifiers stay usable, while the
    bytes hold nothing a terminal or a viewer would act on. `json.dumps` already escapes C0
    and quotes, and outside strings it writes ASCII only, so every match is inside a string.
    """
    return _UNSAFE_LEFT_BY_JSON.sub(_json_escape_match, document)
