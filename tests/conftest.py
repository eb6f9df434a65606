"""Shared test helpers: run the real CLI as a subprocess, locate fixtures and the corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
CORPUS = REPO.parent / "shared" / "corpus" / "real"


def run_flowlint(
    *args: str,
    stdin: bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m flowlint ARGS` and capture its output as text."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environment.pop("FORCE_COLOR", None)
    return (
        subprocess.run(
            [sys.executable, "-m", "flowlint", *args],
            input=stdin,
            capture_output=True,
            cwd=cwd or REPO,
            env=environment,
            timeout=timeout,
            check=False,
        )
        if stdin is not None
        else subprocess.run(
            [sys.executable, "-m", "flowlint", *args],
            capture_output=True,
            text=True,
            cwd=cwd or REPO,
            env=environment,
            timeout=timeout,
            check=False,
        )
    )


def run_json(*args: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    """Run `flowlint check --format json ARGS`; return the exit status and the parsed report."""
    result = run_flowlint("check", "--format", "json", *args, **kwargs)
    assert result.stdout, f"no output; stderr: {result.stderr}"
    return result.returncode, json.loads(result.stdout)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the real-flow corpus is not here ({CORPUS}); it ships with the CI checkout")
    return CORPUS
