"""Shared helpers for the CI-facing tests: run the real CLI in a folder of real flow files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CI_FLOWS = FIXTURES / "ci" / "flows"
SPECIAL = FIXTURES / "ci" / "special"


def run_flowlint(
    *args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m flowlint ARGS` in `cwd`, outside any CI environment."""
    environment = {
        key: value for key, value in os.environ.items() if key not in ("CI", "GITHUB_ACTIONS")
    }
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "flowlint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=120,
    )


@pytest.fixture
def flows_dir(tmp_path: Path) -> Path:
    """A project folder holding a copy of tests/fixtures/ci/flows as `flows/`."""
    shutil.copytree(CI_FLOWS, tmp_path / "flows")
    return tmp_path


@pytest.fixture
def flowlint() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_flowlint
