"""JSON text as the Studio Console writes it: `JSON.stringify(definition, null, 2)`.

Two-space indentation, `": "` between a key and its value, one member or item per line, `[]`
and `{}` for empty containers, non-ASCII characters written as they are (not `\\u` escaped),
and only the escapes JSON requires (`\\"`, `\\\\`, control characters; a lone surrogate as
`\\udXXX`, as JavaScript's well-formed stringify does). Numbers are written with the exact
text the file had (`1.0` stays `1.0`, `1e3` stays `1e3`): the Console would print `1` and
`1000`, but a formatter must never be the reason a value's text changes.
"""

from __future__ import annotations

import json
import re
from typing import Any

INDENT = "  "

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class NumberText(str):
    """A JSON number kept as the text it was written with."""

    __slots__ = ()


def read_numbers_as_text(text: str) -> str:
    return NumberText(text)


def console_json(value: Any) -> str:
    """`value` (from `json.loads` with numbers as `NumberText`) as Console-style JSON text,
    without a final line break."""
    parts: list[str] = []
    _write(value, 0, parts)
    return "".join(parts)


def string_literal(text: str) -> str:
    encoded = json.dumps(text, ensure_ascii=False)
    if _LONE_SURROGATE.search(encoded):
        encoded = _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", encoded)
    return encoded


def _write(value: Any, depth: int, parts: list[str]) -> None:
    if isinstance(value, NumberText):
        parts.append(value)
    elif isinstance(value, str):
        parts.append(string_literal(value))
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = "\n" + INDENT * (depth + 1)
        parts.append("{")
        for index, (key, member) in enumerate(value.items()):
            parts.append(inner if index == 0 else "," + inner)
            parts.append(string_literal(key))
            parts.append(": ")
            _write(member, depth + 1, parts)
        parts.append("\n" + INDENT * depth + "}")
    elif isinstance(value, list):
        if not value:
            parts.append("[]")
            return
        inner = "\n" + INDENT * (depth + 1)
        parts.append("[")
        for index, item in enumerate(value):
            parts.append(inner if index == 0 else "," + inner)
            _write(item, depth + 1, parts)
        parts.append("\n" + INDENT * depth + "]")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif value is None:
        parts.append("null")
    else:  # json.loads with NumberText hooks produces nothing else
        raise TypeError(f"not a JSON value: {type(value).__name__}")
