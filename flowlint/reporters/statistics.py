"""`--statistics`: how many findings each rule has, for triage ("which rules are noisy here?").

Text form, one line per rule, most findings first (as ruff prints it)::

    221  FL202  [ ] unhandled-event
     19  FL303  [*] invalid-property-type

When some finding carries a safe fix (one `--fix` applies), a `[*]` column marks the rules
with such fixes (`[ ]` the others); when none does, the column is left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from flowlint.diagnostics import Diagnostic


class RuleStatistic(NamedTuple):
    code: str
    name: str
    total: int
    """How many findings the rule has (`count` in the JSON report)."""
    fixable: int
    """How many of them carry a safe fix (`--fix` applies it)."""


def fixable_with_fix(diagnostic: Diagnostic) -> bool:
    """Whether `--fix` repairs the finding (unsafe fixes need `--unsafe-fixes`)."""
    from flowlint.source.edits import Applicability

    fix = diagnostic.fix
    return fix is not None and fix.applicability is Applicability.SAFE


def rule_statistics(diagnostics: Iterable[Diagnostic]) -> list[RuleStatistic]:
    """One entry per rule that has findings: most findings first, then by code."""
    counts: dict[tuple[str, str], list[int]] = {}
    for diagnostic in diagnostics:
        entry = counts.setdefault((diagnostic.code, diagnostic.rule), [0, 0])
        entry[0] += 1
        entry[1] += fixable_with_fix(diagnostic)
    statistics = [
        RuleStatistic(code, name, total, fixable)
        for (code, name), (total, fixable) in counts.items()
    ]
    statistics.sort(key=lambda statistic: (-statistic.total, statistic.code))
    return statistics


def statistics_lines(statistics: list[RuleStatistic]) -> list[str]:
    """`COUNT  CODE  NAME` lines, counts right-aligned and codes padded to line up."""
    if not statistics:
        return []
    count_width = max(len(str(statistic.total)) for statistic in statistics)
    code_width = max(len(statistic.code) for statistic in statistics)
    any_fixable = any(statistic.fixable for statistic in statistics)
    lines = []
    for statistic in statistics:
        marker = ("[*] " if statistic.fixable else "[ ] ") if any_fixable else ""
        lines.append(
            f"{statistic.total:>{count_width}}  {statistic.code:<{code_width}}  "
            f"{marker}{statistic.name}"
        )
    return lines
