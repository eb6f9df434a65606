"""Decoding a flow file while noting where its widgets are.

`JsonTree` finds positions on demand by scanning containers with the C scanner, which decodes
every sibling it skips. The first finding on a large flow asks for a widget, so the whole
`states` array would be decoded a second time (about 6 ms per MB). This module decodes the
top of the document itself instead: objects member by member and the `states`, `flows` and
`definition` containers element by element, handing every other value to the C scanner once,
so the positions of those containers' children come out of the one decoding pass.

It reads only well-formed JSON: on anything unexpected it raises, and the caller falls back to
decoding the whole text with the C parser, which reports the exact error.
"""

from __future__ import annotations

import json.decoder
import re
from collections.abc import Callable
from typing import Any

from flowlint.source.pointer import Pointer

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_scan_string: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]

Scan = Callable[[str, int], tuple[Any, int]]
PairsHook = Callable[[list[tuple[str, Any]]], dict[str, Any]]
Members = tuple[dict[str | int, tuple[int, int]], dict[str | int, tuple[int, int]], list[str | int]]
"""(key spans, value spans, order) of one container, as `JsonTree` keeps them."""

_WIDGET_PATH_KEYS = frozenset({"states", "definition", "flows"})
"""Members on the way to widgets: a definition's `states`, a Flow resource's `definition`, a
list page's `flows`."""


class NotPlainJson(Exception):
    """The text is not the plain JSON this fast reader handles; decode it the usual way."""


def decode(
    text: str, start: int, scan: Scan, pairs_hook: PairsHook
) -> tuple[Any, int, dict[Pointer, Members]]:
    """Decode the JSON value at `start`: (value, end offset, members of the containers on the
    way to widgets). `scan` decodes one value (a C scanner built with `pairs_hook`, which
    also builds every object decoded here, so duplicate keys are seen the same way)."""
    found: dict[Pointer, Members] = {}
    try:
        value, end = _value(text, start, (), None, scan, pairs_hook, found)
    except (ValueError, IndexError, StopIteration) as exc:
        raise NotPlainJson from exc
    return value, end, found


def _skip(text: str, index: int) -> int:
    if text[index] not in " \t\n\r":  # no whitespace: skip the regex call
        return index
    match = _WHITESPACE.match(text, index)
    return match.end() if match else index


def _value(
    text: str,
    index: int,
    pointer: Pointer,
    key: str | None,
    scan: Scan,
    pairs_hook: PairsHook,
    found: dict[Pointer, Members],
) -> tuple[Any, int]:
    opening = text[index]
    if opening == "{" and (key is None or key in _WIDGET_PATH_KEYS or key == "flows[]"):
        return _object(text, index, pointer, scan, pairs_hook, found)
    if opening == "[" and key in ("states", "flows"):
        return _array(text, index, pointer, key, scan, pairs_hook, found)
    return scan(text, index)


def _object(
    text: str,
    index: int,
    pointer: Pointer,
    scan: Scan,
    pairs_hook: PairsHook,
    found: dict[Pointer, Members],
) -> tuple[Any, int]:
    keys: dict[str | int, tuple[int, int]] = {}
    values: dict[str | int, tuple[int, int]] = {}
    order: list[str | int] = []
    found[pointer] = (keys, values, order)
    pairs: list[tuple[str, Any]] = []
    index = _skip(text, index + 1)
    if text[index] == "}":
        return pairs_hook(pairs), index + 1
    while True:
        if text[index] != '"':
            raise ValueError("expected a key")
        key, key_end = _scan_string(text, index + 1)
        colon = _skip(text, key_end)
        if text[colon] != ":":
            raise ValueError("expected ':'")
        value_start = _skip(text, colon + 1)
        value, value_end = _value(text, value_start, (*pointer, key), key, scan, pairs_hook, found)
        pairs.append((key, value))
        if key in keys:  # duplicates: the last one wins, as in json.loads and JsonTree
            order.remove(key)
        keys[key] = (index, key_end)
        values[key] = (value_start, value_end)
        order.append(key)
        index = _skip(text, value_end)
        if text[index] == "}":
            return pairs_hook(pairs), index + 1
        if text[index] != ",":
            raise ValueError("expected ',' or '}'")
        index = _skip(text, index + 1)


def _array(
    text: str,
    index: int,
    pointer: Pointer,
    key: str,
    scan: Scan,
    pairs_hook: PairsHook,
    found: dict[Pointer, Members],
) -> tuple[Any, int]:
    values: dict[str | int, tuple[int, int]] = {}
    order: list[str | int] = []
    found[pointer] = ({}, values, order)
    items: list[Any] = []
    index = _skip(text, index + 1)
    if text[index] == "]":
        return items, index + 1
    # A list page's flows are objects on the way to widgets; a definition's widgets are not
    # read further here: the C scanner decodes each one whole.
    flows = key == "flows"
    while True:
        position = len(items)
        if flows:
            item, item_end = _value(
                text, index, (*pointer, position), "flows[]", scan, pairs_hook, found
            )
        else:
            item, item_end = scan(text, index)
        items.append(item)
        values[position] = (index, item_end)
        order.append(position)
        index = _skip(text, item_end)
        if text[index] == "]":
            return items, index + 1
        if text[index] != ",":
            raise ValueError("expected ',' or ']'")
        index = _skip(text, index + 1)
