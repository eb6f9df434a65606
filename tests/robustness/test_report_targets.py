"""A report file named on the command line that is not a plain file: a symbolic link (to
`/proc/self/fd/1`, as `/dev/stdout` is), a FIFO. flowlint writes through it and never deletes
what it did not create.

Before: every report writer (`test --junit-xml`, `--coverage-output`, `check --output`,
`render -o`, `graph -o`) renamed a temporary file over the name, so `--junit-xml /dev/stdout`
run as root in a container replaced the `/dev/stdout` link with a regular file, a FIFO was
deleted and replaced, and a link to a report elsewhere became a copy beside the link.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.conftest import run_flowlint
from tests.robustness.test_hostile_test_files import FLOW

TEST_FILE = """flow: f.json
cases:
  - name: says hi
    trigger: {event: incomingMessage, message: {From: "+1"}}
    expect: {sends: [hi]}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "f.json").write_text(FLOW, encoding="utf-8")
    (tmp_path / "f.flowtest.yaml").write_text(TEST_FILE, encoding="utf-8")
    return tmp_path


def test_a_link_to_standard_output_is_written_through_and_kept(project: Path) -> None:
    link = project / "stdout"
    link.symlink_to("/proc/self/fd/1")
    result = run_flowlint("test", "--format", "json", "--junit-xml", str(link), ".", cwd=project)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert "<testsuites" in result.stdout


def test_a_link_to_a_report_elsewhere_updates_that_report(project: Path) -> None:
    (project / "reports").mkdir()
    report = project / "reports" / "coverage.json"
    report.write_text("old", encoding="utf-8")
    link = project / "coverage.json"
    link.symlink_to(report)
    result = run_flowlint(
        "test", "--coverage-report", "json", "--coverage-output", "coverage.json", ".", cwd=project
    )
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert report.read_text(encoding="utf-8").startswith("[")


def test_a_fifo_with_a_reader_gets_the_report_and_stays_a_fifo(project: Path) -> None:
    fifo = project / "report.xml"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_flowlint("check", "--no-cache", "--output", f"junit:{fifo}", "f.json", cwd=project)
    reader.join(timeout=60)
    assert result.returncode == 1, result.stderr  # the flow has findings
    assert fifo.is_fifo()
    assert received and b"<testsuites" in received[0]


def test_a_fifo_nobody_reads_is_an_error_not_a_hang(project: Path) -> None:
    fifo = project / "out.json"
    os.mkfifo(fifo)
    result = run_flowlint("test", "--junit-xml", str(fifo), ".", cwd=project, timeout=60)
    assert result.returncode == 2, result.stdout
    assert "cannot write" in result.stderr and "reads" in result.stderr
    assert fifo.is_fifo()
