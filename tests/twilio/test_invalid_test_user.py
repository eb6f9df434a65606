"""invalid-test-user: messages and suggestions (positions are in tests/fixtures/rules)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.twilio.conftest import run_cli, studio_env

RULE_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "invalid-test-user"


def messages(path: Path) -> list[tuple[int, str, str]]:
    result = run_cli(
        "check", "--format", "json", "--select", "FL802", str(path), env=studio_env(None)
    )
    return [
        (d["range"]["start"]["line"], d["severity"], d["message"])
        for d in json.loads(result.stdout)["diagnostics"]
    ]


def test_phone_numbers_not_in_e164() -> None:
    assert messages(RULE_FIXTURES / "fires_phone_numbers_not_e164.json") == [
        (
            5,
            "warning",
            "test user '(415) 555-1213' looks like a phone number but is not in E.164 form (+, country code, digits only)",
        ),
        (
            6,
            "warning",
            "test user '0044 20 7946 0958' looks like a phone number but is not in E.164 form: did you mean '+442079460958'?",
        ),
        (
            7,
            "warning",
            "test user 'whatsapp:4155551215' is not whatsapp:+<E.164 number>: the number looks like a phone number but is not in E.164 form (+, country code, digits only)",
        ),
        (
            8,
            "warning",
            "test user '+1415555' is shaped like E.164 but is not a possible phone number (wrong number of digits for its country code, or no such country code); check the digits",
        ),
    ]


def test_sizes_duplicates_and_types() -> None:
    assert messages(RULE_FIXTURES / "fires_empty_duplicate_too_long_bad_sid.json") == [
        (
            2,
            "error",
            "`sid` 'FW123' is not a Flow SID (FW followed by 32 hexadecimal digits), so these test users cannot be attached to a flow",
        ),
        (5, "warning", "test user 1 is empty, so it matches no contact; remove it"),
        (
            6,
            "warning",
            "test user '+14155551212' is listed twice (first as entry 0); remove this one",
        ),
        (
            7,
            "error",
            "test user 3 is 301 bytes, over the API's limit of 300 bytes per identity: Twilio refuses the update",
        ),
        (
            8,
            "warning",
            "test user ' alice' has spaces around it, so it never equals a contact address; did you mean 'alice'?",
        ),
        (9, "error", 'test user 5 is a number; identities are strings like "+14155551212"'),
        (10, "warning", "test user 'client:' names no client: write client:<identity>"),
    ]


def test_300_bytes_counts_utf8_bytes_not_characters(tmp_path: Path) -> None:
    path = tmp_path / "test-users.json"
    at_limit = "é" * 150  # 300 bytes
    over = "é" * 150 + "x"  # 150 characters, 301 bytes
    path.write_text(
        json.dumps({"sid": "FW" + "a" * 32, "test_users": [at_limit, over]}), encoding="utf-8"
    )

    assert [m[2] for m in messages(path)] == [
        "test user 1 is 301 bytes, over the API's limit of 300 bytes per identity: Twilio refuses the update"
    ]


@pytest.mark.parametrize(
    "identity",
    [
        "+14155551212",
        "+447700900123",
        "client:alice",
        "alice",
        "alice@example.com",
        "whatsapp:+14155551212",
        "sip:alice@example.com",
        "Ünïcødé",
    ],
)
def test_contact_addresses_pass(identity: str) -> None:
    from rules.remote.invalid_test_user import identity_problem

    assert identity_problem(identity) is None


def test_a_control_character_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "test-users.json"
    path.write_text(json.dumps({"sid": "FW" + "a" * 32, "test_users": ["alice\tbob"]}))

    assert [m[2] for m in messages(path)] == [
        "test user 'alice\\tbob' contains control characters (a pasted line break?), so it matches no contact"
    ]


def test_identity_checks_never_raise() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from rules.remote.invalid_test_user import identity_problem

    phone_ish = st.text(alphabet="+0123456789 ()-.٠١٢٣٤٥٦٧٨٩/", max_size=24)
    prefixed = st.tuples(st.sampled_from(["whatsapp:", "client:", "WhatsApp:", ""]), phone_ish)

    @settings(max_examples=400, deadline=None)
    @given(st.one_of(st.text(max_size=40), phone_ish, prefixed.map("".join)))
    def check(identity: str) -> None:
        problem = identity_problem(identity)
        assert problem is None or isinstance(problem, str)

    check()
