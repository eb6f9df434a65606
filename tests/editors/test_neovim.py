"""Headless Neovim with editors/neovim/flowlint.lua shows flowlint's diagnostics.

Runs on any Neovim from 0.7 on: the config takes the vim.lsp.config path on 0.11+ and the
FileType-autocommand path before that. FLOWLINT_TEST_NVIM picks another nvim binary.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.editors.conftest import ExpectedDiagnostic, ExpectedTestFileDiagnostic

NVIM = os.environ.get("FLOWLINT_TEST_NVIM") or shutil.which("nvim")
TEST_INIT = Path(__file__).resolve().parents[2] / "editors" / "neovim" / "test_init.lua"

pytestmark = pytest.mark.skipif(
    NVIM is None, reason="nvim is not installed (apt-get install neovim, or .ci/install-editors.sh)"
)

NVIM_ERROR = 1  # vim.diagnostic.severity.ERROR


def run_neovim(
    file: Path, environment: dict[str, str], tmp_path: Path, timeout: float
) -> tuple[dict[str, Any], subprocess.CompletedProcess[str]]:
    assert NVIM is not None
    output = tmp_path / "neovim-result.json"
    environment = {**environment, "FLOWLINT_TEST_OUTPUT": str(output)}
    process = subprocess.run(
        [NVIM, "--headless", "--clean", "-u", str(TEST_INIT), str(file)],
        cwd=file.parent,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert output.is_file(), (
        f"Neovim wrote no result (exit {process.returncode})\n"
        f"stdout: {process.stdout}\nstderr: {process.stderr}"
    )
    return json.loads(output.read_text(encoding="utf-8")), process


def test_shows_unknown_transition_target_on_the_next_value(
    flow_with_missing_target: Path,
    unknown_transition_target: ExpectedDiagnostic,
    editor_environment: dict[str, str],
    editor_timeout: float,
    tmp_path: Path,
    log_tail: Callable[[str | None], str],
) -> None:
    result, process = run_neovim(
        flow_with_missing_target, editor_environment, tmp_path, editor_timeout
    )
    assert "error" not in result, result["error"]
    context = (
        f"Neovim {result['nvim_version']}, clients {result['clients']}, "
        f"diagnostics {result['diagnostics']}\n"
        f"stderr: {process.stderr}\nLSP log ({result['log_file']}):\n{log_tail(result['log_file'])}"
    )
    assert result["filetype"] == "json", context
    assert result["clients"] == ["flowlint"], context
    assert not result["timed_out"], f"no {unknown_transition_target.code} diagnostic\n{context}"

    expected = unknown_transition_target
    found = [
        d for d in result["diagnostics"] if expected.mentions_rule(f"{d['code']} {d['message']}")
    ]
    assert len(found) == 1, context
    diagnostic = found[0]
    # Neovim's lnum is 0-based; flowlint's lines are 1-based.
    assert diagnostic["lnum"] == expected.line - 1, context
    assert diagnostic["end_lnum"] == expected.line - 1, context
    assert expected.accepts_start(diagnostic["col"]), context
    assert expected.accepts_end(diagnostic["end_col"]), context
    assert diagnostic["code"] == expected.code, context
    assert diagnostic["source"] == "flowlint", context
    assert diagnostic["severity"] == NVIM_ERROR, context
    assert expected.target in diagnostic["message"], context


def test_does_not_attach_to_other_json(
    workspace: Path,
    editor_environment: dict[str, str],
    editor_timeout: float,
    tmp_path: Path,
) -> None:
    package_json = workspace / "package.json"
    package_json.write_text('{"name": "not-a-flow", "version": "1.0.0"}\n', encoding="utf-8")
    # Nothing will arrive, so wait only long enough for a wrongly started server to attach.
    environment = {**editor_environment, "FLOWLINT_TEST_TIMEOUT_MS": "1500"}

    result, _ = run_neovim(package_json, environment, tmp_path, editor_timeout)

    assert "error" not in result, result["error"]
    assert result["filetype"] == "json"
    assert result["clients"] == []
    assert result["diagnostics"] == []


def test_hover_and_completion_from_the_widget_schema(
    workspace: Path,
    editor_environment: dict[str, str],
    editor_timeout: float,
    tmp_path: Path,
) -> None:
    owl = Path(__file__).resolve().parents[1] / "lsp" / "fixtures" / "owl_support.flow.json"
    text = owl.read_text(encoding="utf-8")
    flow = workspace / "owl.flow.json"
    flow.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    line = next(i for i, value in enumerate(lines) if value.strip() == '"method": "GET",')
    key_column = lines[line].index('"method"') + 2
    value_column = lines[line].index('"GET"') + 1
    requests = [
        {"method": "textDocument/hover", "line": line, "character": key_column},
        {"method": "textDocument/completion", "line": line, "character": value_column},
    ]
    environment = {**editor_environment, "FLOWLINT_TEST_REQUESTS": json.dumps(requests)}

    result, process = run_neovim(flow, environment, tmp_path, editor_timeout)

    assert "error" not in result, result["error"]
    assert result["clients"] == ["flowlint"], process.stderr
    hover, completion = result["responses"]
    assert hover["contents"]["kind"] == "markdown"
    assert hover["contents"]["value"].startswith(
        "**`method`** · string · required · `make-http-request` property\n\nHTTP method."
    )
    assert hover["range"] == {
        "start": {"line": line, "character": key_column - 2},
        "end": {"line": line, "character": key_column - 2 + len('"method"')},
    }
    items = completion["items"] if isinstance(completion, dict) else completion
    assert [item["label"] for item in items] == ["GET", "POST"]


def test_shows_a_flowtest_diagnostic_in_a_test_file(
    test_file_with_unknown_widget: Path,
    unknown_widget_in_test_file: ExpectedTestFileDiagnostic,
    editor_environment: dict[str, str],
    editor_timeout: float,
    tmp_path: Path,
    log_tail: Callable[[str | None], str],
) -> None:
    expected = unknown_widget_in_test_file
    environment = {**editor_environment, "FLOWLINT_TEST_WAIT_CODE": expected.code}

    result, process = run_neovim(
        test_file_with_unknown_widget, environment, tmp_path, editor_timeout
    )

    assert "error" not in result, result["error"]
    context = (
        f"Neovim {result['nvim_version']}, clients {result['clients']}, "
        f"diagnostics {result['diagnostics']}\n"
        f"stderr: {process.stderr}\nLSP log ({result['log_file']}):\n{log_tail(result['log_file'])}"
    )
    # Neovim's own filetype, so a YAML server configured for `yaml` attaches there too.
    assert result["filetype"] == "yaml", context
    assert result["clients"] == ["flowlint"], context
    assert not result["timed_out"], f"no {expected.code} diagnostic\n{context}"
    found = [d for d in result["diagnostics"] if d["code"] == expected.code]
    assert len(found) == 1, context
    diagnostic = found[0]
    assert (diagnostic["lnum"], diagnostic["col"]) == (expected.line - 1, expected.start), context
    assert (diagnostic["end_lnum"], diagnostic["end_col"]) == (expected.line - 1, expected.end)
    assert diagnostic["source"] == "flowlint", context
    assert diagnostic["severity"] == NVIM_ERROR, context
    assert "did you mean 'send_confirmation'" in diagnostic["message"], context


def test_does_not_attach_to_other_yaml(
    workspace: Path,
    editor_environment: dict[str, str],
    editor_timeout: float,
    tmp_path: Path,
) -> None:
    compose = workspace / "docker-compose.yaml"
    compose.write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    environment = {**editor_environment, "FLOWLINT_TEST_TIMEOUT_MS": "1500"}

    result, _ = run_neovim(compose, environment, tmp_path, editor_timeout)

    assert "error" not in result, result["error"]
    assert result["filetype"] == "yaml"
    assert result["clients"] == []
