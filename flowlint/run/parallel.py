"""Lint files in worker processes.

Each worker builds its `Linter` once, in the pool's initializer (loading the rules, resolving
the configuration), then reads and lints file after file: only a path goes to a worker, and
the findings, the text and the digest of the bytes it read (for the cache) come back. Results
carry their index so the caller keeps a stable order whatever finishes first.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from flowlint.engine.linter import FileResult, Linter
from flowlint.engine.settings import Settings

if TYPE_CHECKING:
    from concurrent.futures import Future

    from flowlint.project.model import Project


class LintJob(NamedTuple):
    slot: int
    """Where its result goes in the run's discovery order."""
    path: str
    explicit: bool
    digest: bool = True
    """Whether the outcome needs the cache digest of the bytes (not with --no-cache)."""


Outcome = tuple[int, FileResult, str | None]
"""(job index, result, cache digest of the bytes linted; None when the file was unreadable)."""


_worker_linter: Linter | None = None


def _start_worker(settings: Settings, project: Project | None = None) -> None:
    global _worker_linter
    import signal

    # Ctrl-C is the main process's to handle: it kills the workers (`flowlint.run.interrupt`).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker lints many files: the collector runs as usual here, though `flowlint check`
    # turned it off in the process this one was forked from (cli/check.py).
    gc.enable()
    _worker_linter = Linter(settings, project=project)


def lint_job(linter: Linter, job: LintJob) -> Outcome:
    """Read and lint one file (in a worker, or in the main process for small runs)."""
    from flowlint.run.cache import entry_digest
    from flowlint.source.reading import read_file

    try:
        data = read_file(job.path, linter.settings.max_file_size)
    except OSError as exc:
        return job.slot, linter.unreadable(job.path, exc.strerror or str(exc)), None
    result = linter.lint_bytes(data, job.path, explicit=job.explicit)
    fingerprint = linter.project.fingerprint if linter.project is not None else ""
    digest = entry_digest(job.path, data, job.explicit, fingerprint) if job.digest else None
    return job.slot, result, digest


def _lint_in_worker(job: LintJob) -> Outcome:
    assert _worker_linter is not None, "the pool initializer did not run"
    index, result, digest = lint_job(_worker_linter, job)
    return index, slim(result), digest


def slim(result: FileResult) -> FileResult:
    """Drop what reporters do not need (the JSON tree, the flow model) before it is pickled."""
    result.tree = None
    result.document = None
    result.line_index = None
    return result


def default_jobs() -> int:
    """All the cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _context() -> Any:
    import multiprocessing

    # fork starts a worker in milliseconds with the rules already imported; elsewhere (macOS,
    # Windows) fork is unsafe or missing and spawn is the default.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def lint_in_processes(
    settings: Settings,
    jobs: int,
    work: Iterable[LintJob],
    on_result: Callable[[Outcome], None],
    *,
    project: Project | None = None,
) -> list[LintJob]:
    """Lint every job in `jobs` worker processes, calling `on_result(outcome)` in the calling
    process as results arrive. Returns the jobs left undone if the pool broke (a
    worker killed by the system); the caller lints those itself."""
    # Imported here: a run that lints in one process never pays for multiprocessing.
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    pending = list(work)
    done: set[int] = set()
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=_context(),
            initializer=_start_worker,
            initargs=(settings, project),
        ) as pool:
            futures: list[Future[Outcome]] = [pool.submit(_lint_in_worker, job) for job in pending]
            for future in as_completed(futures):
                outcome = future.result()
                done.add(outcome[0])
                on_result(outcome)
    except BrokenProcessPool:
        pass
    return [job for job in pending if job.slot not in done]
