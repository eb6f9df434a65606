"""Project checks through the real CLI: small multi-flow repositories under
tests/fixtures/projects/<case>/ (each with the `expect.txt` of its project findings:
`<path> <rule> <widget> <line>:<column>-<end line>:<end column>`), the corpus's real
parent/child flows, related locations in the other file, the cache and worker processes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, run_flowlint

PROJECTS = FIXTURES / "projects"
CASES = sorted(path.name for path in PROJECTS.iterdir() if (path / "expect.txt").is_file())
VERIFY_SID = "FW1111111111111111111111111111aaaa"


def _check(folder: Path, *args: str) -> dict[str, Any]:
    result = run_flowlint("check", "--format", "json", *args, ".", cwd=folder)
    assert result.returncode in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def _project_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    for finding in report["diagnostics"]:
        if not finding["code"].startswith("FL95"):
            continue
        start, end = finding["range"]["start"], finding["range"]["end"]
        lines.append(
            f"{finding['path']} {finding['rule']} {finding['widget'] or '-'} "
            f"{start['line']}:{start['column']}-{end['line']}:{end['column']}"
        )
    return sorted(lines)


@pytest.mark.parametrize("case", CASES)
def test_project_findings_match_the_expected_ones(case: str) -> None:
    expected = sorted(
        line.strip() for line in (PROJECTS / case / "expect.txt").read_text().splitlines() if line
    )
    assert _project_lines(_check(PROJECTS / case, "--no-cache")) == expected


def test_a_parent_that_keeps_the_contract_gets_nothing() -> None:
    report = _check(PROJECTS / "config_map", "--no-cache")
    assert not [line for line in _project_lines(report) if line.startswith("flows/good.json")]


def test_files_outside_a_project_are_checked_alone(tmp_path: Path) -> None:
    shutil.copy(PROJECTS / "config_map" / "flows" / "main.json", tmp_path / "main.json")
    (tmp_path / "pyproject.toml").write_text("[tool.flowlint]\n")
    assert _project_lines(_check(tmp_path, "--no-cache")) == []


def test_sarif_related_locations_point_into_the_subflow_file() -> None:
    result = run_flowlint(
        "check", "--no-cache", "--format", "sarif", "flows/main.json", cwd=PROJECTS / "config_map"
    )
    sarif = json.loads(result.stdout)
    by_rule = {r["ruleId"]: r for r in sarif["runs"][0]["results"]}
    missing = by_rule["FL954"]["relatedLocations"][0]["physicalLocation"]
    assert missing["artifactLocation"]["uri"] == "flows/verify.json"
    verify = (PROJECTS / "config_map" / "flows" / "verify.json").read_text().splitlines()
    line = verify[missing["region"]["startLine"] - 1]
    start = missing["region"]["startColumn"] - 1
    assert line[start:].startswith("trigger.parent.parameters.")
    output = by_rule["FL956"]["relatedLocations"][0]["physicalLocation"]
    assert output["artifactLocation"]["uri"] == "flows/verify.json"
    assert '"verified"' in verify[output["region"]["startLine"] - 1]


def _copy_project(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    shutil.copytree(PROJECTS / "config_map", folder)
    (folder / "expect.txt").unlink()
    return folder


def test_the_cache_is_invalidated_when_the_subflow_changes(tmp_path: Path) -> None:
    folder = _copy_project(tmp_path)
    cache = str(tmp_path / "cache")
    before = _project_lines(_check(folder, "--cache-dir", cache))
    assert any("unknown-subflow-output" in line for line in before)
    subflow = folder / "flows" / "verify.json"
    definition = json.loads(subflow.read_text())
    definition["states"][2]["properties"]["variables"].append({"key": "is_verified", "value": "1"})
    subflow.write_text(json.dumps(definition, indent=2))
    after = _project_lines(_check(folder, "--cache-dir", cache))
    # main.json did not change, but what its subflow sets did.
    assert not any("unknown-subflow-output" in line for line in after)


def test_worker_processes_see_the_project(tmp_path: Path) -> None:
    folder = _copy_project(tmp_path)
    for number in range(8):
        shutil.copy(folder / "flows" / "main.json", folder / "flows" / f"main_{number}.json")
    report = _check(folder, "--no-cache", "--jobs", "2")
    copies = [
        line
        for line in _project_lines(report)
        if "main_" in line and "unknown-subflow-output" in line
    ]
    assert len(copies) == 8


def test_a_config_map_entry_must_be_a_path(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.flowlint.flows]\n{VERIFY_SID} = 3\n")
    result = run_flowlint("check", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert f"flows.{VERIFY_SID}" in result.stderr and "a file path" in result.stderr
    assert "Traceback" not in result.stderr


CORPUS_PARENT = "anthonyjdella__level-up-with-twilio-studio__flows_daily-sit-down-parent.json"
CORPUS_CHILD = "anthonyjdella__level-up-with-twilio-studio__flows_daily-sit-down-child.json"
CORPUS_CHILD_SID = "FW50120385f4d1e8dcf30c0bcd83695969"


def _corpus_pair(corpus: Path, tmp_path: Path) -> Path:
    for name in (CORPUS_PARENT, CORPUS_CHILD):
        if not (corpus / name).is_file():
            pytest.skip(f"{name} is not in the corpus")
        shutil.copy(corpus / name, tmp_path / name)
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.flowlint.flows]\n{CORPUS_CHILD_SID} = "{CORPUS_CHILD}"\n'
    )
    return tmp_path


def test_the_corpus_parent_and_child_keep_their_contract(corpus: Path, tmp_path: Path) -> None:
    folder = _corpus_pair(corpus, tmp_path)
    assert _project_lines(_check(folder, "--no-cache")) == []


def test_the_corpus_child_with_a_renamed_parameter_is_caught(corpus: Path, tmp_path: Path) -> None:
    folder = _corpus_pair(corpus, tmp_path)
    child = folder / CORPUS_CHILD
    child.write_text(
        child.read_text().replace("trigger.parent.parameters.name", "trigger.parent.parameters.nom")
    )
    lines = _project_lines(_check(folder, "--no-cache"))
    assert [line.split()[1] for line in lines] == [
        "missing-subflow-parameter",
        "unused-subflow-parameter",
    ]
    assert all(line.startswith(CORPUS_PARENT) for line in lines)
