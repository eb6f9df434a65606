"""`flowlint test` as a user runs it: a subprocess on real test files and the shipped examples."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import REPO, run_flowlint

EXAMPLE_FLOW = REPO / "examples" / "owl-bank-sms.json"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example flow with a test file of one passing and one failing case."""
    shutil.copy(EXAMPLE_FLOW, tmp_path / "sms.json")
    (tmp_path / "sms.flowtest.yaml").write_text(
        """flow: sms.json
mocks:
  lookup_customer: {status: 200, body: {first_name: Ada, balance: 42}}
cases:
  - name: balance
    trigger: {event: incomingMessage, message: {From: "+15551230000", To: "+15559870000"}}
    inputs: [{widget: ask_topic, body: "1"}]
    expect:
      path: [Trigger, set_customer, lookup_customer, ask_topic, route_topic, send_balance]
      sends: ["Hi Ada! Reply 1 for your balance or 2 to talk to an agent.", "Your balance is 42."]
  - name: agent (wrong expectation)
    trigger: {event: incomingMessage, message: {From: "+15551230000", To: "+15559870000"}}
    mocks: {to_agent: {event: callComplete}}
    inputs: [{widget: ask_topic, body: "2"}]
    expect:
      path: [Trigger, set_customer, lookup_customer, ask_topic, route_topic, send_balance]
""",
        encoding="utf-8",
    )
    return tmp_path


