"""Edits on JSON text that change only the bytes that must change.

Built from a `JsonTree`'s spans, so indentation, key order, line endings, escapes and the
spacing around untouched members all stay as written. New text copies the style around it
(the separator between existing members) rather than imposing one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from flowlint.source.edits import Edit
from flowlint.source.pointer import Pointer
from flowlint.source.tree import JsonTree


def json_text(value: Any) -> str:
    """A value as JSON, with non-ASCII characters kept as they are (as Studio writes them)."""
    return json.dumps(value, ensure_ascii=False)


def replace_value(tree: JsonTree, pointer: Pointer, value: Any) -> Edit | None:
    """Replace the value at `pointer` with `value` (written as JSON)."""
    span = tree.value_span(pointer)
    if span is None:
        return None
    return Edit(span[0], span[1], json_text(value))


def rename_key(tree: JsonTree, pointer: Pointer, key: str) -> Edit | None:
    """Rename the object key naming the node at `pointer`."""
    span = tree.key_span(pointer)
    if span is None:
        return None
    return Edit(span[0], span[1], json_text(key))


def remove_array_items(tree: JsonTree, array: Pointer, indices: Iterable[int]) -> list[Edit]:
    """Remove items of the array at `array` with exactly one comma per removed item.

    A run of removed items is cut from its first item to the start of the next kept one (so the
    kept item keeps the whitespace that preceded the first removed one); a run at the end is cut
    from the end of the last kept item instead. Removing every item leaves `[]`.
    """
    spans = tree.children(array)
    count = len(spans)
    removed = sorted({index for index in indices if 0 <= index < count})
    if not removed:
        return []
    whole = tree.value_span(array)
    if whole is None:
        return []
    if len(removed) == count:
        return [Edit(whole[0] + 1, whole[1] - 1, "")]
    edits = []
    runs: list[list[int]] = []
    for index in removed:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    for run in runs:
        first, last = run[0], run[-1]
        first_span = tree.value_span((*array, first))
        last_span = tree.value_span((*array, last))
        if first_span is None or last_span is None:
            return []
        if last + 1 < count:
            following = tree.value_span((*array, last + 1))
            if following is None:
                return []
            edits.append(Edit(first_span[0], following[0], ""))
        else:
            previous = tree.value_span((*array, first - 1))
            if previous is None:
                return []
            edits.append(Edit(previous[1], last_span[1], ""))
    return edits


def add_member(tree: JsonTree, obj: Pointer, key: str, value: Any) -> Edit | None:
    """Add `"key": value` as the last member of the object at `obj`, separated from the one
    before it the way the object's members already are."""
    whole = tree.value_span(obj)
    if whole is None or not tree.text.startswith("{", whole[0]):
        return None
    text = tree.text
    keys = tree.children(obj)
    member = f"{json_text(key)}: {json_text(value)}"
    if not keys:
        return Edit(whole[0] + 1, whole[1] - 1, member)
    last = tree.value_span((*obj, keys[-1]))
    last_key = tree.key_span((*obj, keys[-1]))
    first_key = tree.key_span((*obj, keys[0]))
    if last is None or last_key is None or first_key is None:
        return None
    if len(keys) >= 2:
        previous = tree.value_span((*obj, keys[-2]))
        if previous is None:
            return None
        separator = text[previous[1] : last_key[0]]  # e.g. ",\n      " or ", "
    else:
        separator = "," + text[whole[0] + 1 : first_key[0]]
    if "," not in separator:
        separator = ", "
    colon = text[last_key[1] : last[0]]  # the spacing around ':' as written
    member = f"{json_text(key)}{colon}{json_text(value)}"
    return Edit(last[1], last[1], separator[separator.index(",") :] + member)


def append_array_item(tree: JsonTree, array: Pointer, value: dict[str, Any]) -> Edit | None:
    """Append an object to the array at `array`, laid out like the array's last item: on
    several lines with the same indentation when it is, on one line when it is not."""
    text = tree.text
    whole = tree.value_span(array)
    if whole is None or not text.startswith("[", whole[0]):
        return None
    items = tree.children(array)
    if not items:
        return Edit(whole[0], whole[1], f"[{json_text(value)}]")
    last = tree.value_span((*array, items[-1]))
    if last is None:
        return None
    indent = _indentation(text, last[0])
    written = text[last[0] : last[1]]
    if "\n" in written:
        step = max(_leading(text, last[0]) - len(indent), 1)
        body = json.dumps(value, indent=step, ensure_ascii=False).replace("\n", "\n" + indent)
    else:
        body = json_text(value)
    newline = "\r\n" if "\r\n" in text[whole[0] : whole[1]] else "\n"
    if newline == "\r\n":
        body = body.replace("\n", "\r\n")
    separator = "," + newline + indent if indent or "\n" in written else ", "
    return Edit(last[1], last[1], separator + body)


def _indentation(text: str, offset: int) -> str:
    """The whitespace before `offset` on its line, if only whitespace precedes it."""
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    prefix = text[line_start:offset]
    return prefix if prefix.strip() == "" else ""


def _leading(text: str, offset: int) -> int:
    """How many spaces or tabs open the line after the one holding `offset`."""
    start = text.index("\n", offset) + 1
    end = start
    while end < len(text) and text[end] in " \t":
        end += 1
    return end - start
