"""Fixing files for `flowlint check --fix / --unsafe-fixes / --diff / --fix-only`.

A file is read once; its fixes are applied in memory until nothing changes
(`flowlint.fix.loop`); the new text is written atomically, with the BOM it had, and only if the
file on disk still holds the bytes that were read (an editor or a formatter may have saved it
meanwhile: then it is left alone and reported).
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flowlint.fix.loop import fix_text
from flowlint.source.reading import read_file
from flowlint.source.text import BOM, DecodeError, decode_source

if TYPE_CHECKING:
    from flowlint.engine.linter import Linter

UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(eq=False)
class FileFix:
    """The fixed text of one file, not yet written."""

    path: str
    original: str
    """The decoded text that was read (without a BOM)."""
    fixed: str
    had_bom: bool
    data: bytes
    """The bytes read, to tell whether the file changed since."""
    counts: Counter[str]

    def output_text(self) -> str:
        return (BOM if self.had_bom else "") + self.fixed


@dataclass(eq=False)
class FixRun:
    """What a fix run did over all files."""

    files: list[FileFix] = field(default_factory=list)
    fixed: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    """Files that were not rewritten and why (stderr warnings)."""


def fix_file(linter: Linter, path: str, *, unsafe: bool) -> FileFix | None:
    """The fixes for one file, or None when it cannot be read, decoded or parsed (the check
    that follows reports why) or has nothing to fix."""
    try:
        data = read_file(path, linter.settings.max_file_size)
    except OSError:
        return None
    if len(data) > linter.settings.max_file_size:
        return None
    try:
        text = decode_source(data)
    except DecodeError:
        return None
    outcome = fix_text(linter, text, path, unsafe=unsafe)
    if not outcome.changed or outcome.text == text:
        return None
    return FileFix(path, text, outcome.text, data.startswith(UTF8_BOM), data, outcome.fixed)


def fix_files(linter: Linter, paths: Iterable[str], *, unsafe: bool) -> FixRun:
    """Compute the fixes of every file (nothing is written)."""
    run = FixRun()
    for number, path in enumerate(paths):
        if number:
            gc.collect(0)  # between files, as `flowlint.run.batch` does (cli/check.py: gc off)
        fixed = fix_file(linter, path, unsafe=unsafe)
        if fixed is not None:
            run.files.append(fixed)
            run.fixed.update(fixed.counts)
    return run


def write_fixes(run: FixRun) -> int:
    """Write every fixed file whose content has not changed since it was read; returns how
    many could not be written (their problem is added to `run.problems` and their fixes are
    no longer counted)."""
    from flowlint.run.atomic import write_atomically

    failures = 0
    for fixed in run.files:
        try:
            current = Path(fixed.path).read_bytes()
        except OSError as exc:
            current = None
            reason = f"cannot read it again: {exc.strerror or exc}"
        if current is not None and current != fixed.data:
            reason = "it changed on disk while flowlint was fixing it; run again"
            current = None
        if current is None:
            run.problems.append(f"{fixed.path} not fixed: {reason}")
            run.fixed.subtract(fixed.counts)
            failures += 1
            continue
        try:
            write_atomically(Path(fixed.path), fixed.output_text())
        except OSError as exc:
            run.problems.append(f"{fixed.path} not fixed: cannot write it: {exc.strerror or exc}")
            run.fixed.subtract(fixed.counts)
            failures += 1
    run.fixed = +run.fixed  # drop the rules whose count went to zero
    return failures


def unified_diff(fixed: FileFix) -> str:
    """The change as a unified diff (line endings as in the file, unsafe characters escaped)."""
    from flowlint.source.line_diff import unified_diff as diff_of

    return diff_of(fixed.original, fixed.fixed, fixed.path, fixed.path)
