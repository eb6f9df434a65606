"""Emacs in batch mode with editors/emacs/flowlint-eglot.el shows flowlint's diagnostics.

Eglot hands the server's diagnostics to Flymake; the test reads what Flymake holds. Needs Eglot:
built into Emacs 29+, or Debian's elpa-eglot on older Emacs. FLOWLINT_TEST_EMACS picks another
emacs binary.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.editors.conftest import ExpectedDiagnostic, ExpectedTestFileDiagnostic

EMACS = os.environ.get("FLOWLINT_TEST_EMACS") or shutil.which("emacs")
TEST_INIT = Path(__file__).resolve().parents[2] / "editors" / "emacs" / "test-init.el"

pytestmark = pytest.mark.skipif(
    EMACS is None,
    reason="emacs is not installed (apt-get install emacs-nox elpa-eglot, or .ci/install-editors.sh)",
)


def run_emacs(
    file: Path, environment: dict[str, str], tmp_path: Path, timeout: float
) -> tuple[dict[str, Any], subprocess.CompletedProcess[str]]:
    assert EMACS is not None
    output = tmp_path / "emacs-result.json"
    environment = {
        **environment,
        "FLOWLINT_TEST_OUTPUT": str(output),
        "FLOWLINT_TEST_FILE": str(file),
    }
    process = subprocess.run(
        [EMACS, "--batch", "-Q", "-l", str(TEST_INIT)],
        cwd=file.parent,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert output.is_file(), (
        f"Emacs wrote no result (exit {process.returncode})\n"
        f"stdout: {process.stdout}\nstderr: {process.stderr}"
    )
    result: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    if result.get("missing") == "eglot":
        pytest.skip(result["error"])
    return result, process


def test_shows_unknown_transition_target_on_the_next_value(
    flow_with_missing_target: Path,
    unknown_transition_target: ExpectedDiagnostic,
    editor_environment: dict[str, str],
    editor_timeout: float,
    tmp_path: Path,
) -> None:
    result, process = run_emacs(
        flow_with_missing_target, editor_environment, tmp_path, editor_timeout
    )
    server_stderr = result.get("server_stderr", "")
    assert "error" not in result, (
        f"{result['error']}\nEmacs output:\n{process.stderr}\nserver stderr:\n{server_stderr}"
    )
    context = f"result: {result}\nEmacs output:\n{process.stderr}\nserver stderr:\n{server_stderr}"
    assert result["major_mode"] == "flowlint-flow-mode", context
    assert result["managed"] is True, context
    expected = unknown_transition_target
    assert not result["timed_out"], f"no {expected.code} diagnostic\n{context}"

    found = [d for d in result["diagnostics"] if expected.mentions_rule(d["text"])]
    assert len(found) == 1, context
    diagnostic = found[0]
    # Flymake lines are 1-based like flowlint's; columns are 0-based like LSP's.
    assert diagnostic["line"] == expected.line, context
    assert diagnostic["end_line"] == expected.line, context
    assert expected.accepts_start(diagnostic["column"]), context
    assert expected.accepts_end(diagnostic["end_column"]), context
    assert diagnostic["type"] == "eglot-error", context
    # Eglot writes "SOURCE [CODE]: MESSAGE".
    assert diagnostic["text"].startswith(f"flowlint [{expected.code}]: "), context
    assert expected.target in diagnostic["text"], context


def test_other_json_keeps_its_mode_and_gets_no_server(
    workspace: Path,
    editor_environment: dict[str, str],
    editor_timeout: float,
    tmp_path: Path,
) -> None:
    package_json = workspace / "package.json"
    package_json.write_text('{"name": "not-a-flow", "version": "1.0.0"}\n', encoding="utf-8")
    environment = {**editor_environment, "FLOWLINT_TEST_TIMEOUT_MS": "1500"}

    result, _ = run_emacs(package_json, environment, tmp_path, editor_timeout)

    assert "error" not in result, result["error"]
    assert result["major_mode"] != "flowlint-flow-mode"
    assert result["managed"] is False
    assert result["server"] is None
    assert result["diagnostics"] == []


def test_shows_a_flowtest_diagnostic_in_a_test_file(
    test_file_with_unknown_widget: Path,
    unknown_widget_in_test_file: ExpectedTestFileDiagnostic,
    editor_environment: dict[str, str],
    editor_timeout: float,
    tmp_path: Path,
) -> None:
    expected = unknown_widget_in_test_file
    environment = {**editor_environment, "FLOWLINT_TEST_WAIT_CODE": expected.code}

    result, process = run_emacs(
        test_file_with_unknown_widget, environment, tmp_path, editor_timeout
    )

    server_stderr = result.get("server_stderr", "")
    assert "error" not in result, (
        f"{result['error']}\nEmacs output:\n{process.stderr}\nserver stderr:\n{server_stderr}"
    )
    context = f"result: {result}\nEmacs output:\n{process.stderr}\nserver stderr:\n{server_stderr}"
    assert result["major_mode"] == "flowlint-flowtest-mode", context
    assert result["managed"] is True, context
    assert not result["timed_out"], f"no {expected.code} diagnostic\n{context}"
    found = [d for d in result["diagnostics"] if f"[{expected.code}]" in d["text"]]
    assert len(found) == 1, context
    diagnostic = found[0]
    assert (diagnostic["line"], diagnostic["column"]) == (expected.line, expected.start), context
    assert (diagnostic["end_line"], diagnostic["end_column"]) == (expected.line, expected.end)
    assert diagnostic["type"] == "eglot-error", context
    assert diagnostic["text"].startswith(f"flowlint [{expected.code}]: "), context
    assert "did you mean 'send_confirmation'" in diagnostic["text"], context


def test_other_yaml_keeps_its_mode_and_gets_no_server(
    workspace: Path,
    editor_environment: dict[str, str],
    editor_timeout: float,
    tmp_path: Path,
) -> None:
    compose = workspace / "docker-compose.yaml"
    compose.write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    environment = {**editor_environment, "FLOWLINT_TEST_TIMEOUT_MS": "1500"}

    result, _ = run_emacs(compose, environment, tmp_path, editor_timeout)

    assert "error" not in result, result["error"]
    assert result["major_mode"] != "flowlint-flowtest-mode"
    assert result["managed"] is False
    assert result["server"] is None
