from flowlint.model.flow import Condition, Transition, Widget
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.split.conditions import describe, literal_value, number, value_pointer
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

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        if widget.type != "split-based-on":
            return
        earlier: list[tuple[Transition, Condition]] = []
        split_input = widget.properties.get("input")
        for transition in widget.transitions:
            if transition.event != "match" or len(transition.conditions) != 1:
                continue
            condition = transition.conditions[0]
            for previous_transition, previous in earlier:
                if _input(previous, split_input) != _input(condition, split_input):
                    continue
                if not _covers(previous, condition):
                    continue
                target = transition.next or "nowhere"
                winner = previous_transition.next or "nowhere"
                ctx.report(
                    value_pointer(condition),
                    f"condition {describe(condition)} (to '{target}') in split "
                    f"'{widget.label}' can never be taken: the earlier condition "
                    f"{describe(previous)} (to '{winner}') matches every input it matches",
                    widget,
                )
                break
            earlier.append((transition, condition))


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
