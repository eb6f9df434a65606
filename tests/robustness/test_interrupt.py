"""Ctrl-C stops within a second with exit status 130, no traceback, no process left behind
and an intact results cache. Before: 14-18 s, "Aborted!" and exit status 1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import adversarial

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="POSIX")


def _flows(folder: Path, count: int, widgets: int) -> None:
    folder.mkdir()
    text = json.dumps(adversarial.findings(widgets), indent=2)
    for index in range(count):
        (folder / f"flow{index}.json").write_text(text.replace("m1", f"m1v{index}"))


def _interrupt(
    args: list[str], cwd: Path, working: Callable[[], bool], env: dict[str, str] | None = None
) -> tuple[int, str, float]:
    """Start flowlint in its own process group, Ctrl-C it once `working()` says it is checking
    files; returns the exit status, stderr and the seconds from the signal to the exit. Fails
    if any process of the group is left."""
    process = subprocess.Popen(
        [sys.executable, "-m", "flowlint", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )
    # Waiting for a sign of work, not a fixed time: a fixed 3 s assumed this machine's speed
    # (too short on a slow one, the whole run on a fast one).
    deadline = time.monotonic() + 120
    while not working() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert working(), "no file was checked within 120 s"
    assert process.poll() is None, "finished before it could be interrupted: make the run longer"
    sent = time.perf_counter()
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
    _, stderr = process.communicate(timeout=30)
    elapsed = time.perf_counter() - sent
    deadline = time.monotonic() + 5  # killed workers are reaped by init, not at once
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break  # no worker survives
        time.sleep(0.1)
    else:
        pytest.fail("a process of the run is still there 5 s after Ctrl-C")
    return process.returncode, stderr.decode(errors="replace"), elapsed


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_at_once_and_leaves_the_cache_intact(tmp_path: Path, jobs: str) -> None:
    # The signal comes once the first results are in the cache (imports done, workers started,
    # files being checked): 1,600 flows take about 26 s with two jobs here, so even a machine
    # ten times faster has seconds of checking left to interrupt.
    _flows(tmp_path / "flows", 1600, 60)
    cache = tmp_path / "cache"

    def working() -> bool:
        return next(cache.rglob("*.json"), None) is not None

    status, stderr, elapsed = _interrupt(
        ["check", "-j", jobs, "--cache-dir", str(cache), "flows"], tmp_path, working
    )
    assert status == 130, stderr
    assert "Traceback" not in stderr and "Aborted" not in stderr
    assert "flowlint: interrupted" in stderr
    assert elapsed < 1.5, f"{elapsed:.2f} s from Ctrl-C to exit"
    entries = [path for path in cache.rglob("*.json")]
    for entry in entries:
        json.loads(entry.read_text(encoding="utf-8"))  # every entry whole
