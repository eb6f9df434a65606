"""Fixtures for `flowlint diff`: real Console exports from the corpus, edited the way a person
edits them (text replaced in the file, widgets dragged), and the CLI run as a subprocess."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_flowlint

IVR = "jesperfj__twilio-ivr-studio__flows_ivr.json"
"""11 widgets; `gather_input` is the target of a transition and read 9 times in Liquid."""
ASTROLOGY = "Eclairemoy__pride-astrology__studio_flow.json"


def diff(
    *args: str, cwd: Path | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    result = run_flowlint("diff", *args, cwd=cwd, stdin=stdin)
    if stdin is not None:
        result = subprocess.CompletedProcess(
            result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
        )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def diff_json(*args: str, cwd: Path | None = None) -> tuple[int, dict[str, Any]]:
    result = diff("--format", "json", *args, cwd=cwd)
    assert result.stdout, result.stderr
    return result.returncode, json.loads(result.stdout)


@pytest.fixture
def ivr(corpus: Path) -> Path:
    return corpus / IVR


def edited(tmp_path: Path, original: Path, name: str, edit: Any) -> Path:
    """A copy of `original` after `edit` (text → text, or a function of the decoded JSON)."""
    text = original.read_text(encoding="utf-8")
    target = tmp_path / name
    if callable(edit):
        data = json.loads(text)
        edit(data)
        text = json.dumps(data, indent=2) + "\n"
    target.write_text(text, encoding="utf-8")
    return target


def state(data: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [s for s in data["states"] if s["name"] == name]
    return found
