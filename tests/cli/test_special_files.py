"""Every command that reads a file named on its command line reads regular files only: a
FIFO with no writer made fmt, diff, render and templatize wait forever, and `/dev/zero`
made them read forever (check, graph and test already refused both). Each case runs the
real CLI with a timeout and expects exit 2 and the reason."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, run_flowlint

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")

COMMANDS = {
    "fmt": ["fmt", "{}"],
    "fmt --check": ["fmt", "--check", "{}"],
    "check --fix": ["check", "--no-cache", "--fix", "{}"],
    "diff (new side)": ["diff", "flow.json", "{}"],
    "diff (old side)": ["diff", "{}", "flow.json"],
    "render": ["render", "--env", "dev", "{}"],
    "templatize": ["templatize", "--env", "dev", "{}"],
    "graph": ["graph", "{}"],
    "test --scaffold": ["test", "--scaffold", "{}"],
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(REPO / "examples" / "owl-bank-sms.json", tmp_path / "flow.json")
    (tmp_path / "pyproject.toml").write_text('[tool.flowlint.environments.dev]\nX = "1"\n')
    os.mkfifo(tmp_path / "pipe.json")
    return tmp_path


@pytest.mark.parametrize("special", ["pipe.json", "/dev/zero"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_fifo_or_device_is_refused_not_read(folder: Path, command: str, special: str) -> None:
    args = [special if arg == "{}" else arg for arg in COMMANDS[command]]
    result = run_flowlint(*args, cwd=folder, timeout=60)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "not a regular file" in result.stdout + result.stderr


def test_diff_against_dev_null_shows_a_new_flow(folder: Path) -> None:
    result = run_flowlint("diff", os.devnull, "flow.json", cwd=folder)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "--- /dev/null",
        "+++ flow.json",
        "added    Trigger (trigger)",
    ]