def test_the_shipped_example_passes_with_full_transition_coverage() -> None:
    result = run_flowlint(
        "test", "examples/owl-bank-sms.flowtest.yaml", "--coverage", "--fail-under", "100"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "examples/owl-bank-sms.json: 14/14 transitions (100.0%)" in result.stdout
    assert "9 passed" in result.stdout


def test_the_voice_example_reaches_100_percent_and_lists_the_transition_no_run_can_take() -> None:
    result = run_flowlint("test", "examples", "--coverage", "--fail-under", "100")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "14 passed" in result.stdout
    lines = result.stdout.splitlines()
    assert "  examples/owl-bank-voice-mistakes.json: 7/7 transitions (100.0%)" in lines
    # The planted `failed` (run-function raises `fail`) is out of the count, but shown.
    assert (
        "    cannot be taken (event failed is not an event of run-function): "
        "lookup_balance --failed--> say_sorry (examples/owl-bank-voice-mistakes.json:116:9)"
    ) in lines
    assert "not taken:" not in result.stdout


def test_a_mock_cannot_force_an_event_the_widget_type_never_raises(tmp_path: Path) -> None:
    """Else a case could "cover" the dead `failed` branch with a run Studio never makes."""
    shutil.copy(REPO / "examples" / "owl-bank-voice-mistakes.json", tmp_path / "voice.json")
    (tmp_path / "t.flowtest.yaml").write_text(
        "flow: voice.json\ncases:\n  - name: forced\n"
        "    trigger: {event: incomingCall, call: {From: '+1', To: '+2'}}\n"
        "    mocks: {lookup_balance: {event: failed}}\n"
        "    inputs: [{widget: greet, digits: '1'}]\n"
        "    expect: {path: [Trigger, greet, check_digits, lookup_balance, say_sorry]}\n"
    )
    result = run_flowlint("test", "t.flowtest.yaml", "--coverage", cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    assert (
        "    the mock forces `failed` on 'lookup_balance', but run-function widgets never "
        "raise it (their events: fail, success)"
    ) in result.stdout.splitlines()
    assert "voice.json: 3/7 transitions" in result.stdout


def test_fail_under_ignores_transitions_no_run_can_take(tmp_path: Path) -> None:
    """A transition repeating an event an earlier one handles is dead too (Studio follows the
    first): it is listed, and --fail-under 100 passes without it."""
    definition = json.loads((REPO / "examples" / "owl-bank-sms.json").read_text())
    (ask,) = [state for state in definition["states"] if state["name"] == "ask_topic"]
    ask["transitions"].append({"event": "timeout", "next": "sorry"})
    (tmp_path / "sms.json").write_text(json.dumps(definition, indent=2))
    shutil.copy(REPO / "examples" / "owl-bank-sms.flowtest.yaml", tmp_path / "t.flowtest.yaml")
    text = (tmp_path / "t.flowtest.yaml").read_text().replace("owl-bank-sms.json", "sms.json")
    (tmp_path / "t.flowtest.yaml").write_text(text)
    result = run_flowlint("test", "t.flowtest.yaml", "--fail-under", "100", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sms.json: 14/14 transitions (100.0%)" in result.stdout
    assert (
        "cannot be taken (an earlier transition of 'ask_topic' handles timeout): "
        "ask_topic --timeout--> sorry"
    ) in result.stdout


def test_a_runtime_error_names_the_widget_and_its_position(tmp_path: Path) -> None:
    shutil.copy(REPO / "examples" / "owl-bank-voice-mistakes.json", tmp_path / "voice.json")
    (tmp_path / "t.flowtest.yaml").write_text(
        "flow: voice.json\ncases:\n  - name: agent\n"
        "    trigger: {event: incomingCall, call: {From: '+1', To: '+2'}}\n"
        "    inputs: [{widget: greet, digits: '2'}]\n"
    )
    result = run_flowlint("test", "t.flowtest.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "    actual:   missing-widget: the `match` transition of 'check_digits' goes to "
        "'conect_agent', which is not a widget of the flow at voice.json:87:19"
    ) in result.stdout.splitlines()


def test_a_failing_case_shows_expected_actual_and_first_difference(project: Path) -> None:
    result = run_flowlint("test", str(project), cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert f"{project}/sms.flowtest.yaml::balance PASSED" in lines
    assert f"{project}/sms.flowtest.yaml::agent (wrong expectation) FAILED" in lines
    assert (
        "    expected: [Trigger, set_customer, lookup_customer, ask_topic, route_topic, send_balance]"
        in lines
    )
    assert (
        "    actual:   [Trigger, set_customer, lookup_customer, ask_topic, route_topic, to_agent]"
        in lines
    )
    assert "    first difference at step 6: expected 'send_balance', got 'to_agent'" in lines
    assert lines[-1].startswith("=") and "1 failed, 1 passed" in lines[-1]


def test_k_selects_cases_by_name(project: Path) -> None:
    result = run_flowlint("test", "-k", "BALANCE", str(project))
    assert result.returncode == 0, result.stdout
    assert "1 passed" in result.stdout and "FAILED" not in result.stdout


def test_json_format(project: Path) -> None:
    result = run_flowlint("test", "--format", "json", "--coverage", str(project))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["summary"]["passed"] == 1 and report["summary"]["failed"] == 1
    failed = report["files"][0]["cases"][1]
    assert failed["status"] == "failed"
    assert failed["mismatches"][0]["what"] == "path"
    assert failed["ends"] == {"widget": "to_agent", "event": "callComplete"}
    coverage = report["coverage"][0]
    assert coverage["total"] == 14 and coverage["covered"] == 6
    assert {"widget", "event", "next", "position"} <= set(coverage["uncovered"][0])


def test_junit_format(project: Path) -> None:
    result = run_flowlint("test", "--format", "junit", str(project))
    root = ElementTree.fromstring(result.stdout.split("?>", 1)[1])
    assert root.get("tests") == "2" and root.get("failures") == "1"
    failures = root.findall(".//testcase/failure")
    assert len(failures) == 1 and failures[0].get("message") == "path"


def test_fail_under_fails_on_low_coverage(project: Path) -> None:
    result = run_flowlint("test", "-k", "balance", "--fail-under", "90", str(project))
    assert result.returncode == 1
    assert "5/14 transitions (35.7%)" in result.stdout
    assert "not taken: route_topic --noMatch--> sorry" in result.stdout
    assert "transition coverage is under 90%" in result.stderr


def test_a_bad_test_file_gets_line_and_column_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.flowtest.yaml"
    bad.write_text("flow: x.json\ncases:\n  - name: one\n    trigger: {event: incomingFax}\n")
    result = run_flowlint("test", str(bad))
    assert result.returncode == 2
    assert f"{bad}:4:22: unknown trigger event 'incomingFax'" in result.stdout
    assert "Traceback" not in result.stderr


def test_invalid_yaml_gets_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "broken.flowtest.yaml"
    bad.write_text("flow: x.json\ncases: [\n")
    result = run_flowlint("test", str(bad))
    assert result.returncode == 2
    assert f"ERROR {bad}:3:1: not valid YAML" in result.stdout


def test_no_test_file_is_exit_2(tmp_path: Path) -> None:
    result = run_flowlint("test", str(tmp_path))
    assert result.returncode == 2
    assert "no *.flowtest.yaml file found" in result.stderr


def test_a_missing_mock_fails_the_case_with_what_to_provide(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE_FLOW, tmp_path / "sms.json")
    (tmp_path / "t.flowtest.yaml").write_text(
        "flow: sms.json\ncases:\n  - name: no mock\n"
        "    trigger: {event: incomingMessage, message: {From: '+1', To: '+2'}}\n"
    )
    result = run_flowlint("test", str(tmp_path))
    assert result.returncode == 1
    assert "  needs test data:" in result.stdout
    assert (
        "    'lookup_customer' (make-http-request) calls out: add a mock "
        "`lookup_customer: {status: 200, body: ...}`"
    ) in result.stdout


def test_scaffold_writes_passing_cases_with_full_coverage(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE_FLOW, tmp_path / "sms.json")
    written = run_flowlint("test", "--scaffold", "sms.json", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith("# Written by `flowlint test --scaffold`")
    assert "flow: sms.json" in written.stdout
    (tmp_path / "sms.flowtest.yaml").write_text(written.stdout, encoding="utf-8")
    result = run_flowlint("test", "--coverage", "--fail-under", "100", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sms.json: 14/14 transitions (100.0%)" in result.stdout


def test_coverage_report_sarif_and_json(tmp_path: Path) -> None:
    sarif_path, json_path = tmp_path / "c.sarif", tmp_path / "c.json"
    run_flowlint(
        "test", "examples", "--coverage-report", "sarif", "--coverage-output", str(sarif_path)
    )
    sarif = json.loads(sarif_path.read_text())
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["level"], r["message"]["text"]) for r in results] == [
        (
            "transition-cannot-be-taken",
            "warning",
            "No run can take 'lookup_balance' --failed--> 'say_sorry': "
            "event failed is not an event of run-function",
        )
    ]
    location = results[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "examples/owl-bank-voice-mistakes.json"
    assert location["region"] == {"startLine": 116, "startColumn": 9}
    run_flowlint(
        "test", "examples", "--coverage-report", "json", "--coverage-output", str(json_path)
    )
    flows = {entry["flow"]: entry for entry in json.loads(json_path.read_text())}
    assert flows["examples/owl-bank-sms.json"]["percent"] == 100.0
    voice = flows["examples/owl-bank-voice-mistakes.json"]
    assert (voice["covered"], voice["total"], voice["percent"]) == (7, 7, 100.0)
    assert voice["uncovered"] == []
    assert voice["cannot_be_taken"] == [
        {
            "widget": "lookup_balance",
            "event": "failed",
            "next": "say_sorry",
            "position": "examples/owl-bank-voice-mistakes.json:116:9",
            "reason": "event failed is not an event of run-function",
        }
    ]


def test_coverage_sarif_notes_uncovered_transitions(project: Path) -> None:
    sarif_path = project / "c.sarif"
    run_flowlint(
        "test", "-k", "balance", str(project), "--coverage-report", "sarif",
        "--coverage-output", str(sarif_path),
    )  # fmt: skip
    results = json.loads(sarif_path.read_text())["runs"][0]["results"]
    assert len(results) == 9
    assert {r["ruleId"] for r in results} == {"uncovered-transition"}
    assert {r["level"] for r in results} == {"note"}


def test_a_billion_laughs_test_file_is_an_error_not_a_hang(tmp_path: Path) -> None:
    # Nine levels of ten aliases stand for a billion values in eleven lines; before the bound
    # `flowlint test` expanded them while running the case and never finished.
    shutil.copy(REPO / "examples" / "owl-bank-sms.json", tmp_path / "flow.json")
    lines = ["flow: flow.json", "mocks:", "  lookup_customer:", "    body:"]
    lines.append("      a0: &a0 [x, x, x, x, x, x, x, x, x, x]")
    for level in range(1, 10):
        lines.append(f"      a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]")
    lines.append("cases: [{name: one, trigger: {event: incomingMessage, message: {Body: hi}}}]")
    (tmp_path / "t.flowtest.yaml").write_text("\n".join(lines) + "\n")
    result = run_flowlint("test", "t.flowtest.yaml", cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.stdout
    assert (
        "t.flowtest.yaml:10:11: aliases expand this value to more than 1,000,000" in result.stdout
    )


@pytest.mark.parametrize("named", ["flow", "subflow", "test file"])
def test_a_fifo_or_device_is_refused_not_waited_on(tmp_path: Path, named: str) -> None:
    # Before, `flow: /dev/zero` read forever and a FIFO waited forever for a writer, in
    # `flowlint test` and in the language server's check of an open test file.
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    shutil.copy(REPO / "examples" / "owl-bank-sms.json", tmp_path / "flow.json")
    os.mkfifo(tmp_path / "pipe")
    case = "cases: [{name: one, trigger: {event: incomingMessage, message: {Body: hi}}}]\n"
    target = "t.flowtest.yaml"
    if named == "flow":
        (tmp_path / target).write_text("flow: pipe\n" + case)
    elif named == "subflow":
        (tmp_path / target).write_text(
            "flow: flow.json\nsubflows: {FWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: /dev/zero}\n" + case
        )
    else:
        target = "pipe.flowtest.yaml"
        os.mkfifo(tmp_path / target)
    result = run_flowlint("test", target, cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.stdout
    assert "not a regular file" in result.stdout, result.stdout


def test_a_template_whose_loops_multiply_stops_at_the_loop_bound(tmp_path: Path) -> None:
    # Three nested loops of 1,000 are a billion iterations: python-liquid bounds each range,
    # not their product, and the run never ended before the simulator bounded one render.
    flow = json.loads((REPO / "examples" / "owl-bank-sms.json").read_text())
    loop = "{% for i in (1..1000) %}{% for j in (1..1000) %}{% for k in (1..1000) %}x"
    (question,) = [state for state in flow["states"] if state["name"] == "ask_topic"]
    question["properties"]["body"] = loop + "{% endfor %}" * 3
    (tmp_path / "flow.json").write_text(json.dumps(flow, indent=2))
    (tmp_path / "t.flowtest.yaml").write_text(
        "flow: flow.json\n"
        "mocks:\n  lookup_customer: {status: 200, body: {first_name: Ada, balance: 42}}\n"
        "cases:\n  - name: the question\n"
        "    trigger: {event: incomingMessage, message: {Body: hi}}\n"
        "    expect: {error: liquid-error}\n"
    )
    result = run_flowlint("test", "t.flowtest.yaml", cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stdout
    scaffold = run_flowlint("test", "--scaffold", "flow.json", cwd=tmp_path, timeout=60)
    assert scaffold.returncode == 0, scaffold.stderr
    assert scaffold.stderr == "flowlint test: 2 cases written for 23 paths of flow.json\n"
