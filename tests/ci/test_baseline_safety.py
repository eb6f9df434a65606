"""`--write-baseline` replaces only a flowlint baseline: any other file is refused before the
run (exit 2) and left byte for byte as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.ci.conftest import CI_FLOWS, run_flowlint


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(CI_FLOWS, tmp_path / "flows")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("README.md", b"# My project\n\nNotes I wrote by hand.\n"),
        ("package.json", b'{"name": "app", "entries": []}\n'),
        ("flows/clean.json", None),  # a flow of the project
        ("broken.json", b'{"flowlint_baseline": 1, "entr'),
    ],
)
def test_write_baseline_refuses_a_file_that_is_not_a_baseline(
    project: Path, name: str, content: bytes | None
) -> None:
    target = project / name
    if content is not None:
        target.write_bytes(content)
    before = target.read_bytes()
    result = run_flowlint("check", "--no-cache", "flows", "--write-baseline", name, cwd=project)
    assert result.returncode == 2, result.stderr
    assert f"refusing to overwrite {name}" in result.stderr
    assert "not a flowlint baseline" in result.stderr and "Traceback" not in result.stderr
    assert target.read_bytes() == before


def test_write_baseline_refuses_a_folder(project: Path) -> None:
    (project / "docs").mkdir()
    result = run_flowlint("check", "--no-cache", "flows", "--write-baseline", "docs", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (project / "docs").is_dir()


def test_write_baseline_creates_and_then_rewrites_its_own_file(project: Path) -> None:
    for _ in range(2):
        result = run_flowlint(
            "check", "--no-cache", "flows", "--write-baseline", "baseline.json", cwd=project
        )
        assert result.returncode == 0, result.stderr
    assert json.loads((project / "baseline.json").read_text())["flowlint_baseline"] == 1
