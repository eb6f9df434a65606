"""When documents are linted: debounced after changes, at once on open and save, on demand for
pull requests; and what happens to a result whose document has moved on (it is dropped).

Linting runs on one dedicated analysis thread, so documents are analysed one at a time and the
event loop stays free to answer hover, completion and the like meanwhile. Per document, a change
cancels the pending (not yet started) run and schedules a new one after the debounce delay; a
run that finishes after the text changed again publishes nothing, but its flow model is kept
for navigation (positions are mapped through the edits made since).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from flowlint.lsp.analysis import Analysis, analyse, document_path
from flowlint.lsp.document_state import DocumentState
from flowlint.lsp.project_config import ProjectConfigs
from flowlint.model.widget_memo import WidgetMemo

logger = logging.getLogger(__name__)

DEFAULT_DEBOUNCE_SECONDS = 0.0
"""No wait after a change: the delay would be added to every keystroke's latency, and typing
does not pile lints up without it. One analysis thread lints one document at a time; changes
that arrive during a lint replace the one pending run (so a burst of keystrokes costs at most
the running lint plus one), and the running lint's outdated result is dropped. A client that
prefers fewer lints sets `debounceMs` in its initialization options."""

DEPENDENT_DEBOUNCE_SECONDS = 0.3
"""How long the documents that depend on a changed subflow wait before their re-lint (at
least the debounce): typing in the subflow replaces their pending runs, so they are linted once
the typing pauses, and the subflow's own lint goes first."""

TEST_GATE_VARIABLE = "FLOWLINT_LSP_TEST_LINT_GATE"
"""For tests only: while the file this environment variable names exists, a lint that has
taken its text waits before analysing it, so a test can change the document during a lint
without racing it."""

Publisher = Callable[[DocumentState, Analysis], None]


