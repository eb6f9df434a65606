"""Formatting files on disk: read, format, compare, write back safely, show a diff.

A file is written with `write_atomically` (a reader sees the old content or the new, never
half) and only when its bytes on disk are still the bytes that were formatted: an editor or
another tool that saved the file in between wins, and the file is reported instead. A symbolic
link is followed, so the link stays a link and its target is formatted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from flowlint.engine.settings import DEFAULT_MAX_FILE_SIZE
from flowlint.fmt.formatter import CannotFormat, format_flow_text
from flowlint.run.atomic import write_atomically
from flowlint.source.reading import read_file
from flowlint.source.text import DecodeError, decode_source


class ChangedOnDisk(Exception):
    """The file changed between reading and writing; it was not overwritten."""


@dataclass(frozen=True)
class FormattedFile:
    """One file's outcome: its original bytes and either its formatted text or the reason it
    could not be formatted."""

    path: str
    original: bytes
    formatted: str | None = None
    problem: CannotFormat | None = None

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted.encode("utf-8") != self.original

    @property
    def looks_like_flow(self) -> bool:
        """For input that does not parse: does it look like a flow worth an error? (The same
        test `check` applies to broken `.json` files a directory walk finds.)"""
        text = self.original.decode("utf-8", errors="replace")
        return '"states"' in text and ('"transitions"' in text or '"initial_state"' in text)


def format_bytes(
    path: str, data: bytes, *, normalize_offsets: bool = False, max_size: int | None = None
) -> FormattedFile:
    """Format the content of a file (or of stdin, with `path` the name to report)."""
    if max_size is not None and len(data) > max_size:
        problem = CannotFormat(
            f"the file is larger than the {max_size:,}-byte limit (--max-file-size)", invalid=True
        )
        return FormattedFile(path, data, problem=problem)
    try:
        text = decode_source(data)
        formatted = format_flow_text(text, normalize_offsets=normalize_offsets)
    except DecodeError as exc:
        return FormattedFile(path, data, problem=CannotFormat(exc.message, invalid=True))
    except CannotFormat as problem:
        return FormattedFile(path, data, problem=problem)
    return FormattedFile(path, data, formatted=formatted)


def format_file(
    path: str, *, normalize_offsets: bool = False, max_size: int | None = None
) -> FormattedFile:
    """Read and format one file. Raises OSError when it cannot be read."""
    # Regular files only (a FIFO or /dev/zero would wait or read forever), and no more than
    # one byte past the size limit.
    data = read_file(path, max_size if max_size is not None else DEFAULT_MAX_FILE_SIZE)
    return format_bytes(path, data, normalize_offsets=normalize_offsets, max_size=max_size)


def write_formatted(result: FormattedFile) -> None:
    """Replace the file with its formatted text, unless it changed on disk since it was read.
    Raises ChangedOnDisk or OSError."""
    assert result.formatted is not None
    target = Path(os.path.realpath(result.path))
    with open(target, "rb") as handle:
        if handle.read() != result.original:
            raise ChangedOnDisk(f"{result.path} changed on disk while it was being formatted")
    write_atomically(target, result.formatted)


def unified_diff(result: FormattedFile, label: str) -> str:
    """The change formatting makes, as a unified diff (`a/` and `b/` the same file; unsafe
    characters of the file escaped, see `source.line_diff`)."""
    from flowlint.source.line_diff import unified_diff as diff_of

    assert result.formatted is not None
    before = result.original.decode("utf-8", errors="replace")
    return diff_of(before, result.formatted, f"a/{label}", f"b/{label}")
