"""JSON Pointers (RFC 6901): how a diagnostic names the node it is about.

Inside flowlint a pointer is a tuple of object keys (str) and array indices (int); it becomes the
`/states/3/transitions/0/next` string only when a report is written.
"""

from __future__ import annotations

Pointer = tuple[str | int, ...]


def format_pointer(pointer: Pointer) -> str:
    """Render a pointer as an RFC 6901 string (`""` is the whole document)."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in pointer)


def parse_pointer(text: str) -> Pointer:
    """Parse an RFC 6901 string; parts made only of digits become array indices."""
    if text in ("", "#"):
        return ()
    if text.startswith("#"):
        text = text[1:]
    if not text.startswith("/"):
        raise ValueError(f"a JSON Pointer starts with '/': {text!r}")
    parts: list[str | int] = []
    for raw in text[1:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        parts.append(
            int(part) if part.isdigit() and (part == "0" or not part.startswith("0")) else part
        )
    return tuple(parts)
