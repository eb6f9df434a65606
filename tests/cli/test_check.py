"""`flowlint check` end to end: the real CLI as a subprocess on real files."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from flowlint import __version__
from tests.conftest import FIXTURES, REPO, run_flowlint, run_json

RULES = FIXTURES / "rules"
CLEAN = RULES / "unknown-transition-target" / "silent_all_targets_exist.json"
MISSPELT = FIXTURES / "cli" / "misspelt_next.json"
ORPHAN = RULES / "unreachable-widget" / "fires_orphan_widget.json"


def test_version() -> None:
    result = run_flowlint("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"flowlint {__version__}"


def test_clean_file_exits_zero_with_summary() -> None:
    result = run_flowlint("check", str(CLEAN))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "All clear: 1 file checked, no findings."


def test_text_format_line_code_frame_and_summary() -> None:
    result = run_flowlint("check", str(MISSPELT.relative_to(REPO)))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "tests/fixtures/cli/misspelt_next.json:38:19: "
        "error[FL103/unknown-transition-target] the 'sent' transition of 'greet' goes to "
        "'good_bye', but no widget has that name; did you mean 'goodbye'?"
    )
    assert lines[1] == '38 |           "next": "good_bye"'
    assert lines[2] == "   |                   ^^^^^^^^^^"
    assert lines[-1] == "Found 1 error, 0 warnings, 0 infos in 1 file."


def test_json_format_shape() -> None:
    status, report = run_json(str(MISSPELT.relative_to(REPO)))
    assert status == 1
    assert set(report) == {"flowlint_version", "diagnostics", "summary"}
    assert report["flowlint_version"] == __version__
    assert report["summary"] == {
        "files": 1,
        "errors": 1,
        "warnings": 0,
        "infos": 0,
        "tool_failures": 0,
    }
    (diagnostic,) = report["diagnostics"]
    assert diagnostic == {
        "path": "tests/fixtures/cli/misspelt_next.json",
        "code": "FL103",
        "rule": "unknown-transition-target",
        "severity": "error",
        "message": "the 'sent' transition of 'greet' goes to 'good_bye', but no widget has that name; did you mean 'goodbye'?",
        "widget": "greet",
        "pointer": "/states/1/transitions/0/next",
        "range": {"start": {"line": 38, "column": 19}, "end": {"line": 38, "column": 29}},
    }


def test_color_always_highlights_and_never_does_not() -> None:
    colored = run_flowlint("check", "--color", "always", str(MISSPELT))
    assert "\x1b[" in colored.stdout
    plain = run_flowlint("check", "--color", "always", str(MISSPELT), env={"NO_COLOR": ""})
    assert "\x1b[" in plain.stdout  # NO_COLOR only applies to auto
    auto = run_flowlint("check", str(MISSPELT), env={"NO_COLOR": "1"})
    assert "\x1b[" not in auto.stdout


def test_warnings_do_not_fail_by_default_but_do_with_fail_on_warning() -> None:
    assert run_flowlint("check", str(ORPHAN)).returncode == 0
    assert run_flowlint("check", "--fail-on", "warning", str(ORPHAN)).returncode == 1
    assert run_flowlint("check", "--fail-on", "info", str(CLEAN)).returncode == 0


def test_select_and_ignore_by_code_name_and_category() -> None:
    for selector in ("FL201", "unreachable-widget", "graph", "FL2"):
        _, report = run_json("--select", selector, str(ORPHAN))
        assert {d["rule"] for d in report["diagnostics"]} == {"unreachable-widget"}, selector
        _, report = run_json("--ignore", selector, str(ORPHAN))
        assert "unreachable-widget" not in {d["rule"] for d in report["diagnostics"]}, selector


def test_unknown_selector_is_a_usage_error() -> None:
    result = run_flowlint("check", "--select", "FL999X", str(CLEAN))
    assert result.returncode == 2
    assert "'FL999X' matches no rule" in result.stderr


def test_stdin_with_stdin_filename() -> None:
    result = run_flowlint(
        "check",
        "--format",
        "json",
        "--stdin-filename",
        "flows/main.json",
        "-",
        stdin=MISSPELT.read_bytes(),
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [d["path"] for d in report["diagnostics"]] == ["flows/main.json"]


def test_directory_walk_skips_non_flows_but_explicit_file_gets_not_a_flow(tmp_path: Path) -> None:
    (tmp_path / "nested" / "deeper").mkdir(parents=True)
    shutil.copy(MISSPELT, tmp_path / "nested" / "deeper" / "flow.json")
    (tmp_path / "package.json").write_text('{"name": "functions", "version": "1.0.0"}')
    (tmp_path / "notes.txt").write_text("not json")
    status, report = run_json(str(tmp_path))
    assert status == 1
    assert report["summary"]["files"] == 1
    assert {d["rule"] for d in report["diagnostics"]} == {"unknown-transition-target"}
    status, report = run_json(str(tmp_path / "package.json"))
    assert status == 1
    assert [(d["rule"], d["range"]["start"]) for d in report["diagnostics"]] == [
        ("not-a-flow", {"line": 1, "column": 1})
    ]


def test_missing_path_is_exit_2_and_other_files_are_still_checked() -> None:
    result = run_flowlint("check", "--format", "json", "does/not/exist.json", str(MISSPELT))
    assert result.returncode == 2
    assert "cannot read does/not/exist.json: No such file or directory" in result.stderr
    report = json.loads(result.stdout)
    assert [(d["path"], d["rule"]) for d in report["diagnostics"]] == [
        ("does/not/exist.json", "unreadable-file"),
        ("tests/fixtures/cli/misspelt_next.json", "unknown-transition-target"),
    ]


def test_exit_status_is_the_worst_across_files() -> None:
    assert run_flowlint("check", str(CLEAN), str(ORPHAN)).returncode == 0
    assert run_flowlint("check", str(CLEAN), str(MISSPELT), str(ORPHAN)).returncode == 1


def test_flow_resource_pointer_is_from_the_file_root(tmp_path: Path) -> None:
    definition = json.loads(MISSPELT.read_text())
    resource = {
        "sid": "FW" + "ab" * 16,
        "friendly_name": "Owl",
        "status": "draft",
        "revision": 2,
        "definition": definition,
    }
    path = tmp_path / "resource.json"
    path.write_text(json.dumps(resource, indent=2))
    _, report = run_json(str(path))
    assert [d["pointer"] for d in report["diagnostics"]] == [
        "/definition/states/1/transitions/0/next"
    ]


def test_list_page_reports_each_flow_separately(tmp_path: Path) -> None:
    definition = json.loads(MISSPELT.read_text())
    flows = [
        {
            "sid": "FW" + "0" * 32,
            "friendly_name": "No definition in lists",
            "status": "draft",
            "definition": None,
        },
        {"sid": "FW" + "1" * 32, "friendly_name": "A", "status": "draft", "definition": definition},
        {
            "sid": "FW" + "2" * 32,
            "friendly_name": "B",
            "status": "published",
            "definition": definition,
        },
    ]
    page = {
        "flows": flows,
        "meta": {"page": 0, "page_size": 50, "key": "flows", "next_page_url": None},
    }
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page, indent=2))
    _, report = run_json(str(path))
    assert [d["pointer"] for d in report["diagnostics"]] == [
        "/flows/1/definition/states/1/transitions/0/next",
        "/flows/2/definition/states/1/transitions/0/next",
    ]


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + MISSPELT.read_bytes())
    _, report = run_json(str(path))
    assert [(d["rule"], d["range"]["start"]) for d in report["diagnostics"]] == [
        ("unknown-transition-target", {"line": 38, "column": 19})
    ]


def test_output_writes_a_second_report(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = run_flowlint("check", "--output", f"json:{target}", str(MISSPELT))
    assert result.returncode == 1
    assert "FL103" in result.stdout
    assert json.loads(target.read_text())["summary"]["errors"] == 1


def test_rules_lists_every_rule_and_explain_prints_docs() -> None:
    listing = run_flowlint("rules")
    assert listing.returncode == 0
    assert re.search(
        r"^FL103\s+unknown-transition-target\s+structure\s+error\s+", listing.stdout, re.M
    )
    for key in ("FL103", "unknown-transition-target", "fl103"):
        explained = run_flowlint("explain", key)
        assert explained.returncode == 0
        for section in ("## What it finds", "## Why it matters", "## Example", "## Fix"):
            assert section in explained.stdout
    missing = run_flowlint("explain", "unknown-transition-targt")
    assert missing.returncode == 2
    assert "did you mean 'unknown-transition-target'" in missing.stderr


def test_usage_error_is_exit_2() -> None:
    assert run_flowlint("check", "--fail-on", "sometimes", str(CLEAN)).returncode == 2
    assert run_flowlint("no-such-command").returncode == 2
