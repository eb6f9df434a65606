"""YAML that flowlint writes (`flowlint test --scaffold`) with text from a flow in it.

Widget names and messages are whatever the flow says. PyYAML with `allow_unicode` writes
most characters as they are, including bidirectional overrides and, in plain or
single-quoted scalars, NEL (U+0085) and the line and paragraph separators, which a YAML
reader takes for line breaks and folds into a space: the text would reach the terminal raw
and come back changed. A string holding any character `escape_unsafe` escapes is written
double-quoted with every non-ASCII character as a YAML escape (`"\\u202E"`), which reads
back as the same string; every other string is written as before.
"""

from __future__ import annotations

from typing import Any

import yaml

from flowlint.source.text_safety import UNSAFE

_KEPT = "\n\t"
"""Unsafe characters PyYAML already writes safely (a line break as a line of its own, a tab in
quotes): a multi-line message keeps its readable block form."""


def _needs_escapes(text: str) -> bool:
    return any(match.group() not in _KEPT for match in UNSAFE.finditer(text))


def _represent_text(dumper: Any, data: str) -> Any:
    style = '"' if _needs_escapes(data) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _process_scalar(emitter: Any) -> None:
    value = emitter.event.value
    if emitter.style != '"' or not _needs_escapes(value):
        yaml.SafeDumper.process_scalar(emitter)
        return
    allow_unicode = emitter.allow_unicode
    emitter.allow_unicode = False  # escapes, for this one scalar, what is not ASCII
    try:
        yaml.SafeDumper.process_scalar(emitter)
    finally:
        emitter.allow_unicode = allow_unicode


SafeTextDumper: Any = type(
    "SafeTextDumper", (yaml.SafeDumper,), {"process_scalar": _process_scalar}
)
"""A SafeDumper (a class of our own: yaml.safe_dump elsewhere is unchanged) that writes
strings with unsafe characters escaped."""
SafeTextDumper.add_representer(str, _represent_text)
