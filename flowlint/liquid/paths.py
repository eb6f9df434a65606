"""Reading a variable path and the filters after it straight from the template text."""

from __future__ import annotations

import re

_NAME = re.compile(r"[A-Za-z_](?:[\w\-]*\w)?\??")
_SPACE = re.compile(r"\s*")
_FILTER_NAME = re.compile(r"\|\s*([A-Za-z_][\w\-]*)")


def path_end(text: str, start: int) -> int:
    """Where the variable path written at `start` ends: names joined by dots (spaces allowed
    around them, as python-liquid allows) and bracketed keys or indices."""
    match = _NAME.match(text, start)
    if match is None:
        return start
    end = match.end()
    while True:
        after = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        if text.startswith(".", after):
            name = _NAME.match(text, _SPACE.match(text, after + 1).end())  # type: ignore[union-attr]
            if name is None:
                return end
            end = name.end()
        elif text.startswith("[", after):
            closing = _closing_bracket(text, after)
            if closing < 0:
                return end
            end = closing + 1
        else:
            return end


def _closing_bracket(text: str, opening: int) -> int:
    depth = 0
    quote = ""
    for position in range(opening, len(text)):
        character = text[position]
        if quote:
            if character == quote:
                quote = ""
        elif character in "'\"":
            quote = character
        elif character == "[":
            depth += 1
        elif character == "]":
            depth -= 1
            if depth == 0:
                return position
    return -1


def output_filters(text: str, end: int) -> tuple[str, ...]:
    """The filters applied to a variable that ends at `end` when it opens an output block
    (`{{ x | strip | default: 'y' }}` → strip, default); empty otherwise."""
    after = _SPACE.match(text, end).end()  # type: ignore[union-attr]
    if not text.startswith("|", after):
        return ()
    closing = text.find("}}", after)
    chunk = text[after : closing if closing >= 0 else len(text)]
    return tuple(_FILTER_NAME.findall(chunk))
