"""Text from the file that output streams cannot encode: lone surrogates and any stdout
encoding. Before: a `"\\ud800"` in a widget name was a traceback and exit 1 in every format;
an emoji with a Latin-1 or cp1252 stdout lost the whole report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

FORMATS = ["text", "concise", "json", "sarif", "junit", "github", "gitlab"]


def _flow_with_target(target_escape: str) -> str:
    """A flow whose trigger goes to a missing widget named with `target_escape` (JSON text)."""
    return (
        '{"description": "d", "initial_state": "Trigger", "flags": {},'
        ' "states": [{"name": "Trigger", "type": "trigger", "properties": {"offset": {"x": 0,'
        ' "y": 0}}, "transitions": [{"event": "incomingMessage", "next": "ask'
        + target_escape
        + '"}]}]}'
    )


def _run(path: Path, *args: str, encoding: str | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    if encoding is not None:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run(
        [sys.executable, "-m", "flowlint", "check", "--no-cache", *args, str(path)],
        capture_output=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("output_format", FORMATS)
def test_lone_surrogate_is_reported_escaped(tmp_path: Path, output_format: str) -> None:
    path = tmp_path / "surrogate.json"
    path.write_text(_flow_with_target("\\ud800"), encoding="utf-8")
    result = _run(path, "--format", output_format)
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    assert result.returncode == 1
    out = result.stdout.decode("utf-8")
    assert "ud800" in out
    if output_format in ("json", "sarif"):
        json.loads(out)


def test_lone_surrogate_in_the_results_cache(tmp_path: Path) -> None:
    path = tmp_path / "surrogate.json"
    path.write_text(_flow_with_target("\\udfff"), encoding="utf-8")
    for _ in range(2):  # the second run reads what the first stored
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "flowlint",
                "check",
                "--cache-dir",
                str(tmp_path / "c"),
                str(path),
            ],
            capture_output=True,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
        assert b"Traceback" not in result.stderr
        assert result.returncode == 1
        assert b"udfff" in result.stdout


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252", "utf-8"])
def test_any_stdout_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "emoji.json"
    path.write_text(_flow_with_target("\U0001f989"), encoding="utf-8")
    result = _run(path, encoding=encoding)
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    assert result.returncode == 1
    # click treats an ASCII stdout as misconfigured and writes UTF-8 to it.
    out = result.stdout.decode("utf-8" if encoding == "ascii" else encoding)
    assert "ask\U0001f989" in out or "ask\\U0001f989" in out
    assert "Found 2 errors" in out
