"""pre-commit appends the changed file names to the hook's command line, and a pull request
chooses those names: a file named `--rules-dir=x.json` must reach flowlint as a path, not as an
option that loads the repository's code. docs/security.md, "Code flowlint runs"."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from tests.ci.test_precommit import _git, _try_repo
from tests.security.hostile_project import RULE_MODULE, SENTINEL

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None, reason="no pre-commit"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def test_a_changed_file_named_like_an_option_is_a_path(tmp_path: Path) -> None:
    project = tmp_path / "project"
    # A folder whose name pre-commit's `types: [json]` accepts, holding a rule module.
    (project / "rules.json").mkdir(parents=True)
    (project / "rules.json" / "repository_rule.py").write_text(RULE_MODULE)
    (project / "--rules-dir=rules.json").write_text("{}\n")
    _git(project, "init", "-q")
    _git(project, "add", "--", ".")
    _git(project, "commit", "-q", "-m", "a pull request")
    result = _try_repo(project, tmp_path / "pre-commit-home")
    assert not (project / SENTINEL).exists(), result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
