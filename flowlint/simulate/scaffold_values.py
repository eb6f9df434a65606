"""Choosing the text a split's input must render for the split to take a given transition.

Candidates come from the split's own conditions (the value of an `equal_to`, each choice of a
`matches_any_of`, a number either side of a `less_than` bound, a minute or a day either side of
a time or date bound, the plain text of a simple regex) plus a few generic texts; the first
candidate that satisfies every condition of the transition, and no condition set of an earlier
`match` (Studio follows the first match), wins. Each candidate is checked with the simulator's
own operators (conditions.py), so what the scaffold writes is what the run will decide.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from flowlint.model.flow import Condition, Transition, Widget
from flowlint.simulate.conditions import ConditionError, condition_holds
from flowlint.split.conditions import number

NO_MATCH_TEXT = "zz-no-match-zz"
GENERIC_TEXTS = (NO_MATCH_TEXT, "", "something", "0", "1", "yes", "no")


def _number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _regex_candidates(pattern: str) -> Iterator[str]:
    """Plain texts a simple regex may match: its alternatives with anchors, groups and
    escapes removed (`^(yes|y)$` gives `yes` and `y`)."""
    body = pattern.strip().removeprefix("^").removesuffix("$")
    for alternative in re.split(r"\|", body.strip("()")):
        text = re.sub(r"\\(.)", r"\1", alternative)
        text = re.sub(r"[()\[\]^$*+?{}]", "", text).strip()
        if text:
            yield text
        yield alternative.replace("\\d", "1").replace(".*", "").replace(".+", "x")


def _shifted(value: str, kind: str) -> Iterator[str]:
    bound = number(value)
    if bound is not None:
        for step in (1, -1, 0.5, -0.5, 0):
            yield _number_text(bound + step)
    text = value.strip()
    if kind.endswith("_time"):
        try:
            moment = dt.datetime.strptime(text, "%H:%M")
        except ValueError:
            return
        for minutes in (1, -1):
            yield (moment + dt.timedelta(minutes=minutes)).strftime("%H:%M")
    if kind.endswith("_date"):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return
        for days in (1, -1):
            yield (day + dt.timedelta(days=days)).isoformat()


def _candidates(condition: Condition) -> Iterator[str]:
    value = condition.value if isinstance(condition.value, str) else str(condition.value or "")
    kind = condition.type or ""
    yield value
    if "," in value:
        yield from (choice.strip() for choice in value.split(","))
    if kind == "regex":
        yield from _regex_candidates(value)
    if kind in ("contains", "starts_with") and value:
        yield f"{value} please"
    yield from _shifted(value, kind)


def _literal(condition: Condition) -> str | None:
    """The condition's value when it holds no Liquid (a templated value is not known here)."""
    value = condition.value if isinstance(condition.value, str) else str(condition.value or "")
    return None if "{{" in value or "{%" in value else value


def _all_hold(conditions: list[Condition], subject: str) -> bool | None:
    """Whether every condition holds for `subject`; None when one cannot be decided here."""
    for condition in conditions:
        value = _literal(condition)
        if value is None:
            return None
        try:
            if not condition_holds(condition.type, subject, value):
                return False
        except ConditionError:
            return None
    return True


def _wanted_and_rivals(
    split: Widget, transition: Transition
) -> tuple[list[Condition] | None, list[Transition]] | None:
    """The conditions `transition` needs (None for noMatch) and the earlier matches that must
    not hold; None when the transition is not one a subject can choose."""
    matches = [t for t in split.transitions if t.event == "match" and t.conditions]
    if transition.event == "match":
        if not transition.conditions:
            return None
        return transition.conditions, [t for t in matches if t.index < transition.index]
    if transition.event == "noMatch":
        return None, matches
    return None


def _takes(wanted: list[Condition] | None, rivals: list[Transition], subject: str) -> bool:
    if wanted is not None and _all_hold(wanted, subject) is not True:
        return False
    # A rival that cannot be decided here (a templated value) is left to the run.
    return not any(_all_hold(rival.conditions, subject) for rival in rivals)


def takes(split: Widget, transition: Transition, subject: str) -> bool:
    """Whether `subject` as the split's input makes it take `transition` (as far as can be
    decided here: a templated value is left to the run)."""
    needs = _wanted_and_rivals(split, transition)
    return needs is not None and _takes(*needs, subject)


def subject_taking(split: Widget, transition: Transition) -> str | None:
    """A text for the split's `input` that makes it take `transition`, or None."""
    needs = _wanted_and_rivals(split, transition)
    if needs is None:
        return None
    wanted, rivals = needs
    seen: set[str] = set()
    sources = [c for t in split.transitions for c in t.conditions]
    pool = [text for condition in sources for text in _candidates(condition)]
    # Readable choices first: for noMatch a text that is plainly none of the answers, unless
    # the split compares numbers (then a number between the bounds reads better).
    numeric = any(c.type in ("greater_than", "less_than") for c in sources)
    generic_first = wanted is None and not numeric
    ordered = [*GENERIC_TEXTS, *pool] if generic_first else [*pool, *GENERIC_TEXTS]
    for subject in ordered:
        if subject in seen:
            continue
        seen.add(subject)
        if _takes(wanted, rivals, subject):
            return subject
    return None
