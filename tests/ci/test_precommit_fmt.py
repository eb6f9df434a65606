"""The `flowlint-fmt` pre-commit hook, run for real with `pre-commit try-repo`: it reformats a
hand-edited flow (so the commit stops, as pre-commit does when a hook changes files), passes
the second time, and leaves JSON that is not a flow alone."""

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

from flowlint.fmt import format_flow_text
from tests.ci.conftest import CI_FLOWS
from tests.ci.test_precommit import REPO, _git

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None,
        reason="pre-commit is not installed (it is in the `test` extra: pip install -e '.[test]')",
    ),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def test_the_hook_passes_file_names_after_a_double_dash() -> None:
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    }
    hook = hooks["flowlint-fmt"]
    assert hook["entry"] == "flowlint fmt --skip-non-flows --force-exclude"
    assert hook["args"] == ["--"]
    assert hook["types"] == ["json"]


def _try_repo(folder: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "CI"}
    environment["PRE_COMMIT_HOME"] = str(home)
    environment["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "flowlint-fmt", "--all-files"],
        cwd=folder,
        capture_output=True,
        text=True,
        env=environment,
        timeout=900,
    )


def test_pre_commit_hook_formats_flows_and_skips_other_json(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "flows").mkdir(parents=True)
    exported = format_flow_text((CI_FLOWS / "clean.json").read_text(encoding="utf-8"))
    edited = json.dumps(json.loads(exported), indent=4, sort_keys=True)
    (project / "flows" / "clean.json").write_text(edited, encoding="utf-8")
    (project / "package.json").write_text('{"name":"owl-bank"}', encoding="utf-8")
    (project / "tsconfig.json").write_text("{ // comments\n}\n", encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "flows")
    home = tmp_path / "pre-commit-home"

    first = _try_repo(project, home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (project / "flows" / "clean.json").read_text(encoding="utf-8") == exported
    assert (project / "package.json").read_text(encoding="utf-8") == '{"name":"owl-bank"}'

    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "formatted")
    second = _try_repo(project, home)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
