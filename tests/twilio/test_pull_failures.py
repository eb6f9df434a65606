"""What `flowlint pull` says and leaves on disk when something goes wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.twilio.conftest import flow_definition, run_cli, studio_env
from tests.twilio.fake_studio_api import (
    API_KEY,
    API_SECRET,
    TEST_ACCOUNT_SID,
    TEST_AUTH_TOKEN,
    FakeStudioApi,
)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_malformed_sid_is_refused_before_any_request(studio: FakeStudioApi, tmp_path: Path) -> None:
    good = studio.add_flow("Order status", flow_definition())

    result = run_cli(
        "pull", "--out", str(tmp_path), good, "FW123", "../../Accounts", env=studio_env(studio)
    )

    assert result.returncode == 2
    assert result.stderr == (
        "flowlint: error: not a Flow SID (FW followed by 32 hexadecimal digits): 'FW123', "
        "'../../Accounts'; nothing was sent\n"
    )
    assert studio.requests == []
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [(), ("--all", "FW" + "0" * 32)])
def test_sids_or_all_is_required(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run_cli("pull", "--out", str(tmp_path), *args, env=studio_env(None))

    assert result.returncode == 2
    assert "name flow SIDs or use --all (not both)" in result.stderr


def test_missing_credentials_are_named(studio: FakeStudioApi, tmp_path: Path) -> None:
    env = studio_env(studio, TWILIO_ACCOUNT_SID=None, TWILIO_AUTH_TOKEN=None)

    result = run_cli("pull", "--out", str(tmp_path), "--all", env=env)

    assert result.returncode == 2
    assert result.stderr == (
        "flowlint: error: no Twilio credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, "
        "or TWILIO_API_KEY and TWILIO_API_SECRET\n"
    )
    assert studio.requests == []


def test_half_an_api_key_is_named(studio: FakeStudioApi, tmp_path: Path) -> None:
    env = studio_env(studio, TWILIO_API_KEY=API_KEY)

    result = run_cli("pull", "--out", str(tmp_path), "--all", env=env)

    assert result.returncode == 2
    assert "TWILIO_API_KEY is set but TWILIO_API_SECRET is not" in result.stderr
    assert studio.requests == []


def test_bad_credentials_401(studio: FakeStudioApi, tmp_path: Path) -> None:
    wrong_token = "wrong-token-NOT-TO-BE-PRINTED-5511"
    env = studio_env(studio, TWILIO_AUTH_TOKEN=wrong_token)

    result = run_cli("pull", "--out", str(tmp_path), "--all", env=env)

    assert result.returncode == 2
    assert wrong_token not in result.stdout + result.stderr
    assert result.stderr == (
        "flowlint: error: Twilio did not accept the credentials (401 Unauthorized, Twilio error "
        "20003) for GET /v2/Flows: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN\n"
    )
    assert len(studio.requests) == 1  # a 401 is not retried


def test_bad_api_key_names_the_api_key_variables(studio: FakeStudioApi, tmp_path: Path) -> None:
    env = studio_env(studio, TWILIO_API_KEY=API_KEY, TWILIO_API_SECRET="not-the-secret-7788")

    result = run_cli("pull", "--out", str(tmp_path), "--all", env=env)

    assert result.returncode == 2
    assert "check TWILIO_API_KEY and TWILIO_API_SECRET" in result.stderr
    assert "not-the-secret-7788" not in result.stdout + result.stderr


def test_test_credentials_403(studio: FakeStudioApi, tmp_path: Path) -> None:
    env = studio_env(studio, TWILIO_ACCOUNT_SID=TEST_ACCOUNT_SID, TWILIO_AUTH_TOKEN=TEST_AUTH_TOKEN)

    result = run_cli("pull", "--out", str(tmp_path), "--all", env=env)

    assert result.returncode == 2
    assert result.stderr == (
        "flowlint: error: these are test credentials (403 Forbidden, Twilio error 20008): "
        "test credentials only work for buying phone numbers, sending SMS and making calls, so "
        "the Studio API refuses them; use the live Account SID and Auth Token, or an API key\n"
    )


def test_other_403_mentions_test_credentials_as_a_possible_cause(
    studio: FakeStudioApi, tmp_path: Path
) -> None:
    studio.fail("GET", "/v2/Flows", 403, code=20403, message="Forbidden")

    result = run_cli("pull", "--out", str(tmp_path), "--all", env=studio_env(studio))

    assert result.returncode == 2
    assert "403 Forbidden, Twilio error 20403" in result.stderr
    assert "test credentials only work for buying phone numbers, sending SMS and making calls" in (
        result.stderr
    )


def test_unknown_flow_404_does_not_stop_the_others(studio: FakeStudioApi, tmp_path: Path) -> None:
    missing = "FW" + "f" * 32
    present = studio.add_flow("Order status", flow_definition())

    result = run_cli("pull", "--out", str(tmp_path), missing, present, env=studio_env(studio))

    assert result.returncode == 2
    assert result.stderr == (
        f"flowlint: error: flow {missing}: Twilio answered 404 Not Found for GET /v2/Flows/"
        f"{missing}: it does not exist in this account (or the credentials belong to another "
        "account)\n"
    )
    assert result.stdout.splitlines()[-1] == f"2 flows: 1 created, 1 failed (in {tmp_path})"
    assert (tmp_path / "order-status.json").exists()


def test_429_is_retried_then_explained(studio: FakeStudioApi, tmp_path: Path) -> None:
    studio.fail(
        "GET", "/v2/Flows", 429, times=10, code=20429, message="Too Many Requests", retry_after="0"
    )

    result = run_cli("pull", "--out", str(tmp_path), "--all", env=studio_env(studio))

    assert result.returncode == 2
    assert result.stderr == (
        "flowlint: error: Twilio kept answering 429 Too Many Requests for GET /v2/Flows "
        "(4 attempts): the account is being rate limited; wait a minute and run again\n"
    )
    assert len(studio.requests) == 4


def test_transient_5xx_is_retried_and_the_pull_succeeds(
    studio: FakeStudioApi, tmp_path: Path
) -> None:
    sid = studio.add_flow("Order status", flow_definition())
    studio.fail("GET", f"/v2/Flows/{sid}", 503, times=2)

    result = run_cli("pull", "--out", str(tmp_path), sid, env=studio_env(studio))

    assert result.returncode == 0, result.stderr
    assert len(studio.requests) == 3
    assert (tmp_path / "order-status.json").exists()


def test_retry_count_is_a_setting(studio: FakeStudioApi, tmp_path: Path) -> None:
    studio.fail("GET", "/v2/Flows", 500, times=10)
    env = studio_env(studio, FLOWLINT_STUDIO_RETRIES="1")

    result = run_cli("pull", "--out", str(tmp_path), "--all", env=env)

    assert result.returncode == 2
    assert (
        "Twilio answered 500 Internal Server Error for GET /v2/Flows (2 attempts)" in result.stderr
    )
    assert "https://status.twilio.com" in result.stderr
    assert len(studio.requests) == 2


def test_failed_pull_leaves_the_previous_copy_intact(studio: FakeStudioApi, tmp_path: Path) -> None:
    sid = studio.add_flow("Order status", flow_definition())
    env = studio_env(studio)
    assert run_cli("pull", "--out", str(tmp_path), sid, "--revisions", env=env).returncode == 0
    before = snapshot(tmp_path)
    studio.update_flow(sid, {**flow_definition(), "description": "edition 2"})
    studio.update_flow(sid, {**flow_definition(), "description": "edition 3"})
    studio.fail("GET", f"/v2/Flows/{sid}/Revisions/3", 500, times=10)

    result = run_cli("pull", "--out", str(tmp_path), sid, "--revisions", env=env)

    assert result.returncode == 2
    assert result.stderr.endswith(f"(while pulling {sid}: its files were left as they were)\n")
    # Revision 2 was downloaded, but nothing is written until the whole flow is in hand.
    assert snapshot(tmp_path) == before
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_unreachable_api(tmp_path: Path) -> None:
    env = studio_env(
        None, FLOWLINT_STUDIO_API_URL="http://127.0.0.1:9", FLOWLINT_STUDIO_RETRIES="1"
    )

    result = run_cli("pull", "--out", str(tmp_path), "--all", env=env)

    assert result.returncode == 2
    assert result.stderr.startswith(
        "flowlint: error: cannot reach http://127.0.0.1:9 for GET /v2/Flows: "
    )
    assert result.stderr.rstrip().endswith("(2 attempts)")


def test_api_url_with_credentials_is_refused_without_echoing_it(tmp_path: Path) -> None:
    url = "https://ACx:hunter2-SECRET@studio.twilio.com"

    result = run_cli(
        "pull", "--out", str(tmp_path), "--all", "--api-url", url, env=studio_env(None)
    )

    assert result.returncode == 2
    assert "hunter2-SECRET" not in result.stdout + result.stderr
    assert "--api-url must not contain credentials" in result.stderr


def test_flow_of_another_account_is_refused_with_an_api_key(
    studio: FakeStudioApi, tmp_path: Path
) -> None:
    sid = studio.add_flow("Order status", flow_definition(), account_sid="AC" + "1" * 32)
    env = studio_env(
        studio, TWILIO_AUTH_TOKEN=None, TWILIO_API_KEY=API_KEY, TWILIO_API_SECRET=API_SECRET
    )

    result = run_cli("pull", "--out", str(tmp_path), sid, env=env)

    assert result.returncode == 2
    assert f"flow {sid} belongs to another account than TWILIO_ACCOUNT_SID" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_write_all_or_nothing_replaces_nothing_when_one_file_fails(tmp_path: Path) -> None:
    from flowlint.twilio.local_copy import write_all_or_nothing

    kept = tmp_path / "flow.json"
    kept.write_bytes(b"old")
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")

    with pytest.raises(OSError):
        write_all_or_nothing({kept: b"new", blocker / "1.json": b"revision"})

    assert kept.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flow.json", "not-a-folder"]


def test_write_all_or_nothing_keeps_usual_permissions(tmp_path: Path) -> None:
    import os

    from flowlint.twilio.local_copy import write_all_or_nothing

    target = tmp_path / "flow.json"
    write_all_or_nothing({target: b"{}"})

    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
