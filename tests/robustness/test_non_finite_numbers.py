"""`NaN` and `Infinity` are not JSON (RFC 8259 has no such numbers), but Python's decoder
accepts them. Before: `flowlint check` read `"timeout": NaN` as a number and reported it as
"must not be null"; `flowlint render` with a TOML `inf` or `nan` value wrote `"timeout":
Infinity` and exit 0 (its contract: exit 2 and nothing written when the result is not JSON),
a definition Twilio's API refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_flowlint

FLOW = """{"description": "d", "initial_state": "Trigger", "flags": {},
 "states": [
  {"name": "Trigger", "type": "trigger", "properties": {"offset": {"x": 0, "y": 0}},
   "transitions": [{"event": "incomingMessage", "next": "ask"}]},
  {"name": "ask", "type": "send-and-wait-for-reply",
   "properties": {"body": "?", "timeout": TIMEOUT, "offset": {"x": 0, "y": 0}},
   "transitions": [{"event": "incomingMessage"}, {"event": "timeout"},
                   {"event": "deliveryFailure"}]}]}
"""


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_check_reports_a_non_finite_number_as_a_json_syntax_error(
    tmp_path: Path, constant: str
) -> None:
    path = tmp_path / "flow.json"
    path.write_text(FLOW.replace("TIMEOUT", constant), encoding="utf-8")
    result = run_flowlint("check", "--no-cache", "--format", "json", str(path))
    assert result.returncode == 1, result.stderr
    [found] = json.loads(result.stdout)["diagnostics"]
    assert found["code"] == "FL001", found
    assert found["range"]["start"]["line"] == 6
    assert constant in found["message"]


@pytest.mark.parametrize("value", ["inf", "nan", "-inf"])
def test_render_refuses_a_value_that_makes_the_definition_not_json(
    tmp_path: Path, value: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f"[tool.flowlint.environments.dev]\nTIMEOUT = {value}\n", encoding="utf-8"
    )
    (tmp_path / "flow.json").write_text(FLOW.replace("TIMEOUT", "${TIMEOUT}"), encoding="utf-8")
    result = run_flowlint("render", "--env", "dev", "flow.json", "-o", "out.json", cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    assert "flow.json:6:" in result.stderr and "not JSON" in result.stderr
    assert not (tmp_path / "out.json").exists()
