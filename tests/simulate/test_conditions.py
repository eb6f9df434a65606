"""Every operator of schemas/widgets/split-based-on.schema.json, as Studio documents it.

Sources: the Split Based On page ("Studio conditions are not case-sensitive and automatically
trim leading and trailing spaces of the values",
https://www.twilio.com/docs/studio/widget-library/split-based-on) and
/work/shared/reference/studio-domain.md §2.3 (operators; regex case-insensitive and whole
string; numeric comparisons fail on non-numeric strings, Studio FAQ).
"""

from __future__ import annotations

import json

import pytest

from flowlint.simulate.conditions import OPERATORS, ConditionError, condition_holds
from tests.conftest import REPO


def test_every_schema_operator_is_implemented() -> None:
    """The simulator knows exactly the operators the widget schema allows."""
    schema = json.loads((REPO / "schemas/widgets/split-based-on.schema.json").read_text())
    condition = schema["properties"]["transitions"]["items"]["properties"]["conditions"]["items"]
    assert set(OPERATORS) == set(condition["properties"]["type"]["enum"])


@pytest.mark.parametrize(
    ("operator", "subject", "value", "holds"),
    [
        # "not case-sensitive and automatically trim leading and trailing spaces"
        ("equal_to", " YES ", "yes", True),
        ("equal_to", "yes please", "yes", False),
        ("not_equal_to", "No", "no", False),
        ("not_equal_to", "maybe", "no", True),
        # comma-separated value lists, each choice trimmed
        ("matches_any_of", "Support", "sales, support", True),
        ("matches_any_of", "billing", "sales, support", False),
        ("does_not_match_any_of", "billing", "sales, support", True),
        ("does_not_match_any_of", "SALES", "sales, support", False),
        # value ignored; whitespace-only counts as blank after trimming
        ("is_blank", "   ", "Is Blank", True),
        ("is_blank", "x", "", False),
        ("is_not_blank", "x", "", True),
        ("is_not_blank", "", "", False),
        # regex: case-insensitive, whole string
        ("regex", "Yes", "y(es)?", True),
        ("regex", "yes sir", "y(es)?", False),
        ("contains", "I need HELP now", "help", True),
        ("contains", "hi", "help", False),
        ("does_not_contain", "hi", "help", True),
        ("does_not_contain", "Help", "help", False),
        ("starts_with", "Agent please", "agent", True),
        ("starts_with", "an agent", "agent", False),
        ("does_not_start_with", "an agent", "agent", True),
        ("does_not_start_with", "AGENT", "agent", False),
        # numeric comparison of numeric strings ("10" > "9" numerically, not as text)
        ("greater_than", "10", "9", True),
        ("greater_than", " 3.5 ", "4", False),
        ("less_than", "9", "10", True),
        ("less_than", "-1", "0", True),
        # "Numeric comparisons fail if the input is a string"
        ("less_than", "five", "10", False),
        ("greater_than", "five", "1", False),
        # 24-hour HH:MM times; an ISO date-time input is read for its time
        ("is_before_time", "08:59", "09:00", True),
        ("is_before_time", "17:30", "09:00", False),
        ("is_after_time", "2026-03-02T17:30:00-08:00", "17:00", True),
        ("is_after_time", "not a time", "17:00", False),
        # YYYY-MM-DD dates
        ("is_before_date", "2026-03-01", "2026-03-02", True),
        ("is_before_date", "2026-03-02", "2026-03-02", False),
        ("is_after_date", "2026-12-25T08:00:00", "2026-12-24", True),
        ("is_after_date", "soon", "2026-12-24", False),
    ],
)
def test_operator(operator: str, subject: str, value: str, holds: bool) -> None:
    assert condition_holds(operator, subject, value) is holds


def test_an_unknown_operator_is_an_error_not_a_silent_false() -> None:
    with pytest.raises(ConditionError, match="unknown condition type 'equals'"):
        condition_holds("equals", "a", "a")


def test_a_regex_that_does_not_compile_is_an_error() -> None:
    with pytest.raises(ConditionError, match="cannot be run"):
        condition_holds("regex", "a", "(")


def test_every_operator_is_tested_both_holding_and_not_holding() -> None:
    """Audit (#18): each of the 17 operators has a documented case where it holds and one
    where it does not, in `test_operator` above."""
    (marker,) = [m for m in test_operator.pytestmark if m.name == "parametrize"]  # type: ignore[attr-defined]
    outcomes: dict[str, set[bool]] = {}
    for operator, _subject, _value, holds in marker.args[1]:
        outcomes.setdefault(operator, set()).add(holds)
    assert outcomes == {operator: {True, False} for operator in OPERATORS}
