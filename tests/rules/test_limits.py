"""oversize-definition and too-many-widgets, on generated flows (too big to keep as fixtures)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.conftest import REPO, run_json

sys.path.insert(0, str(REPO / "bench"))
from generate_flows import generate


def _write_with_padding(path: Path, target_bytes: int) -> dict[str, object]:
    flow = generate(40)
    flow["description"] = ""
    compact = len(json.dumps(flow, separators=(",", ":")).encode())
    flow["description"] = "x" * (target_bytes - compact)  # description grows the compact size 1:1
    assert len(json.dumps(flow, separators=(",", ":")).encode()) == target_bytes
    path.write_text(json.dumps(flow, indent=2))
    return flow


def _findings(report: dict[str, object], rule: str) -> list[tuple[str, int, int, str]]:
    return [
        (d["severity"], d["range"]["start"]["line"], d["range"]["start"]["column"], d["message"])  # type: ignore[index]
        for d in report["diagnostics"]  # type: ignore[attr-defined]
        if d["rule"] == rule  # type: ignore[index]
    ]


def test_oversize_definition_error_warning_and_silent(tmp_path: Path) -> None:
    over = tmp_path / "over.json"
    _write_with_padding(over, 1_048_577)
    near = tmp_path / "near.json"
    _write_with_padding(near, 1_000_000)
    under = tmp_path / "under.json"
    _write_with_padding(under, 900_000)
    _, report = run_json(str(over), str(near), str(under))
    by_path = {
        path: _findings(
            {"diagnostics": [d for d in report["diagnostics"] if d["path"] == str(path)]},
            "oversize-definition",
        )
        for path in (over, near, under)
    }
    (error,) = by_path[over]
    assert error[:3] == ("error", 3, 3)  # the `states` key
    assert "1,048,577 bytes as compact JSON, over Studio's limit of 1,048,576 bytes" in error[3]
    (warning,) = by_path[near]
    assert warning[0] == "warning" and "95% of Studio's limit" in warning[3]
    assert by_path[under] == []


def test_oversize_threshold_override_wins_over_graded_severity(tmp_path: Path) -> None:
    from flowlint.diagnostics import Severity
    from flowlint.engine.linter import Linter
    from flowlint.engine.settings import Settings

    near = tmp_path / "near.json"
    _write_with_padding(near, 1_000_000)
    linter = Linter(
        Settings(
            severities={"oversize-definition": Severity.INFO},
            rule_options={"oversize-definition": {"max_bytes": 2_000_000}},
        )
    )
    diagnostics = linter.lint_bytes(near.read_bytes(), "near.json").diagnostics
    assert [d.rule for d in diagnostics if d.rule == "oversize-definition"] == []
    linter = Linter(Settings(severities={"oversize-definition": Severity.INFO}))
    diagnostics = linter.lint_bytes(near.read_bytes(), "near.json").diagnostics
    assert [(d.rule, d.severity) for d in diagnostics if d.rule == "oversize-definition"] == [
        ("oversize-definition", Severity.INFO)
    ]


def test_too_many_widgets(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text(json.dumps(generate(1001), indent=2))
    ok = tmp_path / "ok.json"
    ok.write_text(json.dumps(generate(1000), indent=2))
    _, report = run_json(str(big), str(ok))
    assert [
        (d["path"], d["range"]["start"])
        for d in report["diagnostics"]
        if d["rule"] == "too-many-widgets"
    ] == [(str(big), {"line": 3, "column": 3})]


def test_float_heavy_flow_small_in_source_is_over_the_limit(tmp_path: Path) -> None:
    # `1e15` is 4 bytes in the file and `1000000000000000.0` (18) as Python re-serializes it:
    # 300 KB of source is over 1 MiB compact, so no "the source is small" shortcut may skip it.
    flow = generate(10)
    flow["states"][1]["properties"]["weights"] = ["FLOAT"]
    text = json.dumps(flow, indent=2).replace('"FLOAT"', ",".join(["1e15"] * 60_000))
    path = tmp_path / "floats.json"
    path.write_text(text)
    assert len(text.encode()) < 350_000
    compact = len(json.dumps(json.loads(text), separators=(",", ":")).encode())
    assert compact > 1_048_576
    _, report = run_json(str(path))
    (error,) = _findings(report, "oversize-definition")
    assert error[0] == "error" and f"{compact:,} bytes as compact JSON" in error[3]
