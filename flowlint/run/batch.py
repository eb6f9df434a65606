"""Checking many files: read each, reuse cached results, lint the rest (in worker processes
when there are enough of them), and return the results in discovery order."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from flowlint.engine.linter import FileResult, Linter
from flowlint.run.cache import ResultCache, entry_digest
from flowlint.run.files import Target
from flowlint.run.parallel import LintJob, Outcome, lint_in_processes, lint_job, slim
from flowlint.run.progress import NoProgress, ProgressBar
from flowlint.source.reading import read_file

MIN_FILES_PER_WORKER = 4
"""Starting a worker costs about as much as linting a few small files, so a run uses at most
one worker per this many files to lint (and none for fewer than twice as many)."""


def _fingerprint(linter: Linter) -> str:
    return linter.project.fingerprint if linter.project is not None else ""


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


@dataclass
class BatchOutcome:
    results: list[FileResult]
    io_errors: int = 0
    linted: int = 0
    cached: int = 0
    workers: int = 0
    messages: list[str] = field(default_factory=list)
    """Problems to print on stderr (after the progress bar is gone)."""


def check_targets(
    linter: Linter,
    targets: list[Target],
    *,
    read_stdin: Callable[[], bytes] = lambda: sys.stdin.buffer.read(),
    stdin_filename: str | None = None,
    jobs: int = 1,
    cache: ResultCache | None = None,
    progress: ProgressBar | NoProgress | None = None,
    keep_trees: bool = False,
) -> BatchOutcome:
    """Lint `targets`; results keep the order of `targets`. Results keep their JSON tree and
    flow model only with `keep_trees` (remote validation reads them): otherwise a run over
    10,000 files held every one of them (2.2 GB) until the report."""
    progress = progress or NoProgress()
    slots: list[FileResult | None] = [None] * len(targets)
    pending: list[LintJob] = []
    expected_digest: dict[int, str] = {}
    outcome = BatchOutcome(results=[])
    max_size = linter.settings.max_file_size
    for index, target in enumerate(targets):
        if target.path == "-":
            name = stdin_filename or "<stdin>"
            slots[index] = linter.lint_bytes(read_stdin(), name, explicit=True)
            outcome.linted += 1
            progress.advance()
            continue
        if cache is not None:
            try:
                data = read_file(target.path, max_size)
            except OSError as exc:
                slots[index] = linter.unreadable(target.path, exc.strerror or str(exc))
                progress.advance()
                continue
            digest = entry_digest(target.path, data, target.explicit, _fingerprint(linter))
            cached = cache.load(digest, target.path, data)
            if cached is not None:
                slots[index] = cached
                outcome.cached += 1
                progress.advance()
                continue
            expected_digest[index] = digest
        pending.append(LintJob(index, target.path, target.explicit, digest=cache is not None))

    def accept(result: Outcome) -> None:
        index, file_result, digest = result
        if not keep_trees:
            slim(file_result)
            if not file_result.diagnostics:
                file_result.text = None  # only code frames read it
        slots[index] = file_result
        outcome.linted += 1
        if cache is not None and digest is not None and digest == expected_digest.get(index):
            cache.store(digest, file_result)
        progress.advance()

    workers = min(jobs, len(pending) // MIN_FILES_PER_WORKER)
    if workers >= 2:
        outcome.workers = workers
        # Largest files first, so no worker is left with a big file while the others idle;
        # results still land in their discovery slots.
        pending.sort(key=lambda job: -_size(job.path))
        pending = lint_in_processes(
            linter.settings, workers, pending, accept, project=linter.project
        )
    for number, job in enumerate(pending):
        if number:
            # `flowlint check` turns automatic collection off (cli/check.py), and each file
            # leaves reference cycles (its tree, model and graph): a young-generation pass
            # frees them before the next file, so memory stays flat over thousands of files.
            # It looks only at what was allocated since the last pass, about one file's worth.
            gc.collect(0)
        accept(lint_job(linter, job))
    progress.close()

    for slot in slots:
        assert slot is not None
        if slot.error is not None:
            outcome.io_errors += 1
            outcome.messages.append(f"flowlint: error: cannot read {slot.path}: {slot.error}")
        outcome.results.append(slot)
    if cache is not None and cache.disabled_because:
        outcome.messages.append(f"flowlint: warning: cache not written: {cache.disabled_because}")
    return outcome
