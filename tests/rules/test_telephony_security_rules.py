"""Telephony, security and deprecation rules (FL6xx): severities, messages, redaction."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import FIXTURES, run_flowlint, run_json

RULES = FIXTURES / "rules"
SECRET_FIXTURE = RULES / "hardcoded-secret" / "fires_keys_tokens_and_url_password.json"
SECRETS = ["S3cretPassw0rd", "4f9a2c7e1b8d6035e2a1", "Zq8rT2vK9pLm3nX7wY1cB5dF"]


def _findings(rule: str, fixture: str) -> list[dict[str, Any]]:
    status, report = run_json(str(RULES / rule / f"{fixture}.json"))
    assert status in (0, 1)
    return [d for d in report["diagnostics"] if d["rule"] == rule]


@pytest.mark.parametrize(
    "output_format", ["text", "concise", "json", "sarif", "junit", "github", "gitlab"]
)
def test_no_report_format_prints_a_secret(output_format: str) -> None:
    result = run_flowlint("check", "--format", output_format, str(SECRET_FIXTURE))
    if "invalid choice" in result.stderr or "unknown format" in result.stderr.lower():
        pytest.skip(f"--format {output_format} is not available in this build")
    assert result.returncode in (0, 1), result.stderr
    assert "hardcoded-secret" in result.stdout or "FL604" in result.stdout
    for secret in SECRETS:
        assert secret not in result.stdout
        assert secret not in result.stderr


def test_secret_messages_show_at_most_a_prefix_and_length() -> None:
    messages = [
        d["message"] for d in _findings("hardcoded-secret", "fires_keys_tokens_and_url_password")
    ]
    assert len(messages) == 3
    assert any("('4f9a…', 20 characters, redacted)" in message for message in messages)
    assert any("('…', 14 characters, redacted)" in message for message in messages)


def test_phone_number_findings_are_graded() -> None:
    graded = sorted(
        (d["widget"], d["severity"])
        for d in _findings("invalid-phone-number", "fires_placeholders_and_bad_numbers")
    )
    assert graded == [
        ("callback", "error"),
        ("callback", "warning"),
        ("confirm", "error"),
    ]
    # forward's `+1XXXYYYZZZZ` is a template placeholder: template-placeholder reports it.
    [template] = _findings(
        "template-placeholder", "../invalid-phone-number/fires_placeholders_and_bad_numbers"
    )
    assert template["widget"] == "forward" and "'+1XXXYYYZZZZ'" in template["message"]


def test_magic_numbers_say_what_they_simulate() -> None:
    messages = [d["message"] for d in _findings("test-phone-number", "fires_magic_numbers")]
    assert any("+15005550006" in m and "passes all validation" in m for m in messages)
    assert any("+15005550009" in m and "21614" in m for m in messages)
    assert any("+15005550007" in m and "21606" in m for m in messages)


def test_retired_widget_is_an_error_and_deprecated_ones_warnings() -> None:
    graded = {
        d["widget"]: (d["severity"], d["message"])
        for d in _findings("deprecated-widget", "fires_retired_and_superseded")
    }
    assert graded["bot"][0] == "error"
    assert "connect-virtual-agent-v2" in graded["bot"][1]
    assert graded["agent"][0] == "warning"
    assert graded["call_back"][0] == "warning"
    assert "make-outgoing-call-v2" in graded["call_back"][1]


def test_insecure_url_message_hides_url_credentials(tmp_path: Any) -> None:
    flow = json.loads(SECRET_FIXTURE.read_text())
    flow["states"][1]["properties"]["url"] = "http://bot:S3cretPassw0rd@api.owlbank.example/v1"
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(flow, indent=2))
    status, report = run_json(str(path))
    assert status in (0, 1)
    insecure = [d for d in report["diagnostics"] if d["rule"] == "insecure-url"]
    assert insecure and "…@api.owlbank.example" in insecure[0]["message"]
    assert all("S3cretPassw0rd" not in d["message"] for d in report["diagnostics"])


def test_no_rule_crashes_on_any_rule_fixture() -> None:
    fixtures = sorted(str(path) for path in RULES.glob("*/*.json"))
    status, report = run_json(*fixtures)
    assert status in (0, 1)
    crashes = [d["message"] for d in report["diagnostics"] if d["rule"] == "internal-error"]
    assert crashes == []
