"""The fix options of `flowlint check`: `--fix`, `--unsafe-fixes`, `--diff`, `--fix-only`.

Kept out of `cli/check.py`, which only wires them: the fix phase runs on the files before the
check, so the report that follows shows what is left (see flowlint/fix/).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from flowlint.source.text_safety import escape_unsafe

if TYPE_CHECKING:
    from flowlint.engine.linter import Linter
    from flowlint.fix.files import FixRun
    from flowlint.run.files import Target

F = TypeVar("F", bound=Callable[..., Any])


def fix_options(command: F) -> F:
    """The click options, in the order `--help` lists them."""
    for option in reversed(
        [
            click.option(
                "--fix",
                is_flag=True,
                help="Apply the safe fixes to the files, then report what is left.",
            ),
            click.option(
                "--unsafe-fixes",
                is_flag=True,
                help="Also apply the unsafe fixes (they change behaviour; see docs/fixes.md). "
                "Implies --fix unless --diff is given.",
            ),
            click.option(
                "--diff",
                "show_diff",
                is_flag=True,
                help="Print the fixes as a unified diff and change nothing (exit 1 if there is "
                "anything to fix).",
            ),
            click.option(
                "--fix-only",
                is_flag=True,
                help="Apply the fixes and report nothing else (exit 0 unless a file could not "
                "be written).",
            ),
        ]
    ):
        command = option(command)
    return command


@dataclass(frozen=True)
class FixMode:
    """What the fix flags ask for."""

    write: bool
    unsafe: bool
    diff: bool
    only: bool

    @classmethod
    def from_flags(cls, fix: bool, unsafe_fixes: bool, diff: bool, fix_only: bool) -> FixMode:
        return cls(
            write=(fix or unsafe_fixes or fix_only) and not diff,
            unsafe=unsafe_fixes,
            diff=diff,
            only=fix_only,
        )

    @property
    def active(self) -> bool:
        return self.write or self.diff


def run_fix_phase(linter: Linter, targets: list[Target], mode: FixMode) -> tuple[FixRun, int]:
    """Fix (or diff) the targets; returns what was done and the number of files that could not
    be rewritten. Standard input is never rewritten."""
    from flowlint.fix.files import fix_files, unified_diff, write_fixes

    paths = [target.path for target in targets if target.path != "-"]
    if len(paths) != len(targets):
        click.echo("flowlint: warning: standard input is checked but not fixed", err=True)
    run = fix_files(linter, paths, unsafe=mode.unsafe)
    failures = 0
    if mode.diff:
        for fixed in run.files:
            click.echo(unified_diff(fixed), nl=False)
    elif mode.write:
        failures = write_fixes(run)
    for problem in run.problems:
        click.echo(escape_unsafe(f"flowlint: warning: {problem}"), err=True)
    return run, failures


def _findings(count: int) -> str:
    return f"{count} finding{'s' if count != 1 else ''}"


def fix_summary(run: FixRun | None, mode: FixMode, results: list[Any]) -> str | None:
    """The closing line about fixes (stderr): how many were fixed, how many more the next
    level would fix. None when there is nothing to say."""
    from flowlint.source.edits import Applicability

    remaining: Counter[Applicability] = Counter(
        diagnostic.fix.applicability
        for result in results
        for diagnostic in result.diagnostics
        if diagnostic.fix is not None
    )
    parts = []
    fixed = sum(run.fixed.values()) if run is not None else 0
    if mode.diff:
        parts.append(f"{_findings(fixed)} would be fixed")
    elif mode.write:
        parts.append(f"fixed {_findings(fixed)}")
    elif remaining[Applicability.SAFE]:
        parts.append(f"{_findings(remaining[Applicability.SAFE])} fixable with --fix")
    unsafe_left = remaining[Applicability.UNSAFE] if not mode.unsafe else 0
    if unsafe_left:
        parts.append(f"{_findings(unsafe_left)} more fixable with --unsafe-fixes")
    if not parts:
        return None
    return "flowlint: " + "; ".join(parts)


def echo_fix_summary(run: FixRun | None, mode: FixMode, results: list[Any]) -> None:
    line = fix_summary(run, mode, results)
    if line is not None:
        click.echo(line, err=True)
        sys.stderr.flush()