@dataclass
class _Slot:
    """Scheduling state of one open document."""

    task: asyncio.Task[Analysis | None] | None = None
    task_revision: int = -1
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class AnalysisScheduler:
    """Runs the engine on open documents and hands fresh results to `publish`."""

    def __init__(
        self,
        configs: ProjectConfigs,
        publish: Publisher,
        debounce: float = DEFAULT_DEBOUNCE_SECONDS,
    ) -> None:
        self.configs = configs
        self.publish = publish
        self.debounce = debounce
        self.states: dict[str, DocumentState] = {}
        self._slots: dict[str, _Slot] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="flowlint-analysis")
        self.analyses_run = 0
        self.analyses_dropped = 0
        self.running: tuple[str, int] | None = None
        """The document and version being linted right now (for `flowlint.status`)."""

    # -- document lifecycle --------------------------------------------------------------------

    def open(self, state: DocumentState) -> None:
        uri = state.document.uri
        self.close(uri)
        self.states[uri] = state
        self._slots[uri] = _Slot()
        self.schedule(uri, delay=0)

    def close(self, uri: str) -> DocumentState | None:
        slot = self._slots.pop(uri, None)
        if slot is not None and slot.task is not None:
            slot.task.cancel()
        return self.states.pop(uri, None)

    # -- scheduling ----------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float | None = None) -> None:
        """(Re)schedule a lint of the document's current text after `delay` (the debounce)."""
        state = self.states.get(uri)
        slot = self._slots.get(uri)
        if state is None or slot is None:
            return
        if slot.task is not None and not slot.task.done():
            slot.task.cancel()
        revision = state.document.revision
        wait = self.debounce if delay is None else delay
        slot.task = asyncio.get_running_loop().create_task(self._run(state, slot, revision, wait))
        slot.task_revision = revision

    def schedule_all(self) -> None:
        """Re-lint every open document now (the configuration changed)."""
        for uri in list(self.states):
            self.schedule(uri, delay=0)

    def schedule_dependents(self, uris: list[str]) -> None:
        """Re-lint documents whose findings depend on another document that changed (a
        parent, when its subflow is edited), after the longer dependent debounce. A re-lint
        already running is cancelled and its outdated result dropped; for clients that pull
        diagnostics, the latest result stops counting as current."""
        delay = max(self.debounce, DEPENDENT_DEBOUNCE_SECONDS)
        for uri in uris:
            state = self.states.get(uri)
            if state is None:
                continue
            state.latest = None
            self.schedule(uri, delay=delay)

    async def current(self, uri: str) -> Analysis | None:
        """The analysis of the document's current text, waiting for (or starting) it."""
        for _ in range(20):
            state = self.states.get(uri)
            slot = self._slots.get(uri)
            if state is None or slot is None:
                return None
            latest = state.latest
            if (
                latest is not None
                and latest.revision == state.document.revision
                and latest.config_generation == self.configs.generation
            ):
                return latest
            if (
                slot.task is None
                or slot.task.done()
                or slot.task_revision != state.document.revision
            ):
                self.schedule(uri, delay=0)
            task = slot.task
            assert task is not None
            try:
                await asyncio.shield(task)
            except asyncio.CancelledError:
                if not task.cancelled():
                    raise  # the request itself was cancelled
        state = self.states.get(uri)
        return state.latest if state is not None else None

    async def _run(
        self, state: DocumentState, slot: _Slot, revision: int, delay: float
    ) -> Analysis | None:
        if delay > 0:
            await asyncio.sleep(delay)
        async with slot.lock:
            document = state.document
            if document.revision != revision:
                return None  # superseded while waiting: a newer run is scheduled
            text, version = document.text, document.version
            try:
                analysis = await self._in_executor(
                    lambda: self._analyse(state, text, version, revision)
                )
            except asyncio.CancelledError:
                # The document changed while its lint ran: the lint finishes on the analysis
                # thread, and its outdated result is dropped here.
                self.analyses_dropped += 1
                gc.enable()  # the lint paused the collector; nobody publishes after it now
                raise
        if analysis is None or self.states.get(document.uri) is not state:
            gc.enable()
            return None  # failed, or closed meanwhile
        fresh = document.revision == revision
        state.install(analysis, fresh=fresh)
        if not fresh:
            gc.enable()
            self.analyses_dropped += 1
            return None
        self.publish(state, analysis)
        self._executor.submit(self._after_publish, analysis, asyncio.current_task())
        return analysis

    def _after_publish(self, analysis: Analysis, finishing: asyncio.Task[Any] | None) -> None:
        """Work that can wait until the diagnostics are out: the navigation index (so the
        next request finds it built) and collecting the garbage of the previous model, both
        skipped while another lint is waiting (it goes first; its own turn comes after)."""
        try:
            if self._lint_waiting(finishing):
                return
            if analysis.model_usable:
                analysis.index  # noqa: B018  (built on first access)
            if not self._lint_waiting(finishing):
                gc.collect()
        except Exception:
            logger.exception("indexing %s failed", analysis.uri)
        finally:
            gc.enable()

    def _lint_waiting(self, finishing: asyncio.Task[Any] | None) -> bool:
        """Whether a lint other than `finishing` is scheduled (read from the analysis thread:
        a heuristic, a wrong answer only costs time)."""
        return any(
            slot.task is not None and slot.task is not finishing and not slot.task.done()
            for slot in list(self._slots.values())
        )

    def _analyse(
        self, state: DocumentState, text: str, version: int, revision: int
    ) -> Analysis | None:
        # A lint allocates hundreds of thousands of objects; automatic collections would scan
        # the previous model (still alive) several times during it, and the one the pause
        # postpones would land on publishing. Collect once, after publishing (_after_publish).
        gc.disable()
        try:
            generation = self.configs.generation
            config = self.configs.for_path(document_path(state.document.uri))
            started = time.perf_counter()
            self.running = (state.document.uri, version)
            _wait_at_test_gate()
            memo = state.memo
            if memo is None or memo.owner is not config.linter:  # new rules, options, ...
                memo = state.memo = WidgetMemo(config.linter)
            analysis = analyse(
                state.document,
                text,
                version,
                revision,
                config,
                ever_a_flow=state.ever_a_flow,
                memo=memo,
            )
            analysis.config_generation = max(generation, self.configs.generation)
            self.analyses_run += 1
            logger.debug(
                "linted %s version %s in %.0f ms",
                state.document.uri,
                version,
                (time.perf_counter() - started) * 1000,
            )
            return analysis
        except Exception:  # the engine isolates rules; this is a last line of defence
            logger.exception("analysis of %s failed", state.document.uri)
            return None
        finally:
            self.running = None

    def _in_executor(self, job: Callable[[], Analysis | None]) -> Awaitable[Analysis | None]:
        return asyncio.get_running_loop().run_in_executor(self._executor, job)

    def shutdown(self) -> None:
        for slot in self._slots.values():
            if slot.task is not None:
                slot.task.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)


def _wait_at_test_gate() -> None:
    gate = os.environ.get(TEST_GATE_VARIABLE)
    if not gate:
        return
    deadline = time.monotonic() + 60  # a forgotten gate must not hang the server for ever
    while os.path.exists(gate) and time.monotonic() < deadline:
        time.sleep(0.01)
