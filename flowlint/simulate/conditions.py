"""How a split-based-on condition decides, as Studio documents it.

Sources (see /work/shared/reference/studio-domain.md §2.3 and the Split Based On page,
https://www.twilio.com/docs/studio/widget-library/split-based-on):
- "Studio conditions are not case-sensitive and automatically trim leading and trailing spaces
  of the values": both sides are trimmed and compared case-insensitively;
- `matches_any_of` / `does_not_match_any_of` take a comma-separated `value`;
- `regex` is case-insensitive and must match the whole input;
- `less_than` / `greater_than` compare numbers: numeric strings count as numbers, and a
  non-numeric side makes the comparison false ("Numeric comparisons fail if the input is a
  string", Studio FAQ);
- `is_before_time` / `is_after_time` compare 24-hour `HH:MM` times, `is_before_date` /
  `is_after_date` compare `YYYY-MM-DD` dates; an input that is a full ISO date-time is read for
  its time or date part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flowlint.split.conditions import number
from flowlint.split.user_regex import matches_whole


class ConditionError(Exception):
    """A condition the simulator cannot decide (unknown operator, regex out of time)."""


def _folded(text: str) -> str:
    return text.strip().casefold()


def _choices(value: str) -> list[str]:
    return [_folded(choice) for choice in value.split(",")]


def _numeric(test: Callable[[float, float], bool]) -> Callable[[str, str], bool]:
    def compare(subject: str, value: str) -> bool:
        left, right = number(subject), number(value)
        return left is not None and right is not None and test(left, right)

    return compare


def _time_of(text: str) -> dt.time | None:
    text = text.strip()
    for parse in (lambda t: dt.datetime.strptime(t, "%H:%M").time(), _iso_time):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def _iso_time(text: str) -> dt.time:
    return dt.datetime.fromisoformat(text).time().replace(tzinfo=None)


def _date_of(text: str) -> dt.date | None:
    text = text.strip()
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _ordered(
    read: Callable[[str], dt.time | dt.date | None], before: bool
) -> Callable[[str, str], bool]:
    def compare(subject: str, value: str) -> bool:
        left, right = read(subject), read(value)
        if left is None or right is None:
            return False
        return bool(left < right) if before else bool(left > right)  # type: ignore[operator]

    return compare


def _regex(subject: str, value: str) -> bool:
    answer = matches_whole(value, subject.strip())
    if answer is None:
        raise ConditionError(f"the regex {value!r} cannot be run (invalid or too slow)")
    return answer


OPERATORS: dict[str, Callable[[str, str], bool]] = {
    "equal_to": lambda subject, value: _folded(subject) == _folded(value),
    "not_equal_to": lambda subject, value: _folded(subject) != _folded(value),
    "matches_any_of": lambda subject, value: _folded(subject) in _choices(value),
    "does_not_match_any_of": lambda subject, value: _folded(subject) not in _choices(value),
    "is_blank": lambda subject, value: subject.strip() == "",
    "is_not_blank": lambda subject, value: subject.strip() != "",
    "regex": _regex,
    "contains": lambda subject, value: _folded(value) in _folded(subject),
    "does_not_contain": lambda subject, value: _folded(value) not in _folded(subject),
    "starts_with": lambda subject, value: _folded(subject).startswith(_folded(value)),
    "does_not_start_with": lambda subject, value: not _folded(subject).startswith(_folded(value)),
    "less_than": _numeric(lambda left, right: left < right),
    "greater_than": _numeric(lambda left, right: left > right),
    "is_before_time": _ordered(_time_of, before=True),
    "is_after_time": _ordered(_time_of, before=False),
    "is_before_date": _ordered(_date_of, before=True),
    "is_after_date": _ordered(_date_of, before=False),
}
"""Every operator of schemas/widgets/split-based-on.schema.json: (input, value) -> holds."""


def condition_holds(operator: str | None, subject: str, value: str) -> bool:
    """Whether `subject` (the rendered input) satisfies the operator against `value` (rendered)."""
    test = OPERATORS.get(operator or "")
    if test is None:
        raise ConditionError(f"unknown condition type {operator!r}")
    return test(subject, value)
