"""Every CI output format, produced by the real CLI and checked by parsing it: SARIF against the
official SARIF 2.1.0 schema, JUnit as XML, GitLab Code Quality against its documented fields,
GitHub workflow commands for their escaping, and the concise format line by line."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema

from tests.ci.conftest import FIXTURES, run_flowlint

SARIF_SCHEMA = FIXTURES / "sarif" / "sarif-schema-2.1.0.json"
SPECIAL = FIXTURES / "ci" / "special"
FINDING_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>\w+)\[(?P<code>FL\d+)/(?P<rule>[\w-]+)\] .+$"
)


def _sarif(project: Path, *paths: str) -> dict:
    result = run_flowlint("check", *paths, "--format", "sarif", cwd=project)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_sarif_is_valid_against_the_official_schema(flows_dir: Path) -> None:
    log = _sarif(flows_dir, "flows")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.absolute_path))
    assert not errors, [f"{list(error.absolute_path)}: {error.message}" for error in errors]
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "flowlint"
    assert {result["ruleId"] for result in run["results"]} == {"FL103", "FL201", "FL202"}


def test_sarif_has_what_github_code_scanning_requires(flows_dir: Path) -> None:
    run = _sarif(flows_dir, "flows")["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith("## What it finds")
        assert rule["helpUri"].endswith(f"#{rule['id'].lower()}-{rule['name']}")
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
        assert result["partialFingerprints"]["flowlint/v1"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("flows/")
        region = location["region"]
        assert {"startLine", "startColumn", "endLine", "endColumn"} <= set(region)


def test_sarif_regions_count_utf16_code_units(flows_dir: Path) -> None:
    run = _sarif(flows_dir, "flows/one_line_emoji.json")["runs"][0]
    text_report = run_flowlint(
        "check", "flows/one_line_emoji.json", "--format", "concise", cwd=flows_dir
    )
    match = FINDING_LINE.match(text_report.stdout.splitlines()[0])
    assert match and match["rule"] == "unknown-transition-target"
    (result,) = [item for item in run["results"] if item["ruleId"] == "FL103"]
    region = result["locations"][0]["physicalLocation"]["region"]
    # "👋🏽" before the finding: two code points, four UTF-16 code units.
    assert region["startLine"] == int(match["line"]) == 7
    assert region["startColumn"] == int(match["col"]) + 2
    line = (flows_dir / "flows" / "one_line_emoji.json").read_text(encoding="utf-8").splitlines()[6]
    utf16 = line.encode("utf-16-le")
    start, end = (region["startColumn"] - 1) * 2, (region["endColumn"] - 1) * 2
    assert utf16[start:end].decode("utf-16-le") == '"menu_2"'
    assert (
        result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        == "/states/1/transitions/0/next"
    )


def _start_lines(results: list[dict]) -> list[int]:
    return [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results]


def _fingerprints(results: list[dict]) -> list[str]:
    return sorted(r["partialFingerprints"]["flowlint/v1"] for r in results)


def test_sarif_fingerprints_survive_reformatting_and_moved_widgets(flows_dir: Path) -> None:
    before = _sarif(flows_dir, "flows/support_menu.json")["runs"][0]["results"]
    target = flows_dir / "flows" / "support_menu.json"
    document = json.loads(target.read_text(encoding="utf-8"))
    document["states"].reverse()
    target.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    after = _sarif(flows_dir, "flows/support_menu.json")["runs"][0]["results"]
    assert _start_lines(before) != _start_lines(after)
    assert _fingerprints(before) == _fingerprints(after)


def test_sarif_reports_unreadable_files_as_notifications(flows_dir: Path) -> None:
    result = run_flowlint(
        "check", "flows/clean.json", "flows/missing.json", "--format", "sarif", cwd=flows_dir
    )
    assert result.returncode == 2
    invocation = json.loads(result.stdout)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (notice,) = invocation["toolExecutionNotifications"]
    assert "missing.json" in notice["message"]["text"]


def test_junit_is_xml_with_one_case_per_file_and_rule(flows_dir: Path) -> None:
    result = run_flowlint("check", "flows", "--format", "junit", cwd=flows_dir)
    assert result.returncode == 1
    root = ElementTree.fromstring(result.stdout)
    assert root.tag == "testsuites"
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert set(suites) == {
        "flows/clean.json",
        "flows/one_line_emoji.json",
        "flows/support_menu.json",
    }
    clean_cases = suites["flows/clean.json"].findall("testcase")
    assert len(clean_cases) == 1 and not list(clean_cases[0])
    menu = {
        case.get("name"): case for case in suites["flows/support_menu.json"].findall("testcase")
    }
    assert set(menu) == {
        "FL103 unknown-transition-target",
        "FL201 unreachable-widget",
        "FL202 unhandled-event",
    }
    failure = menu["FL103 unknown-transition-target"].find("failure")
    assert failure is not None and "did you mean 'farewell'" in failure.get("message", "")
    assert failure.text and "flows/support_menu.json:38:19" in failure.text
    # Warnings are below the default --fail-on error: listed, but the case passes.
    unhandled = menu["FL202 unhandled-event"]
    assert unhandled.find("failure") is None
    system_out = unhandled.find("system-out")
    assert system_out is not None and system_out.text and system_out.text.count("\n") == 1
    assert root.get("failures") == "2"
    assert root.get("tests") == str(
        sum(len(suite.findall("testcase")) for suite in suites.values())
    )


def test_junit_failures_follow_fail_on(flows_dir: Path) -> None:
    result = run_flowlint(
        "check", "flows", "--format", "junit", "--fail-on", "warning", cwd=flows_dir
    )
    root = ElementTree.fromstring(result.stdout)
    assert root.get("failures") == "4"


def test_junit_survives_control_characters(tmp_path: Path) -> None:
    shutil.copy(SPECIAL / "control_character_target.json", tmp_path / "bell.json")
    result = run_flowlint("check", "bell.json", "--format", "junit", cwd=tmp_path)
    root = ElementTree.fromstring(result.stdout)  # raises on characters XML 1.0 cannot hold
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and "bell\\x07" in failure.get("message", "")


def test_junit_reports_unreadable_files_as_errors(flows_dir: Path) -> None:
    result = run_flowlint("check", "flows/missing.json", "--format", "junit", cwd=flows_dir)
    assert result.returncode == 2
    root = ElementTree.fromstring(result.stdout)
    assert root.get("errors") == "1"
    assert root.find("testsuite/testcase/error") is not None


def test_gitlab_code_quality_fields_and_unique_fingerprints(flows_dir: Path) -> None:
    shutil.copy(
        SPECIAL / "pasted_twice_same_broken_target.json", flows_dir / "flows" / "pasted.json"
    )
    result = run_flowlint("check", "flows", "--format", "gitlab", cwd=flows_dir)
    assert result.returncode == 1
    issues = json.loads(result.stdout)
    assert isinstance(issues, list) and len(issues) == 8
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert re.fullmatch(r"FL\d{3}/[a-z-]+", issue["check_name"])
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
        assert issue["location"]["path"].startswith("flows/")
        assert isinstance(issue["location"]["lines"]["begin"], int)
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    pasted = [
        issue
        for issue in issues
        if issue["location"]["path"] == "flows/pasted.json"
        and issue["check_name"].startswith("FL103")
    ]
    assert len(pasted) == 2 and pasted[0]["description"] == pasted[1]["description"]
    assert {issue["severity"] for issue in issues} == {"major", "minor"}


def test_github_annotations_are_escaped(tmp_path: Path) -> None:
    shutil.copy(SPECIAL / "target_with_separators.json", tmp_path / "menu, v2: final.json")
    result = run_flowlint("check", "menu, v2: final.json", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    (annotation, summary) = result.stdout.splitlines()
    assert annotation.startswith(
        "::error file=menu%2C v2%3A final.json,line=50,endLine=50,col=19,endColumn="
    )
    properties, _, message = annotation[len("::error ") :].partition("::")
    assert "title=FL103 unknown-transition-target" in properties
    # The newline in the name is shown escaped (`\n`), then `%` is encoded for the runner.
    assert "'menu,v2: 100%25\\nretry'" in message
    assert "\n" not in annotation and summary.startswith("Found 1 error")


def test_github_annotation_levels(flows_dir: Path) -> None:
    result = run_flowlint("check", "flows/support_menu.json", "--format", "github", cwd=flows_dir)
    lines = result.stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in lines[:-1]] == [
        "::error",
        "::warning",
        "::warning",
        "::warning",
    ]
    assert lines[0].startswith(
        "::error file=flows/support_menu.json,line=38,endLine=38,col=19,endColumn=28,"
    )


def test_github_multiline_ranges_have_no_columns(tmp_path: Path) -> None:
    source = FIXTURES / "rules" / "invalid-flow-structure" / "fires_transitions_not_array.json"
    shutil.copy(source, tmp_path / "flow.json")
    result = run_flowlint("check", "flow.json", "--format", "github", cwd=tmp_path)
    (multiline,) = [line for line in result.stdout.splitlines() if "invalid-flow-structure" in line]
    # GitHub accepts col/endColumn only on single-line annotations.
    assert "line=60,endLine=62," in multiline and "col=" not in multiline


def test_concise_is_one_line_per_finding(flows_dir: Path) -> None:
    result = run_flowlint("check", "flows", "--format", "concise", cwd=flows_dir)
    *findings, summary = result.stdout.splitlines()
    assert len(findings) == 5
    assert all(FINDING_LINE.match(line) for line in findings)
    assert summary == "Found 2 errors, 3 warnings, 0 infos in 3 files."


def test_several_outputs_in_one_run(flows_dir: Path) -> None:
    result = run_flowlint(
        "check", "flows", "--format", "concise",
        "--output", "sarif:reports/flowlint.sarif", "--output", "junit:junit.xml",
        "--output", "gitlab:gl-code-quality-report.json",
        cwd=flows_dir,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[-1].startswith("Found 2 errors")
    sarif = json.loads((flows_dir / "reports" / "flowlint.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 5
    assert ElementTree.parse(flows_dir / "junit.xml").getroot().get("failures") == "2"
    assert (
        len(json.loads((flows_dir / "gl-code-quality-report.json").read_text(encoding="utf-8")))
        == 5
    )


def test_skip_non_flows_and_force_exclude_for_named_files(flows_dir: Path) -> None:
    (flows_dir / "package.json").write_text('{"name": "owl-bank"}\n')
    (flows_dir / "flowlint.toml").write_text('exclude = ["flows/support_*"]\n')
    named = ["package.json", "flows/support_menu.json", "flows/clean.json"]
    plain = run_flowlint("check", "--format", "concise", *named, cwd=flows_dir)
    assert "FL003/not-a-flow" in plain.stdout and "support_menu.json" in plain.stdout
    hook = run_flowlint(
        "check", "--format", "concise", "--skip-non-flows", "--force-exclude", *named, cwd=flows_dir
    )
    assert hook.returncode == 0, hook.stdout
    assert hook.stdout == "All clear: 1 file checked, no findings.\n"
