"""The pre-commit hook, run for real: `pre-commit try-repo` installs flowlint from this
repository into its own environment and runs `.pre-commit-hooks.yaml` in a temporary git
repository holding flows and an unrelated package.json."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci.conftest import CI_FLOWS

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None,
        reason="pre-commit is not installed (it is in the `test` extra: pip install -e '.[test]')",
    ),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=flowlint tests", "-c", "user.email=tests@example.com", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def _try_repo(folder: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "CI"}
    environment["PRE_COMMIT_HOME"] = str(home)
    environment["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "flowlint", "--all-files"],
        cwd=folder,
        capture_output=True,
        text=True,
        env=environment,
        timeout=900,
    )


def test_pre_commit_hook_passes_clean_flows_and_fails_broken_ones(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "flows").mkdir(parents=True)
    shutil.copy(CI_FLOWS / "clean.json", project / "flows" / "clean.json")
    # JSON that is not a flow: pre-commit passes it too, and the hook must skip it.
    (project / "package.json").write_text('{"name": "owl-bank", "version": "1.0.0"}\n')
    (project / "flowlint.toml").write_text('exclude = ["flows/drafts"]\n')
    (project / "flows" / "drafts").mkdir()
    shutil.copy(CI_FLOWS / "support_menu.json", project / "flows" / "drafts" / "wip.json")
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "flows")
    home = tmp_path / "pre-commit-home"

    clean = _try_repo(project, home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "flowlint" in clean.stdout and "Passed" in clean.stdout

    shutil.copy(CI_FLOWS / "support_menu.json", project / "flows" / "support_menu.json")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "a broken flow")
    broken = _try_repo(project, home)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    assert "flows/support_menu.json:38:19: error[FL103/unknown-transition-target]" in broken.stdout
    assert "package.json" not in broken.stdout.replace("flows/", "")
    assert "wip.json" not in broken.stdout
