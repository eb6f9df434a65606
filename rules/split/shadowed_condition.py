import time
from bisect import bisect_left

from flowlint.model.flow import Condition, Transition, Widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.split.conditions import (
    TYPES_WITHOUT_VALUE,
    describe,
    literal_value,
    number,
    value_pointer,
)
from flowlint.split.user_regex import matches_whole

_WORD_TESTS = frozenset({"equal_to", "matches_any_of", "contains", "starts_with"})


class ShadowedCondition(Rule):
    """
    ## What it finds
    A `match` transition of a split-based-on widget that can never be taken, because an
    earlier transition (Studio tests them in order and takes the first that holds) already
    matches every input it matches:

    - the same condition twice (`equal_to 1` … `equal_to 1`);
    - `matches_any_of "yes, y"` before `equal_to "y"` or before `matches_any_of "y"`;
    - `is_not_blank` before any test of a non-blank value;
    - `contains "help"` before `contains "help me"` or `equal_to "help desk"`;
    - `starts_with "a"` before `starts_with "ab"`;
    - `greater_than 5` before `greater_than 10` (and the same for `less_than`);
    - a `regex` that fully matches a later `equal_to`/`matches_any_of` value (evaluated
      with a time limit).

    Only literal values are compared, only conditions on the same input, and only
    transitions with a single condition (the form the Console writes). Studio's string
    tests are assumed to share one case rule (all case-sensitive or all not); regexes are
    case-insensitive, as Twilio documents.

    The time per split stays linear in its size: exact values, blank tests and numeric bounds
    are looked up rather than compared pair by pair; `contains`, `starts_with`,
    `matches_any_of` and `regex` conditions are compared at most 20,000 times per split, and
    regexes get 0.5 s per split in all (50 ms per match; a pattern that runs out of time once
    is not run again). A split past those bounds may have a shadowed condition go unreported.

    ## Why it matters
    The later branch is dead: the widgets behind it never run, and the author usually meant
    the more specific test to come first.

    ## Example
    ```json
    [{"event": "match", "next": "sales", "conditions": [{"type": "is_not_blank", ...}]},
     {"event": "match", "next": "support", "conditions": [{"type": "equal_to", "value": "2", ...}]}]
    ```

    ## Fix
    Put the specific condition first, or remove the duplicate:
    ```json
    [{"event": "match", "next": "support", "conditions": [{"type": "equal_to", "value": "2", ...}]},
     {"event": "match", "next": "sales", "conditions": [{"type": "is_not_blank", ...}]}]
    ```

    ## Corpus
    0 findings on the 122 real flows of ../shared/corpus/real (706 match transitions).
    """

    code = "FL501"
    name = "shadowed-condition"
    category = "split"
    severity = Severity.WARNING
    summary = "A split condition that an earlier condition always wins over"
    scope = "widget"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        if widget.type != "split-based-on":
            return
        earlier = _EarlierConditions(widget.properties.get("input"))
        for transition in widget.transitions:
            if transition.event != "match" or len(transition.conditions) != 1:
                continue
            condition = transition.conditions[0]
            winner = earlier.first_covering(condition)
            if winner is not None:
                previous_transition, previous = winner
                ctx.report(
                    value_pointer(condition),
                    f"condition {describe(condition)} (to '{transition.next or 'nowhere'}') "
                    f"in split '{widget.label}' can never be taken: the earlier condition "
                    f"{describe(previous)} (to '{previous_transition.next or 'nowhere'}') "
                    "matches every input it matches",
                    widget,
                )
            earlier.add(transition, condition)


MAX_PATTERN_COMPARISONS = 20_000
"""Comparisons with earlier `contains`, `starts_with`, `matches_any_of` and `regex` conditions
per split; past it (only a split with well over a hundred such conditions gets there) those
are no longer compared, so the time per split stays linear in its size."""

REGEX_SECONDS_PER_SPLIT = 0.5
"""Time for matching earlier `regex` conditions against later values, per split. A pattern
that runs out of its own time (`user_regex.MATCH_TIMEOUT_SECONDS`) is never run again, so this
only matters for many slow patterns: past it, regexes are no longer compared."""

_PATTERN_KINDS = frozenset({"contains", "starts_with", "matches_any_of", "regex"})


