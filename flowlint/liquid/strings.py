"""The string properties of a widget that may hold Liquid."""

from functools import partial
from typing import Any, NamedTuple

from flowlint.model.flow import Widget
from flowlint.model.widget_memo import memo_of
from flowlint.source.pointer import Pointer

_SKIPPED_PROPERTIES = frozenset({"offset"})
"""Canvas coordinates: numbers, never Liquid."""


class WidgetString(NamedTuple):
    """One string value somewhere in a widget's properties or split conditions."""

    widget: Widget
    pointer: Pointer
    text: str


# Built with tuple.__new__ directly, skipping the Python-level __new__ that NamedTuple
# generates: half the cost of each string (flow-1000 has 4,733; about 0.7 ms in all).
_string = partial(tuple.__new__, WidgetString)


def widget_strings(widget: Widget) -> tuple[WidgetString, ...]:
    """Every string in the widget's `properties` (at any depth) and in the `arguments` and
    `value` of its split conditions, in document order; collected once per widget, since
    several rules read them.

    The Console copies a split's `input` into every condition's `arguments`; those copies are
    left out so that one mistake in the input is reported once, where it is edited.
    """
    found: tuple[WidgetString, ...] | None = widget.derived.get("strings")
    if found is None:
        memo = memo_of(widget)
        if memo is None:
            found = tuple(_collect(widget))
        else:
            # The language server reuses the (pointer, text) pairs of a widget whose text is
            # unchanged since its previous lint (pairs: the memo must hold no model object).
            places = memo.get(widget, "strings", _places)
            found = tuple([_string((widget, pointer, text)) for pointer, text in places])
        widget.derived["strings"] = found
    return found


def _places(widget: Widget) -> tuple[tuple[Pointer, str], ...]:
    return tuple([(pointer, text) for _, pointer, text in _collect(widget)])


def _collect(widget: Widget) -> list[WidgetString]:
    found: list[WidgetString] = []
    base = widget.properties_pointer
    for key, value in widget.properties.items():
        if key in _SKIPPED_PROPERTIES:
            continue
        if isinstance(value, str):  # most properties: no call to _strings
            found.append(_string((widget, (*base, key), value)))
        elif isinstance(value, dict | list):
            _strings(found, widget, (*base, key), value)
    split_input = widget.properties.get("input")
    for transition in widget.transitions:
        for condition in transition.conditions:
            for index, argument in enumerate(condition.arguments):
                if argument != split_input:
                    _strings(found, widget, (*condition.pointer, "arguments", index), argument)
            if "value" in condition.data:
                _strings(found, widget, (*condition.pointer, "value"), condition.value)
    return found


def _strings(found: list[WidgetString], widget: Widget, pointer: Pointer, value: Any) -> None:
    """Append the strings in `value` (at `pointer`) to `found`, depth first.

    With a stack of its own rather than recursion: a property nested hundreds of levels deep
    would otherwise use up Python's recursion limit before the rules that read it get their
    turn (a fuzzed flow crashed liquid-syntax that way)."""
    stack: list[tuple[Pointer, Any]] = [(pointer, value)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, str):
            found.append(_string((widget, pointer, value)))
        elif isinstance(value, dict):
            stack.extend((((*pointer, key), item) for key, item in reversed(value.items())))
        elif isinstance(value, list):
            stack.extend(
                ((*pointer, index), value[index]) for index in range(len(value) - 1, -1, -1)
            )


def has_liquid(text: str) -> bool:
    """Whether `text` contains Liquid markup (an output `{{` or a tag `{%`)."""
    return "{" in text and ("{{" in text or "{%" in text)
