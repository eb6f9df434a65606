"""The GitHub Action (action.yml): its inputs are wired, and its shell steps, run here with
bash the way the runner runs them, produce annotations, a SARIF file, a step summary and the
exit status that fails the job."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.ci.conftest import CI_FLOWS

yaml = pytest.importorskip("yaml", reason="PyYAML comes with pre-commit (the `test` extra)")

ACTION = Path(__file__).resolve().parents[2] / "action.yml"


def _action() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return document


def _step(name: str) -> dict[str, Any]:
    (step,) = [step for step in _action()["runs"]["steps"] if step["name"] == name]
    return step


def _expand(value: str, inputs: dict[str, str], outputs: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        if expression.startswith("inputs."):
            return inputs[expression.removeprefix("inputs.")]
        if expression.startswith("steps.check.outputs."):
            return outputs[expression.removeprefix("steps.check.outputs.")]
        if expression.startswith("steps.test.outputs."):
            # A skipped step's outputs are empty.
            return outputs.get("test." + expression.removeprefix("steps.test.outputs."), "")
        raise AssertionError(f"unexpected expression {expression}")

    return re.sub(r"\$\{\{(.*?)\}\}", replace, value)


def _run_step(name: str, cwd: Path, inputs: dict[str, str], outputs: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    step = _step(name)
    assert step["shell"] == "bash"
    defaults = {key: str(spec.get("default", "")) for key, spec in _action()["inputs"].items()}
    values = {**defaults, **inputs}
    environment = {key: value for key, value in os.environ.items() if key != "CI"}
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment['PATH']}"
    for key, value in step.get("env", {}).items():
        environment[key] = _expand(str(value), values, outputs or {})
    environment["GITHUB_OUTPUT"] = str(cwd / "github-output.txt")
    environment["GITHUB_STEP_SUMMARY"] = str(cwd / "step-summary.md")
    environment["RUNNER_TEMP"] = str(cwd)
    # The runner's own invocation for `shell: bash`.
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_every_input_used_exists_and_inputs_never_enter_scripts() -> None:
    action = _action()
    text = ACTION.read_text(encoding="utf-8")
    used = set(re.findall(r"inputs\.([a-z-]+)", text))
    assert used <= set(action["inputs"]), used - set(action["inputs"])
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), (
            f"step {step['name']!r} pastes an expression into its script"
        )
    assert action["runs"]["using"] == "composite"
    uses = [step.get("uses", "") for step in action["runs"]["steps"]]
    assert any(item.startswith("github/codeql-action/upload-sarif@") for item in uses)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_check_step_annotates_writes_sarif_and_summary(tmp_path: Path) -> None:
    shutil.copytree(CI_FLOWS, tmp_path / "flows")
    result = _run_step("Check flows", tmp_path, {"paths": "flows"})
    assert result.returncode == 0, result.stderr  # the job fails in a later step
    assert (tmp_path / "github-output.txt").read_text() == "exit-code=1\n"
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 5 and annotations[0].startswith(
        "::error file=flows/one_line_emoji.json,"
    )
    sarif = json.loads((tmp_path / "flowlint.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 5
    summary = (tmp_path / "step-summary.md").read_text(encoding="utf-8")
    assert summary.startswith("### flowlint\n\n```\nflows/one_line_emoji.json:7:352: error[FL103/")
    assert "Found 2 errors, 3 warnings, 0 infos in 3 files." in summary

    failing = _run_step("Fail on findings", tmp_path, {}, {"exit-code": "1"})
    assert failing.returncode == 1
    assert "::error title=flowlint::findings at or above fail-on" in failing.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_check_step_inputs(tmp_path: Path) -> None:
    shutil.copytree(CI_FLOWS, tmp_path / "flows")
    (tmp_path / "ci.toml").write_text('ignore = ["FL103"]\n')
    result = _run_step(
        "Check flows",
        tmp_path,
        {
            "paths": "flows/support_menu.json flows/clean.json",
            "config": "ci.toml",
            "fail-on": "warning",
            "annotations": "false",
            "args": "--select graph,structure",
            "sarif-file": "reports/flowlint.sarif",
        },
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "github-output.txt").read_text() == "exit-code=1\n"
    assert not any(line.startswith("::") for line in result.stdout.splitlines())
    assert "FL103" not in result.stdout and "FL201/unreachable-widget" in result.stdout
    assert (tmp_path / "reports" / "flowlint.sarif").exists()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_diff_comment_step_posts_the_markdown_diff_of_changed_flows(tmp_path: Path) -> None:
    step = _step("Comment the semantic diff")
    assert "inputs.diff-comment == 'true'" in step["if"]
    assert _action()["inputs"]["diff-comment"]["default"] == "false"
    repo = tmp_path / "repo"
    shutil.copytree(CI_FLOWS, repo)
    flow = next(
        p
        for p in sorted(repo.glob("*.json"))
        if '"next"' in p.read_text() and "states" in p.read_text()
    )

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=repo, check=True, capture_output=True, text=True
        ).stdout.strip()

    git("init", "-q")
    git("config", "user.email", "ci@example.com")
    git("config", "user.name", "CI")
    git("add", ".")
    git("commit", "-qm", "base")
    base = git("rev-parse", "HEAD")
    data = json.loads(flow.read_text())
    data["flags"] = {"allow_concurrent_calls": False}
    flow.write_text(json.dumps(data, indent=2))
    git("commit", "-qam", "head")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 7, "base": {"sha": base}}}))
    # A stand-in for the GitHub CLI that records what it was asked to post.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/gh-args\ncat "$5" > {tmp_path}/gh-body\n')
    gh.chmod(0o755)
    environment = {key: value for key, value in os.environ.items() if key != "CI"}
    environment["PATH"] = os.pathsep.join(
        [str(bin_dir), str(Path(sys.executable).parent), environment["PATH"]]
    )
    values = {"paths": ".", "github-token": "t0ken", "diff-comment": "true"}
    for key, value in step["env"].items():
        environment[key] = _expand(str(value), values, {})
    environment.update(GITHUB_EVENT_PATH=str(event), RUNNER_TEMP=str(tmp_path), NO_COLOR="1")

    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=repo, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "gh-args").read_text().split() == [
        "pr", "comment", "7", "--body-file", str(tmp_path / "flowlint-diff.md"),
    ]  # fmt: skip
    body = (tmp_path / "gh-body").read_text()
    assert f"### flowlint diff: `git:{base}:{flow.name}` → `{flow.name}`" in body
    assert "`/flags/allow_concurrent_calls`" in body


EXAMPLES = ACTION.parent / "examples"


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_test_step_annotates_failed_cases_and_untested_transitions(tmp_path: Path) -> None:
    """`test: true` runs `flowlint test`: a failed case is an error annotation at its line in the
    test file, an untested transition a notice at its line in the flow; JUnit XML, the coverage
    SARIF and the step summary are written; the last step fails the job."""
    step = _step("Test flows")
    assert step["if"] == "inputs.test == 'true'"
    assert _action()["inputs"]["test"]["default"] == "false"
    shutil.copy(EXAMPLES / "owl-bank-sms.json", tmp_path / "sms.json")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "sms.flowtest.yaml").write_text(
        "flow: ../sms.json\n"
        "mocks: {lookup_customer: {status: 200, body: {first_name: Ada, balance: 42}}}\n"
        "cases:\n"
        "  - name: balance\n"
        "    trigger: {event: incomingMessage, message: {From: '+1', To: '+2'}}\n"
        "    inputs: [{widget: ask_topic, body: '2'}]\n"
        "    mocks: {to_agent: {event: callComplete}}\n"
        "    expect: {visits: [send_balance]}\n",
        encoding="utf-8",
    )
    result = _run_step("Test flows", tmp_path, {"test": "true", "test-paths": "tests"})
    assert result.returncode == 0, result.stderr  # the job fails in the last step
    assert (tmp_path / "github-output.txt").read_text() == "exit-code=1\n"
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations[0].startswith(
        "::error file=tests/sms.flowtest.yaml,line=4,col=5,title=flowlint test%3A balance::"
        "case 'balance' failed: visits: expected [send_balance]"
    ), annotations[0]
    assert (
        "::notice file=sms.json,line=113,col=9,title=untested transition::"
        "No test case takes 'route_topic' --match--> 'send_balance'"
    ) in annotations
    junit = (tmp_path / "flowtest-junit.xml").read_text(encoding="utf-8")
    assert 'tests="1" failures="1"' in junit
    sarif = json.loads((tmp_path / "flowtest-coverage.sarif").read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"uncovered-transition"}
    summary = (tmp_path / "step-summary.md").read_text(encoding="utf-8")
    assert summary.startswith("### flowlint test\n\n```\ntests/sms.flowtest.yaml::balance FAILED")
    assert "::" not in summary.replace("flowtest.yaml::balance", "")

    failing = _run_step(
        "Fail on findings", tmp_path, {}, {"exit-code": "0", "test.exit-code": "1"}
    )
    assert failing.returncode == 1
    assert "::error title=flowlint test::a test case failed" in failing.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_test_step_passes_on_the_examples_with_test_args(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    result = _run_step(
        "Test flows",
        tmp_path,
        {"test": "true", "test-paths": "examples", "test-args": "--fail-under 100",
         "test-junit-file": "reports/junit.xml"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "github-output.txt").read_text() == "exit-code=0\n"
    assert "14 passed" in result.stdout
    assert (tmp_path / "reports" / "junit.xml").exists()
    # The voice example's dead `failed` transition is a warning, not a failure.
    assert any(
        line.startswith("::warning file=examples/owl-bank-voice-mistakes.json,line=116,col=9")
        for line in result.stdout.splitlines()
    )
    passing = _run_step("Fail on findings", tmp_path, {}, {"exit-code": "0", "test.exit-code": "0"})
    assert passing.returncode == 0


def test_the_last_step_runs_when_only_the_tests_failed() -> None:
    condition = _step("Fail on findings")["if"]
    assert "steps.test.outputs.exit-code != '0'" in condition
    upload = _step("Upload test coverage to code scanning")
    assert "inputs.test-upload-coverage == 'true'" in upload["if"]
    assert upload["with"]["category"] == "flowlint-test"
