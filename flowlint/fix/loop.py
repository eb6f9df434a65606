"""Lint, apply the fixes that are wanted, re-lint, until nothing changes.

Shared by `flowlint check --fix` and the language server's `source.fixAll.flowlint`: both
start from text and get text back, so a formatter can reuse the same plumbing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flowlint.source.edits import Fix, apply_fixes

if TYPE_CHECKING:
    from flowlint.engine.linter import FileResult, Linter

MAX_PASSES = 10
"""Fixes that overlap wait for the next pass; each pass re-lints the new text. A chain of fixes
longer than this is cut short (the remaining findings are simply reported)."""


@dataclass(eq=False)
class FixOutcome:
    """What fixing one text did."""

    text: str
    fixed: Counter[str] = field(default_factory=Counter)
    """How many fixes were applied, per rule name."""
    passes: int = 0
    result: FileResult | None = None
    """The lint of the final text (the findings that remain)."""

    @property
    def changed(self) -> bool:
        return sum(self.fixed.values()) > 0


def wanted_fixes(result: FileResult, unsafe: bool) -> list[tuple[str, Fix]]:
    """The fixes of `result` the command line applies, with their rule, in file order."""
    return [
        (diagnostic.rule, diagnostic.fix)
        for diagnostic in result.diagnostics
        if diagnostic.fix is not None and diagnostic.fix.applies(unsafe)
    ]


def fix_text(
    linter: Linter, text: str, path: str, *, unsafe: bool, result: FileResult | None = None
) -> FixOutcome:
    """Apply the wanted fixes to `text` until none is left or nothing changes. `result` is a
    lint of exactly `text` when the caller has one already."""
    outcome = FixOutcome(text)
    current = result if result is not None else linter.lint_text(text, path)
    for _ in range(MAX_PASSES):
        if current.tree is None:
            break  # the text does not parse (never after a fix of ours, but be sure)
        wanted = wanted_fixes(current, unsafe)
        if not wanted:
            break
        new_text, applied = apply_fixes(outcome.text, (fix for _, fix in wanted))
        if new_text == outcome.text:
            break
        by_fix = {id(fix): rule for rule, fix in wanted}
        outcome.fixed.update(by_fix[id(fix)] for fix in applied)
        outcome.text = new_text
        outcome.passes += 1
        current = linter.lint_text(new_text, path)
    outcome.result = current
    return outcome
