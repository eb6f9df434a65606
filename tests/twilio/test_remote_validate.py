"""`flowlint check --remote-validate`: Twilio's Validate answers as `twilio-validate` findings."""

from __future__ import annotations

import json
import sys
import urllib.parse
from pathlib import Path
from typing import Any

from tests.conftest import REPO
from tests.twilio.conftest import TWILIO_FIXTURES, flow_definition, run_cli, studio_env
from tests.twilio.fake_studio_api import FakeStudioApi

VALID = "tests/fixtures/twilio/order_status.json"
INVALID = "tests/fixtures/twilio/timeout_integer_and_missing_url.json"
RESOURCE = "tests/fixtures/twilio/flow_resource_timeout_integer.json"


def findings(stdout: str, rule: str = "twilio-validate") -> list[tuple[str, str | None, str, str]]:
    report = json.loads(stdout)
    found = []
    for diagnostic in report["diagnostics"]:
        if diagnostic["rule"] != rule:
            continue
        start, end = diagnostic["range"]["start"], diagnostic["range"]["end"]
        span = f"{start['line']}:{start['column']}-{end['line']}:{end['column']}"
        found.append(
            (Path(diagnostic["path"]).name, diagnostic["widget"], span, diagnostic["message"])
        )
    return found


def validate_forms(studio: FakeStudioApi) -> list[dict[str, str]]:
    return [dict(r.form) for r in studio.requests_to("POST", "/v2/Flows/Validate")]


def test_valid_flow_passes_and_is_sent_as_compact_json(studio: FakeStudioApi) -> None:
    result = run_cli(
        "check", "--remote-validate", "--format", "json", VALID, env=studio_env(studio)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert findings(result.stdout) == []
    [form] = validate_forms(studio)
    assert form["FriendlyName"] == "order_status"
    assert form["Status"] == "draft"
    assert form["Definition"] == json.dumps(flow_definition(), separators=(",", ":"))


def test_twilio_errors_map_to_exact_ranges_in_a_raw_definition(studio: FakeStudioApi) -> None:
    result = run_cli(
        "check", "--remote-validate", "--format", "json", INVALID, env=studio_env(studio)
    )

    assert result.returncode == 1
    assert findings(result.stdout) == [
        (
            "timeout_integer_and_missing_url.json",
            "ask_reason",
            "58:20-58:24",
            "Twilio's validator (error 81022) rejects widget 'ask_reason' properties.timeout: "
            "integer found, string expected",
        ),
        (
            "timeout_integer_and_missing_url.json",
            "lookup_order",
            "74:7-74:19",
            "Twilio's validator (error 81022) rejects widget 'lookup_order' properties.url: is "
            "missing but it is required (#/states/2/properties/url is not in the file: reported "
            "where it would be)",
        ),
    ]
    lines = (TWILIO_FIXTURES / "timeout_integer_and_missing_url.json").read_text().splitlines()
    assert lines[57][19:23] == "3600"
    assert lines[73][6:18] == '"properties"'


def test_paths_are_relative_to_the_definition_inside_a_flow_resource(studio: FakeStudioApi) -> None:
    result = run_cli(
        "check", "--remote-validate", "--format", "json", RESOURCE, env=studio_env(studio)
    )

    assert [(widget, span) for _, widget, span, _ in findings(result.stdout)] == [
        ("ask_reason", "64:22-64:26"),
        ("lookup_order", "80:9-80:21"),
    ]
    report = json.loads(result.stdout)
    pointers = [d["pointer"] for d in report["diagnostics"] if d["rule"] == "twilio-validate"]
    assert pointers == [
        "/definition/states/1/properties/timeout",
        "/definition/states/2/properties",
    ]
    [form] = validate_forms(studio)
    assert form["FriendlyName"] == "Order status"


def test_text_report_shows_the_finding_beside_flowlints_own(studio: FakeStudioApi) -> None:
    result = run_cli("check", "--remote-validate", INVALID, env=studio_env(studio))

    assert result.returncode == 1
    assert (
        f"{INVALID}:58:20: error[FL801/twilio-validate] Twilio's validator (error 81022) rejects "
        "widget 'ask_reason' properties.timeout: integer found, string expected"
    ) in result.stdout


def test_other_400_answers_are_reported_at_the_definition(
    studio: FakeStudioApi, tmp_path: Path
) -> None:
    studio.fail("POST", "/v2/Flows/Validate", 400, code=20001, message="Invalid Definition")

    result = run_cli(
        "check", "--remote-validate", "--format", "json", RESOURCE, env=studio_env(studio)
    )

    assert findings(result.stdout) == [
        (
            "flow_resource_timeout_integer.json",
            None,
            "7:3-7:15",
            "Twilio's validator (error 20001) rejects the definition: Invalid Definition",
        )
    ]


def test_5xx_on_validate_is_retried(studio: FakeStudioApi) -> None:
    studio.fail("POST", "/v2/Flows/Validate", 502, times=2)

    result = run_cli(
        "check", "--remote-validate", "--format", "json", INVALID, env=studio_env(studio)
    )

    assert result.returncode == 1
    assert len(findings(result.stdout)) == 2
    assert len(validate_forms(studio)) == 3


def test_api_failure_keeps_the_local_report_and_exits_2(studio: FakeStudioApi) -> None:
    env = studio_env(studio, TWILIO_AUTH_TOKEN="wrong-token-7c7c")

    result = run_cli("check", "--remote-validate", VALID, INVALID, env=env)

    assert result.returncode == 2
    assert "wrong-token-7c7c" not in result.stdout + result.stderr
    assert result.stderr == (
        "flowlint: error: --remote-validate: Twilio did not accept the credentials (401 "
        "Unauthorized, Twilio error 20003) for POST /v2/Flows/Validate: check TWILIO_ACCOUNT_SID "
        "and TWILIO_AUTH_TOKEN\n"
    )
    assert "in 2 files" in result.stdout or "2 files checked" in result.stdout  # the local report
    assert len(validate_forms(studio)) == 1  # the first failure stops the remote step


def test_missing_credentials_stop_before_checking(studio: FakeStudioApi) -> None:
    env = studio_env(studio, TWILIO_ACCOUNT_SID=None, TWILIO_AUTH_TOKEN=None)

    result = run_cli("check", "--remote-validate", VALID, env=env)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("flowlint: error: no Twilio credentials")
    assert studio.requests == []


def test_oversize_definition_is_not_sent(studio: FakeStudioApi, tmp_path: Path) -> None:
    definition: dict[str, Any] = flow_definition()
    definition["states"][4]["properties"]["variables"] = [
        {"key": f"note_{n}", "value": "x" * 1000} for n in range(1100)
    ]
    big = tmp_path / "big.json"
    big.write_text(json.dumps(definition))

    result = run_cli(
        "check", "--remote-validate", "--format", "json", str(big), env=studio_env(studio)
    )

    assert validate_forms(studio) == []
    assert "so it was not sent to Twilio (see oversize-definition)" in result.stderr
    rules = [d["rule"] for d in json.loads(result.stdout)["diagnostics"]]
    assert "oversize-definition" in rules


def test_disabled_rule_sends_nothing(studio: FakeStudioApi) -> None:
    result = run_cli(
        "check", "--remote-validate", "--ignore", "FL801", INVALID, env=studio_env(studio)
    )

    assert studio.requests == []
    assert "rule twilio-validate is disabled; nothing sent" in result.stderr


def test_without_the_flag_nothing_is_sent(studio: FakeStudioApi) -> None:
    result = run_cli("check", "--format", "json", INVALID, env=studio_env(studio))

    assert result.returncode in (0, 1)
    assert findings(result.stdout) == []
    assert studio.requests == []


def test_every_flow_of_a_list_page_is_sent(studio: FakeStudioApi, tmp_path: Path) -> None:
    resource = json.loads((TWILIO_FIXTURES / "flow_resource_timeout_integer.json").read_text())
    page = {
        "flows": [resource, {**resource, "friendly_name": "Copy", "definition": flow_definition()}],
        "meta": {"key": "flows", "page": 0, "page_size": 50},
    }
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page, indent=2))

    result = run_cli(
        "check", "--remote-validate", "--format", "json", str(path), env=studio_env(studio)
    )

    assert [form["FriendlyName"] for form in validate_forms(studio)] == ["Order status", "Copy"]
    assert {widget for _, widget, _, _ in findings(result.stdout)} == {"ask_reason", "lookup_order"}


