"""Ctrl-C: stop at once with exit status 130, no traceback, nothing half-written.

Left to Python, Ctrl-C raises KeyboardInterrupt wherever the main thread happens to be; click
turns it into "Aborted!" and exit status 1, and the process pool first waits for its workers
to finish the files they hold (14-18 s measured on a large run). Instead the handler installed
here ends the process on the spot: it kills the worker processes (and any child registered
with `track`), says so on stderr and leaves with `os._exit(130)`, running no clean-up that could
block. Files are only ever replaced whole (written beside, then renamed: `flowlint.atomic`,
the results cache), so leaving between two writes leaves every file intact.

The handler runs between two Python bytecodes: a call into C that never returns would delay
it, which is why no such call is made on untrusted input (see docs/robustness.md). A second
Ctrl-C while the first is handled gets the default action (the process is killed).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from types import FrameType

EXIT_STATUS = 130
"""128 + SIGINT, what shells report for a command stopped by Ctrl-C."""

_children: set[int] = set()
_main_pid: int | None = None


def install() -> None:
    """Handle Ctrl-C (SIGINT) in this process and in the processes it forks from now on."""
    global _main_pid
    _main_pid = os.getpid()
    signal.signal(signal.SIGINT, _stop)


def track(pid: int) -> None:
    """A forked child to kill if the run is interrupted."""
    _children.add(pid)


def untrack(pid: int) -> None:
    _children.discard(pid)


def _stop(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if os.getpid() == _main_pid:
        for pid in _known_children():
            with contextlib.suppress(OSError):  # already gone
                os.kill(pid, signal.SIGKILL)
        prefix = "\n" if _is_terminal() else ""
        with contextlib.suppress(OSError):
            os.write(2, f"{prefix}flowlint: interrupted\n".encode())
    os._exit(EXIT_STATUS)


def _known_children() -> set[int]:
    pids = set(_children)
    if "multiprocessing" in sys.modules:  # a pool's workers, if one was started
        import multiprocessing

        pids.update(
            child.pid for child in multiprocessing.active_children() if child.pid is not None
        )
    return pids


def _is_terminal() -> bool:
    try:
        return os.isatty(2)
    except OSError:
        return False
