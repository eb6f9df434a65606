"""Presets: named sets of defaults for which rules run and how strict their options are.

`default` is the calibrated set: what flowlint shows is almost always worth acting on.
`strict` turns every opt-in check on: every rule, including those off by default
(`Rule.default_enabled = False`), and every rule option at the value it declares as its
strict one (`Option.strict`). A preset only changes defaults, so anything the project or the
command line sets explicitly (`select`, `ignore`, a rule's option) still wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: reading the configuration needs no rule machinery
    from flowlint.rule import Option, Rule

DEFAULT = "default"
STRICT = "strict"
PRESETS = (DEFAULT, STRICT)


def enabled_by_default(rule: type[Rule], preset: str) -> bool:
    """Whether `rule` runs when no `select` names the rules."""
    return preset == STRICT or rule.default_enabled


def option_default(option: Option, preset: str) -> Any:
    """The value an option has when the project does not set it."""
    if preset == STRICT and option.strict is not None:
        return option.strict
    return option.default
