"""The GitHub Action splits its `paths` input on spaces and lets bash expand globs in it, in a
checkout a pull request controls: a file named like an option (`--rules-dir=...`) must reach
flowlint as a path, never as an option. docs/security.md, "Code flowlint runs"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.ci.test_github_action import _run_step
from tests.security.hostile_project import RULES_FOLDER, code_ran, make_hostile_project


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_a_file_named_like_an_option_is_a_path(tmp_path: Path) -> None:
    project = make_hostile_project(tmp_path / "checkout")
    (project / ".flowlint.toml").unlink()
    (project / f"--rules-dir={RULES_FOLDER}").write_text("{}")
    result = _run_step("Check flows", project, {"paths": "*", "upload-sarif": "false"})
    assert not code_ran(project), result.stdout + result.stderr
    assert result.returncode == 0, result.stderr  # the job fails in a later step