class _EarlierConditions:
    """The conditions seen so far in one split, indexed so that finding the first one that
    covers a new condition does not compare it with every earlier one: same conditions,
    `equal_to` values and blank tests are looked up, numeric bounds bisected, and only the
    pattern-like kinds are compared one by one (within `MAX_PATTERN_COMPARISONS`). Every
    candidate is confirmed by `_covers`: the index decides what is compared, never what is
    reported."""

    def __init__(self, split_input: object) -> None:
        self.split_input = split_input
        self.seen: list[tuple[Transition, Condition]] = []
        self.first: dict[tuple[str, str | None, str | None], int] = {}
        """(input, type, value) -> first index; `equal_to` values stripped, blank tests
        without value (Studio ignores it)."""
        self.chains: dict[tuple[str, str], tuple[list[float], list[int]]] = {}
        """(input, greater_than|less_than) -> the conditions more general than every one
        before them: their generality (see `_generality`) and index, both ascending."""
        self.patterns: dict[str, list[int]] = {}
        self.comparisons_left = MAX_PATTERN_COMPARISONS
        self.regex_seconds_left = REGEX_SECONDS_PER_SPLIT

    def add(self, transition: Transition, condition: Condition) -> None:
        index = len(self.seen)
        self.seen.append((transition, condition))
        key = _key(_input(condition, self.split_input))
        self.first.setdefault((key, condition.type, _lookup_value(condition)), index)
        generality = _generality(condition)
        if generality is not None:
            levels, indexes = self.chains.setdefault((key, condition.type or ""), ([], []))
            if not levels or generality > levels[-1]:
                levels.append(generality)
                indexes.append(index)
        elif condition.type in _PATTERN_KINDS:
            self.patterns.setdefault(key, []).append(index)

    def first_covering(self, condition: Condition) -> tuple[Transition, Condition] | None:
        key = _key(_input(condition, self.split_input))
        candidates = [
            index
            for index in self._indexed_candidates(key, condition)
            if _covers(self.seen[index][1], condition)
        ]
        for index in self.patterns.get(key, ()):
            if (candidates and index > min(candidates)) or self.comparisons_left <= 0:
                break
            self.comparisons_left -= 1
            previous = self.seen[index][1]
            if previous.type == "regex":
                if self.regex_seconds_left <= 0:
                    continue
                started = time.perf_counter()
                covers = _covers(previous, condition)
                self.regex_seconds_left -= time.perf_counter() - started
            else:
                covers = _covers(previous, condition)
            if covers:
                candidates.append(index)
                break
        return self.seen[min(candidates)] if candidates else None

    def _indexed_candidates(self, key: str, condition: Condition) -> list[int]:
        kind = condition.type
        value = _lookup_value(condition)
        found: list[int | None] = [self.first.get((key, kind, value))]
        if _only_non_blank(condition):
            found.append(self.first.get((key, "is_not_blank", None)))
        accepted = _accepted_values(kind, value) if value is not None else None
        if accepted is not None and len(accepted) == 1:
            found.append(self.first.get((key, "equal_to", next(iter(accepted)))))
        generality = _generality(condition)
        chain = self.chains.get((key, kind or ""))
        if chain is not None and generality is not None:
            levels, indexes = chain
            # The earliest at least as general as this one is among those that were more
            # general than everything before them: the first of those that is.
            position = bisect_left(levels, generality)
            if position < len(levels):
                found.append(indexes[position])
        return [index for index in found if index is not None]


def _lookup_value(condition: Condition) -> str | None:
    if condition.type in TYPES_WITHOUT_VALUE:
        return None
    value = literal_value(condition)
    return value.strip() if value is not None and condition.type == "equal_to" else value


def _generality(condition: Condition) -> float | None:
    """How much a `greater_than`/`less_than` condition accepts, as one growing number
    (`greater_than 5` accepts more than `greater_than 10`)."""
    if condition.type not in ("greater_than", "less_than"):
        return None
    value = literal_value(condition)
    bound = number(value) if value is not None else None
    if bound is None:
        return None
    return -bound if condition.type == "greater_than" else bound


def _key(value: object) -> str:
    """A hashable stand-in for what a condition tests (an argument may be any JSON)."""
    return value if isinstance(value, str) else repr(value)


def _input(condition: Condition, split_input: object) -> object:
    """What the condition tests: its argument, which the Console copies from the input."""
    arguments = condition.arguments
    return arguments[0] if len(arguments) == 1 else split_input


def _items(value: str) -> frozenset[str]:
    return frozenset(item.strip() for item in value.split(",") if item.strip())


def _covers(first: Condition, later: Condition) -> bool:
    """Every input that satisfies `later` also satisfies `first`."""
    kind, later_kind = first.type, later.type
    if kind == "is_not_blank":
        return _only_non_blank(later)
    if kind in ("is_blank", "is_not_blank") or later_kind in ("is_blank", "is_not_blank"):
        return kind == later_kind
    value, later_value = literal_value(first), literal_value(later)
    if value is None or later_value is None:
        return False
    accepted = _accepted_values(later_kind, later_value)
    if kind == later_kind and value == later_value:
        return True
    if kind == "matches_any_of":
        return accepted is not None and accepted <= _items(value)
    if kind == "equal_to":
        return accepted is not None and accepted == {value.strip()}
    if kind == "contains" and value:
        if later_kind in ("contains", "starts_with"):
            return value in later_value
        return accepted is not None and all(value in item for item in accepted)
    if kind == "starts_with" and value:
        if later_kind == "starts_with":
            return later_value.startswith(value)
        return accepted is not None and all(item.startswith(value) for item in accepted)
    if kind in ("greater_than", "less_than") and later_kind == kind:
        bound, later_bound = number(value), number(later_value)
        if bound is None or later_bound is None:
            return False
        return later_bound >= bound if kind == "greater_than" else later_bound <= bound
    if kind == "regex" and accepted:
        return all(matches_whole(value, item) is True for item in accepted)
    return False


def _accepted_values(kind: str | None, value: str) -> frozenset[str] | None:
    """The exact inputs a condition accepts, when it accepts a known finite set."""
    if kind == "equal_to":
        return frozenset({value.strip()})
    if kind == "matches_any_of":
        return _items(value)
    return None


def _only_non_blank(condition: Condition) -> bool:
    """The condition holds only for inputs that are not blank."""
    if condition.type == "is_not_blank":
        return True
    if condition.type not in _WORD_TESTS:
        return False
    value = literal_value(condition)
    if value is None or not value.strip():
        return False
    if condition.type == "matches_any_of":
        return bool(_items(value))
    return True
