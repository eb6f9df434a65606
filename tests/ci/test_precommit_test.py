"""The `flowlint-test` pre-commit hook, run for real with `pre-commit try-repo`: it runs every
*.flowtest.yaml of the repository (no file names are passed), passes when the cases pass and
stops the commit when a change to the flow breaks one."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.ci.test_precommit import REPO, _git

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None,
        reason="pre-commit is not installed (it is in the `test` extra: pip install -e '.[test]')",
    ),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def test_the_hook_runs_all_test_files_when_a_flow_or_test_file_changes() -> None:
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    }
    hook = hooks["flowlint-test"]
    assert hook["entry"] == "flowlint test"
    assert hook["pass_filenames"] is False
    assert hook["files"] == r"(\.json|\.flowtest\.yaml)$"


def _try_repo(folder: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "CI"}
    environment["PRE_COMMIT_HOME"] = str(home)
    environment["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "flowlint-test", "--all-files"],
        cwd=folder,
        capture_output=True,
        text=True,
        env=environment,
        timeout=900,
    )


def test_pre_commit_hook_runs_the_cases_and_fails_on_a_broken_one(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "flows").mkdir(parents=True)
    for name in ("owl-bank-sms.json", "owl-bank-sms.flowtest.yaml"):
        shutil.copy(REPO / "examples" / name, project / "flows" / name)
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "flows and tests")
    home = tmp_path / "pre-commit-home"

    passing = _try_repo(project, home)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "flowlint test" in passing.stdout and "Passed" in passing.stdout

    # Someone edits the balance message in the flow; the test file still expects the old one.
    flow_path = project / "flows" / "owl-bank-sms.json"
    flow = json.loads(flow_path.read_text(encoding="utf-8"))
    (send_balance,) = [state for state in flow["states"] if state["name"] == "send_balance"]
    send_balance["properties"]["body"] = "Balance: {{widgets.lookup_customer.parsed.balance}}"
    flow_path.write_text(json.dumps(flow, indent=2), encoding="utf-8")
    _git(project, "commit", "-q", "-am", "shorter balance message")
    failing = _try_repo(project, home)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Failed" in failing.stdout
    assert "flows/owl-bank-sms.flowtest.yaml::balance by SMS FAILED" in failing.stdout
