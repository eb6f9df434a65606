"""One `flowlint fmt` run over files and stdin: what to write, say and count.

Files a directory walk finds (or files named with --skip-non-flows) that hold no flow are
skipped silently, as `check` does, unless they are broken JSON that looks like a flow; a file
the user named that cannot be formatted is an error. Messages go to `say` (stderr);
formatted stdin and diffs go to `out` (stdout).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from flowlint.fmt.files import (
    ChangedOnDisk,
    FormattedFile,
    format_bytes,
    format_file,
    unified_diff,
    write_formatted,
)


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"


@dataclass
class FormatRun:
    write: bool
    show_diff: bool
    normalize_offsets: bool
    max_size: int | None
    verbose: bool
    say: Callable[[str], None]
    out: BinaryIO
    changed: int = 0
    unchanged: int = 0
    errors: int = 0
    files_seen: int = field(default=0)

    def file(self, path: str, *, explicit: bool) -> None:
        self.files_seen += 1
        try:
            result = format_file(
                path, normalize_offsets=self.normalize_offsets, max_size=self.max_size
            )
        except OSError as exc:
            self._error(f"{path}: cannot read the file: {exc.strerror or exc}")
            return
        if result.problem is not None:
            if not explicit and (not result.problem.invalid or not result.looks_like_flow):
                if self.verbose:
                    self.say(f"flowlint: skipped {path}: {result.problem.message}")
                return
            self._error(f"{result.problem.located(path)}; left untouched")
            return
        if not result.changed:
            self.unchanged += 1
            if self.verbose:
                self.say(f"flowlint: {path}: already formatted")
            return
        if self.show_diff:
            self.changed += 1
            self.out.write(unified_diff(result, path).encode("utf-8"))
        elif self.write:
            self._write(result)
        else:
            self.changed += 1
            self.say(f"Would reformat: {path}")

    def stdin(self, data: bytes, name: str) -> None:
        result = format_bytes(
            name, data, normalize_offsets=self.normalize_offsets, max_size=self.max_size
        )
        if result.problem is not None or result.formatted is None:
            where = result.problem.located(name) if result.problem else name
            self._error(f"{where}; nothing written")
            return
        if result.changed:
            self.changed += 1
        if self.show_diff:
            if result.changed:
                self.out.write(unified_diff(result, name).encode("utf-8"))
        elif self.write:
            self.out.write(result.formatted.encode("utf-8"))
        elif result.changed:
            self.say(f"Would reformat: {name}")
        self.out.flush()

    def summary(self) -> None:
        """One line on stderr, for runs over files (stdin alone stays quiet, for editors)."""
        if not self.files_seen:
            return
        if self.write and not self.show_diff:
            parts = [
                f"{_files(self.changed)} reformatted",
                f"{_files(self.unchanged)} left unchanged",
            ]
        else:
            parts = [
                f"{_files(self.changed)} would be reformatted",
                f"{_files(self.unchanged)} already formatted",
            ]
        if self.errors:
            parts.append(f"{_files(self.errors)} could not be formatted")
        self.say(", ".join(parts))

    def _write(self, result: FormattedFile) -> None:
        try:
            write_formatted(result)
        except ChangedOnDisk as exc:
            self._error(f"{exc}; not overwritten, run flowlint fmt again")
            return
        except OSError as exc:
            self._error(f"{result.path}: cannot write the file: {exc.strerror or exc}")
            return
        self.changed += 1
        if self.verbose:
            self.say(f"flowlint: reformatted {result.path}")

    def _error(self, message: str) -> None:
        self.errors += 1
        self.say(f"flowlint: error: {message}")
