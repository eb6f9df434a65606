"""Reading the conditions of split-based-on widgets: their values as text or numbers.

Studio evaluates a split's `match` transitions in order and follows the first whose
conditions hold; each condition compares the split's input with `value` using its `type`
(`equal_to`, `matches_any_of`, `regex`, `less_than`, `is_before_time`, ...).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from flowlint.liquid.strings import has_liquid
from flowlint.model.flow import Condition, Widget
from flowlint.source.pointer import Pointer

TYPES_WITHOUT_VALUE = frozenset({"is_blank", "is_not_blank"})
"""Condition types whose `value` Studio ignores (the Console writes "Is Blank" there)."""


def split_conditions(widget: Widget) -> Iterator[Condition]:
    """Every condition of the widget's `match` transitions, in evaluation order."""
    if widget.type != "split-based-on":
        return
    for transition in widget.transitions:
        if transition.event == "match":
            yield from transition.conditions


def literal_conditions(widget: Widget, *types: str) -> Iterator[tuple[Condition, str]]:
    """The widget's conditions of the given types whose value is written out (not Liquid),
    with that value as text: what the rules checking a value's format look at."""
    for condition in split_conditions(widget):
        if condition.type in types:
            value = literal_value(condition)
            if value is not None:
                yield condition, value


def literal_value(condition: Condition) -> str | None:
    """The condition's value as text, or None when it is absent or computed by Liquid."""
    value = condition.value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str) and not has_liquid(value):
        return value
    return None


def number(text: str) -> float | None:
    """`text` as a number the way a numeric comparison reads it, or None."""
    try:
        parsed = float(text.strip())
    except ValueError:
        return None
    return parsed if math.isfinite(parsed) else None


def value_pointer(condition: Condition) -> Pointer:
    """Where to report a problem with the value: the value, else the condition."""
    return (*condition.pointer, "value") if "value" in condition.data else condition.pointer


def describe(condition: Condition) -> str:
    """How messages name a condition: its friendly name, else type and value."""
    if condition.friendly_name:
        return f"'{condition.friendly_name}'"
    return f"'{condition.type} {condition.value!r}'"
