"""Helpers for configuration tests: a project folder with flows and a way to run the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.ci.conftest import CI_FLOWS, run_flowlint


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """`<tmp>/project/flows/support_menu.json` (FL103 on greet, FL201 and FL202 on farewell,
    FL202 on greet) and `clean.json`; no configuration file yet."""
    root = tmp_path / "project"
    (root / "flows").mkdir(parents=True)
    for name in ("support_menu.json", "clean.json"):
        shutil.copy(CI_FLOWS / name, root / "flows" / name)
    return root


def findings(result: subprocess.CompletedProcess[str]) -> list[tuple[str, str, str, str | None]]:
    """(path, rule, severity, widget) of every diagnostic of a `--format json` run."""
    assert result.stdout, result.stderr
    report = json.loads(result.stdout)
    return [
        (item["path"], item["rule"], item["severity"], item["widget"])
        for item in report["diagnostics"]
    ]


def check_json(
    project: Path, *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return run_flowlint("check", "--format", "json", "--no-cache", *args, cwd=cwd or project)
