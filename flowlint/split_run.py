"""Running one large file's rules in two processes at once.

A single big flow is where a run waits longest, and `--jobs` (one file per worker) cannot help
it. So when a run may use several processes, the engine parses the file and builds its flows,
then forks: the child inherits all of that, runs one group of rules and sends its diagnostics
back through a pipe; the parent runs the other group meanwhile (docs/performance.md has the
numbers on the 1 MB benchmark flow).

The groups are split by category so that rules sharing a per-flow analysis stay together (the
Liquid rules share the Liquid pass, the schema rules the schema pass and the import of the
validator) and the two halves cost about the same. If the child fails in any way, the parent
runs its group itself: a fork problem costs time, never findings.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable
from typing import Any, TypeVar

SECOND_PROCESS_CATEGORIES = frozenset({"schema", "split", "remote"})
"""Categories whose rules run in the child; every other category (Liquid, graph, structure,
security, telephony, limits, deprecation, input, third-party categories) runs in the calling
process. The child's share is mostly importing the schema validator and the schema pass. On
the 1 MB benchmark flow the two groups then take about the same time (medians of 9 runs: 50
and 49 ms); with the security, telephony and deprecation rules in the child too it was the
slower side by 10-40 ms."""

MIN_SIZE = 128 * 1024
"""Files smaller than this (in characters) are checked in one process: below it the rules take
less time than starting the child. `FLOWLINT_SPLIT_MIN_SIZE` overrides it (the tests set 0 to
prove both ways give the same findings on every fixture)."""

T = TypeVar("T")


def min_size() -> int:
    value = os.environ.get("FLOWLINT_SPLIT_MIN_SIZE", "")
    return int(value) if value.isdigit() else MIN_SIZE


def can_fork() -> bool:
    """Forking is safe only without other threads (a thread could hold a lock forever in the
    child); the command line has none, the language server does and never splits."""
    if not hasattr(os, "fork"):
        return False
    import threading

    return threading.active_count() == 1


def run_split(
    here: Callable[[], list[T]],
    there: Callable[[], list[T]],
    encode: Callable[[T], object],
    decode: Callable[[Any], T],
) -> list[T]:
    """`here()` in this process and `there()` in a forked child, at the same time; returns
    here's results followed by there's. The child's results cross the pipe as `encode(item)`
    values written with marshal (built in, unlike pickle, whose import costs 2-4 ms), which
    must therefore be made of tuples, lists, strings, numbers and None."""
    import gc

    # The objects that exist now (the parsed file, its flows) are left out of both processes'
    # garbage collections while the groups run: scanning them would cost time and, after the
    # fork, copy every memory page they sit on. They are handed back afterwards.
    gc.freeze()
    try:
        return _split(here, there, encode, decode)
    finally:
        gc.unfreeze()


def _split(
    here: Callable[[], list[T]],
    there: Callable[[], list[T]],
    encode: Callable[[T], object],
    decode: Callable[[Any], T],
) -> list[T]:
    try:
        read_end, write_end = os.pipe()
        child = os.fork()
    except OSError:
        return here() + there()
    if child == 0:
        _serve(read_end, write_end, lambda: [encode(item) for item in there()])
    os.close(write_end)
    try:
        mine = here()
    finally:
        with os.fdopen(read_end, "rb") as stream:
            payload = stream.read()
        _, status = os.waitpid(child, 0)
    if status == 0:
        try:
            theirs = [decode(item) for item in marshal.loads(payload)]
            return mine + theirs
        except Exception:  # a truncated or unreadable payload: run the group here instead
            pass
    return mine + there()


def _serve(read_end: int, write_end: int, there: Callable[[], list[object]]) -> None:
    """The child: run `there`, write its marshalled results, and leave without running any of
    the parent's clean-up (exit handlers, buffered output), whatever happens."""
    status = 1
    try:
        os.close(read_end)
        payload = marshal.dumps(there())
        with os.fdopen(write_end, "wb") as stream:
            stream.write(payload)
        status = 0
    finally:
        os._exit(status)
