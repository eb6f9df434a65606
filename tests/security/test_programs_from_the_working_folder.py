"""`flowlint graph --format svg` runs Graphviz's `dot`; a `dot` inside the repository being
checked must never be the one that runs, even when PATH has a relative entry (`.`, empty).
docs/security.md, "Code flowlint runs"."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_flowlint

FLOW = FIXTURES / "cli" / "misspelt_next.json"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for dot")


def _plant_dot(folder: Path) -> Path:
    """A `dot` that leaves a file behind when it runs."""
    program = folder / "dot"
    program.write_text(f"#!/bin/sh\n: > '{folder / 'DOT_RAN'}'\necho '<svg/>'\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


@pytest.mark.parametrize(
    "entry", [".", "", "./", "bin/.."], ids=["dot", "empty", "dot-slash", "relative"]
)
def test_a_dot_in_the_working_folder_never_runs(tmp_path: Path, entry: str) -> None:
    repository = tmp_path / "repository"
    (repository / "bin").mkdir(parents=True)
    _plant_dot(repository)
    path = os.pathsep.join([entry, os.path.dirname(sys.executable)])
    result = run_flowlint("graph", str(FLOW), "--format", "svg", cwd=repository, env={"PATH": path})
    assert not (repository / "DOT_RAN").exists()
    assert result.returncode == 2 and "Graphviz" in result.stderr


def test_a_dot_in_an_absolute_path_folder_runs(tmp_path: Path) -> None:
    tools = tmp_path / "tools"
    tools.mkdir()
    _plant_dot(tools)
    result = run_flowlint(
        "graph", str(FLOW), "--format", "svg", cwd=tmp_path, env={"PATH": str(tools)}
    )
    assert (tools / "DOT_RAN").exists()
    assert result.returncode == 0 and "<svg/>" in result.stdout
