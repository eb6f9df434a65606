"""Special files and many files: a FIFO named on the command line used to hang forever, and
a run kept every file's JSON tree and flow model until the report (10,000 small files with
`-j 1` reached 2.2 GB)."""

from __future__ import annotations

import gc
import os
import shutil
import tracemalloc
from pathlib import Path

import pytest

from flowlint.engine.linter import Linter
from flowlint.fix.files import fix_files
from flowlint.project.facts import read_flow_facts
from flowlint.run.batch import check_targets
from flowlint.run.files import Target
from tests.conftest import REPO, run_flowlint

CLEAN = REPO / "examples" / "owl-bank-sms.json"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_reported_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "flow.json"
    os.mkfifo(fifo)
    result = run_flowlint("check", "--no-cache", str(fifo), str(CLEAN), timeout=60)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert "not a regular file (a FIFO)" in result.stderr


def test_a_device_is_reported(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    result = run_flowlint("check", "--no-cache", "/dev/zero", timeout=60)
    assert result.returncode == 2
    assert "not a regular file" in result.stderr


def test_memory_stays_flat_over_many_files(tmp_path: Path) -> None:
    for index in range(120):
        shutil.copy(CLEAN, tmp_path / f"flow{index}.json")
    targets = [Target(str(path), True) for path in sorted(tmp_path.iterdir())]
    linter = Linter()
    check_targets(linter, targets[:5])  # imports, caches of the rules
    gc.collect()
    # As `flowlint check` runs: automatic collection off, the batch collecting between files
    # (without that collection each file's reference cycles stayed: ~58 KB a file).
    gc.disable()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        outcome = check_targets(linter, targets)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        gc.enable()
    assert len(outcome.results) == 120
    # What a clean file's result keeps: its path and a few fields (was ~70 KB: tree, model),
    # plus the last file's cycles, which nothing collects before the report (~0.5 KB a file).
    assert kept / 120 < 2_000, f"{kept / 120:.0f} bytes kept per clean file"


def test_memory_stays_flat_over_many_files_fixed(tmp_path: Path) -> None:
    """`flowlint check --fix`/`--diff` lints every file in a loop of its own, also with
    automatic collection off (without a collection between files: ~45 KB kept a file)."""
    for index in range(120):
        shutil.copy(CLEAN, tmp_path / f"flow{index}.json")
    paths = [str(path) for path in sorted(tmp_path.iterdir())]
    linter = Linter()
    fix_files(linter, paths[:5], unsafe=False)  # imports, caches of the rules
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        fix_files(linter, paths, unsafe=False)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        gc.enable()
    assert kept / 120 < 2_000, f"{kept / 120:.0f} bytes kept per file"


def test_memory_stays_flat_over_a_projects_flows() -> None:
    """Project discovery reads the facts of every flow of the project, also with automatic
    collection off (without a collection per flow: ~37 KB kept a flow)."""
    data = CLEAN.read_bytes()
    read_flow_facts("warm-up", data)
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        facts = [read_flow_facts(f"flow{index}.json", data) for index in range(120)]
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        gc.enable()
    assert all(fact is not None for fact in facts)
    # The facts themselves are kept on purpose (~2.3 KB a flow).
    assert kept / 120 < 5_000, f"{kept / 120:.0f} bytes kept per flow"
