"""Hostile Studio flows whose size grows with one number, one per input shape.

Each shape builds a flow that stresses one part of the checker as `n` grows: many `{{` in a
message, many split conditions, deep nesting, many widgets, many transitions, long strings,
many findings. tests/test_linear_time.py doubles `n` and asserts that the time to check at
most doubles (with slack for noise); `python bench/adversarial.py` prints the times.

    python bench/adversarial.py                  # every shape, n and 2n
    python bench/adversarial.py --shape braces --n 20000
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any


def _flow(states: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "description": "adversarial",
        "states": [
            {
                "name": "Trigger",
                "type": "trigger",
                "transitions": [{"event": "incomingMessage", "next": states[0]["name"]}],
                "properties": {"offset": {"x": 0, "y": 0}},
            },
            *states,
        ],
        "initial_state": "Trigger",
        "flags": {"allow_concurrent_calls": True},
    }


def _message(name: str, body: str, nxt: str | None = None) -> dict[str, Any]:
    transitions: list[dict[str, Any]] = [{"event": "sent"}, {"event": "failed"}]
    if nxt is not None:
        transitions[0]["next"] = nxt
    return {
        "name": name,
        "type": "send-message",
        "transitions": transitions,
        "properties": {
            "offset": {"x": 0, "y": 0},
            "from": "{{flow.channel.address}}",
            "to": "{{contact.channel.address}}",
            "body": body,
        },
    }


def braces(n: int) -> dict[str, Any]:
    """A message body of `n` unclosed `{{`."""
    return _flow([_message("Reply", "{{" * n)])


def braces_spaced(n: int) -> dict[str, Any]:
    """`n` unclosed `{{ x` with text between, and a `{%` to leave the fast path."""
    return _flow([_message("Reply", "{% if a %}" + "{{ a.b " * n)])


def tags(n: int) -> dict[str, Any]:
    """`n` nested `{% if %}` tags that are never closed."""
    return _flow([_message("Reply", "{% if x %}" * n)])


def outputs(n: int) -> dict[str, Any]:
    """`n` well-formed outputs in one body, with a tag so python-liquid reads it."""
    return _flow([_message("Reply", "{% if a %}x{% endif %}" + "{{ flow.variables.v }} " * n)])


def conditions(n: int) -> dict[str, Any]:
    """A split with `n` slow `regex` conditions followed by `n` `equal_to` conditions."""
    transitions: list[dict[str, Any]] = [{"event": "noMatch"}]
    for index in range(n):
        transitions.append(_condition("regex", f"(a|aa)+${index * 'b'}", index))
    for index in range(n):
        transitions.append(_condition("equal_to", "a" * 28 + "!", n + index))
    split = {
        "name": "Split",
        "type": "split-based-on",
        "transitions": transitions,
        "properties": {"input": "{{trigger.message.Body}}", "offset": {"x": 0, "y": 0}},
    }
    return _flow([split])


def _condition(kind: str, value: str, index: int) -> dict[str, Any]:
    return {
        "event": "match",
        "conditions": [
            {
                "friendly_name": f"c{index}",
                "arguments": ["{{trigger.message.Body}}"],
                "type": kind,
                "value": value,
            }
        ],
    }


def equal_conditions(n: int) -> dict[str, Any]:
    """A split with `n` distinct `equal_to` and `n` `contains` conditions."""
    transitions: list[dict[str, Any]] = [{"event": "noMatch"}]
    for index in range(n):
        transitions.append(_condition("contains", f"word{index}x", index))
    for index in range(n):
        transitions.append(_condition("equal_to", f"value {index}", n + index))
    split = {
        "name": "Split",
        "type": "split-based-on",
        "transitions": transitions,
        "properties": {"input": "{{trigger.message.Body}}", "offset": {"x": 0, "y": 0}},
    }
    return _flow([split])


def nesting(n: int) -> dict[str, Any]:
    """A property nested `n` levels deep (within the parser's depth limit)."""
    value: Any = "{{flow.variables.x}}"
    for _ in range(min(n, 400)):
        value = {"k": value}
    widget = _message("Reply", "hi")
    widget["properties"]["parameters"] = [value] * max(1, n // 400)
    return _flow([widget])


def widgets(n: int) -> dict[str, Any]:
    """A chain of `n` messages, each reading the previous one's output."""
    states = [
        _message(f"m{index}", f"{{{{widgets.m{max(index - 1, 0)}.body}}}}", f"m{index + 1}")
        for index in range(n)
    ]
    states[-1]["transitions"][0].pop("next")
    return _flow(states)


def transitions(n: int) -> dict[str, Any]:
    """One split with `n` transitions to `n` distinct (missing) widgets."""
    split = {
        "name": "Split",
        "type": "split-based-on",
        "transitions": [{"event": "noMatch"}]
        + [
            {
                "event": "match",
                "next": f"missing{index}",
                "conditions": [
                    {"friendly_name": "x", "arguments": ["{{a}}"], "type": "equal_to", "value": "1"}
                ],
            }
            for index in range(n)
        ],
        "properties": {"input": "{{a}}", "offset": {"x": 0, "y": 0}},
    }
    return _flow([split])


def long_string(n: int) -> dict[str, Any]:
    """A message body of `n` characters mixing text, `{`, `}` and `%`."""
    return _flow([_message("Reply", ("ab{c}%d{" * (n // 8 + 1))[:n])])


def findings(n: int) -> dict[str, Any]:
    """`n` widgets whose transitions point nowhere: at least one finding each."""
    return _flow([_message(f"m{index}", "hi", f"missing{index}") for index in range(n)])


SHAPES: dict[str, tuple[Callable[[int], dict[str, Any]], int]] = {
    "braces": (braces, 20_000),
    "braces_spaced": (braces_spaced, 5_000),
    "tags": (tags, 2_000),
    "outputs": (outputs, 5_000),
    "conditions": (conditions, 200),
    "equal_conditions": (equal_conditions, 1_000),
    "nesting": (nesting, 20_000),
    "widgets": (widgets, 1_000),
    "transitions": (transitions, 2_000),
    "long_string": (long_string, 400_000),
    "findings": (findings, 1_000),
}
"""Each shape and a size `n` where checking takes long enough to time (tens of ms)."""


def check_seconds(flow: dict[str, Any], repeat: int = 1) -> float:
    """Least seconds over `repeat` in-process checks of `flow`, caches cleared each time
    (a first check of a small flow beforehand pays for the imports)."""
    from flowlint.engine.linter import Linter
    from flowlint.liquid.templates import clear_cache
    from flowlint.split.user_regex import clear_caches

    linter = Linter()
    linter.lint_bytes(json.dumps(outputs(2)).encode(), "warm-up.json")
    data = json.dumps(flow).encode()
    best = float("inf")
    for _ in range(repeat):
        clear_cache()
        clear_caches()
        start = time.perf_counter()
        linter.lint_bytes(data, "adversarial.json")
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shape", choices=sorted(SHAPES), action="append")
    parser.add_argument("--n", type=int, help="size (default: each shape's own)")
    args = parser.parse_args()
    for name in args.shape or SHAPES:
        build, default = SHAPES[name]
        n = args.n or default
        single = check_seconds(build(n), repeat=3)
        double = check_seconds(build(2 * n), repeat=3)
        print(
            f"{name:18} n={n:>7}  {single * 1000:9.1f} ms  2n: {double * 1000:9.1f} ms  "
            f"ratio {double / max(single, 1e-9):5.2f}"
        )


if __name__ == "__main__":
    main()
