"""A one-line progress bar on stderr for long runs on a terminal.

It is shown only when a person is watching: stderr is a terminal, the run is not in CI, the
report is for people (text or concise), and there are enough files to wait for.
"""

from __future__ import annotations

import os
import time
from typing import TextIO

MIN_FILES = 20
"""Below this many files a run is too short for a bar to help."""
_WIDTH = 30
_REDRAW_SECONDS = 0.05


def running_in_ci(environment: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """CI services set CI (GitHub, GitLab, CircleCI, Travis, Buildkite, Azure via TF_BUILD...)."""
    value = environment.get("CI", "").strip().lower()
    return value not in ("", "0", "false", "no") or bool(environment.get("TF_BUILD"))


def wanted(stream: TextIO, output_format: str, total: int) -> bool:
    if total < MIN_FILES or output_format not in ("text", "concise"):
        return False
    if running_in_ci() or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """`[#######.......]  120/200 files` redrawn in place; erased when closed."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self._last_draw = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self._last_draw >= _REDRAW_SECONDS or self.done >= self.total:
            self._last_draw = now
            self._draw()

    def _draw(self) -> None:
        filled = _WIDTH * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (_WIDTH - filled)
        self.stream.write(
            f"\rflowlint [{bar}] {self.done:>{len(str(self.total))}}/{self.total} files"
        )
        self.stream.flush()

    def close(self) -> None:
        # Erase the line so the report that follows starts clean.
        self.stream.write("\r\x1b[2K")
        self.stream.flush()


class NoProgress:
    """Stands in for the bar when none is shown."""

    def advance(self, count: int = 1) -> None:
        pass

    def close(self) -> None:
        pass
