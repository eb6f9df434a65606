"""The `.gitattributes` diff driver (docs/review.md) in a real temporary repository: `git diff`,
`git log -p --ext-diff` and `git show --ext-diff` print the semantic diff of flow files, and
JSON files that are not flows fall back to a line diff."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest


def _git(repo: Path, *args: str) -> str:
    environment = {**os.environ, "NO_COLOR": "1", "GIT_PAGER": "cat", "PAGER": "cat"}
    finished = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, env=environment, check=False
    )
    assert finished.returncode == 0, finished.stderr
    assert "Traceback" not in finished.stderr, finished.stderr
    return finished.stdout


@pytest.fixture
def repo(tmp_path: Path, ivr: Path) -> Path:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "test@example.com")
    _git(tmp_path, "config", "user.name", "Test")
    # What docs/review.md tells users to run, with this interpreter's flowlint.
    command = f"{shlex.quote(sys.executable)} -m flowlint diff --git-driver"
    _git(tmp_path, "config", "diff.studioflow.command", command)
    (tmp_path / ".gitattributes").write_text("flows/*.json diff=studioflow\n")
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "ivr.json").write_text(ivr.read_text())
    (tmp_path / "flows" / "package.json").write_text('{"name": "a"}\n')
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "first")
    return tmp_path


def test_git_diff_shows_the_semantic_diff(repo: Path, ivr: Path) -> None:
    text = re.sub(r"\bgather_input\b", "main_menu", ivr.read_text())
    text = text.replace('"x": 250', '"x": 300')  # Trigger dragged on the canvas
    (repo / "flows" / "ivr.json").write_text(text)

    output = _git(repo, "diff")

    assert output.splitlines() == [
        "diff --flowlint a/flows/ivr.json b/flows/ivr.json",
        "--- a/flows/ivr.json",
        "+++ b/flows/ivr.json",
        "renamed  gather_input → main_menu",
        "layout   1 widget moved on the canvas",
        "1 change in meaning.",
    ]
    # Without the attribute git shows the text diff: 11 lines touched.
    plain = _git(repo, "diff", "--no-ext-diff")
    assert '-          "x": 250' in plain


def test_git_log_and_show_with_ext_diff(repo: Path, ivr: Path) -> None:
    text = ivr.read_text().replace('"next": "say_play_1"', '"next": "enqueue_1"')
    (repo / "flows" / "ivr.json").write_text(text)
    _git(repo, "commit", "-qam", "rewire")
    (repo / "flows" / "new.json").write_text(ivr.read_text())
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "add a copy")

    log = _git(repo, "log", "-p", "--ext-diff", "--format=commit %s", "HEAD~2..HEAD")

    assert "rewired  split_1.noMatch: say_play_1 → enqueue_1" in log.splitlines()
    # A new file: git passes /dev/null as the old side, so every widget is added.
    added = [line for line in log.splitlines() if line.startswith("added    ")]
    assert len(added) == 11
    show = _git(repo, "show", "--ext-diff", "HEAD~1")
    assert "rewired  split_1.noMatch: say_play_1 → enqueue_1" in show


def test_a_json_file_that_is_not_a_flow_gets_a_line_diff(repo: Path) -> None:
    (repo / "flows" / "package.json").write_text('{"name": "b"}\n')

    output = _git(repo, "diff")

    lines = output.splitlines()
    assert lines[0] == "diff --flowlint a/flows/package.json b/flows/package.json"
    assert lines[1].startswith("# not compared as flows: a/flows/package.json is not a Studio flow")
    assert '-{"name": "a"}' in lines and '+{"name": "b"}' in lines
