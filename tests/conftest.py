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


def _is_user_setting(name: str) -> bool:
    """flowlint's and Twilio's own variables, which change what a run does (schema engine,
    trusted configuration rules, API URL, credentials, retries); FLOWLINT_TEST_* choose the
    editors the editor tests drive and stay."""
    return (name.startswith("FLOWLINT_") and not name.startswith("FLOWLINT_TEST_")) or (
        name.startswith("TWILIO_")
    )


def pytest_configure(config: pytest.Config) -> None:
    """Every test, and every process it starts, runs as a user who set none of flowlint's or
    Twilio's variables: a developer's exported FLOWLINT_SCHEMA_ENGINE or a CI secret must not
    change the results. A test that needs one sets it for its own run."""
    for name in [name for name in os.environ if _is_user_setting(name)]:
        del os.environ[name]


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