def test_plain_check_imports_no_http_client(tmp_path: Path) -> None:
    """A small `flowlint check` must not pay for urllib.request, http.client or phonenumbers."""
    import subprocess

    result = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "flowlint",
            "check",
            VALID,
            "tests/fixtures/rules/invalid-test-user/silent_no_test_users.json",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    unwanted = {
        name
        for name in imported
        if name.split(".")[0] in ("http", "ssl", "phonenumbers")
        or name in ("urllib.request", "flowlint.twilio.http_client")
    }
    assert unwanted == set()


def test_form_body_round_trips_unicode(studio: FakeStudioApi, tmp_path: Path) -> None:
    definition = flow_definition()
    definition["description"] = "Pedido — estado ✓"
    path = tmp_path / "unicode.json"
    path.write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")

    run_cli("check", "--remote-validate", str(path), env=studio_env(studio))

    [form] = validate_forms(studio)
    assert json.loads(form["Definition"])["description"] == "Pedido — estado ✓"
    assert urllib.parse.quote("✓") not in form["Definition"]


def test_property_path_forms() -> None:
    from flowlint.twilio.remote_validation import relative_pointer

    assert relative_pointer("#/states/3/properties/timeout") == (
        "states",
        3,
        "properties",
        "timeout",
    )
    assert relative_pointer("$.states[3].properties.timeout") == (
        "states",
        3,
        "properties",
        "timeout",
    )
    assert relative_pointer("#/states/0/properties/a~1b") == ("states", 0, "properties", "a/b")
    assert relative_pointer("#") == ()
    assert relative_pointer(None) == ()
    assert relative_pointer("states.3") == ()


def test_odd_validate_details_never_break_the_report(studio: FakeStudioApi) -> None:
    odd = {
        "errors": [
            {"property_path": "#/states/1/name/0", "message": "path into a string"},
            {"property_path": "#/states/999/properties", "message": "no such widget"},
            {"property_path": "not a pointer", "message": "unparseable path"},
            {"message": "no path at all"},
            "not an object",
            {"property_path": 42, "message": None},
        ]
    }
    studio.fail("POST", "/v2/Flows/Validate", 400, code=81022, message="Invalid", details=odd)

    result = run_cli(
        "check", "--remote-validate", "--format", "json", VALID, env=studio_env(studio)
    )

    assert result.returncode == 1
    spans = [(widget, span) for _, widget, span, _ in findings(result.stdout)]
    # Paths that lead nowhere (no path, an unparseable one, states[999]) land on the `states`
    # key; a path into a string lands on the key of the string ("name" of ask_reason).
    assert spans == [(None, "3:3-3:11")] * 4 + [("ask_reason", "33:7-33:13")]
    messages = [message for *_, message in findings(result.stdout)]
    assert any("(no message)" in message for message in messages)
