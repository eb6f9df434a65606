"""Fixtures for the Twilio tests: a fake Studio API per test and the real CLI pointed at it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, REPO
from tests.twilio.fake_studio_api import ACCOUNT_SID, AUTH_TOKEN, SECRETS, FakeStudioApi

TWILIO_FIXTURES = FIXTURES / "twilio"
CREDENTIAL_VARIABLES = (
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_API_KEY",
    "TWILIO_API_SECRET",
    "TWILIO_EDGE",
    "TWILIO_REGION",
    "FLOWLINT_STUDIO_API_URL",
    "FLOWLINT_STUDIO_RETRIES",
    "FLOWLINT_STUDIO_RETRY_DELAY",
)


def flow_definition(name: str = "order_status.json") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TWILIO_FIXTURES / name).read_text())
    return data


@pytest.fixture
def studio() -> Iterator[FakeStudioApi]:
    with FakeStudioApi() as api:
        yield api


def studio_env(api: FakeStudioApi | None, **overrides: str | None) -> dict[str, str]:
    """The environment of a CLI run: live credentials, the fake's URL, millisecond backoff."""
    env = {key: value for key, value in os.environ.items() if key not in CREDENTIAL_VARIABLES}
    env.pop("FORCE_COLOR", None)
    env["NO_COLOR"] = "1"
    env["TWILIO_ACCOUNT_SID"] = ACCOUNT_SID
    env["TWILIO_AUTH_TOKEN"] = AUTH_TOKEN
    env["FLOWLINT_STUDIO_RETRY_DELAY"] = "0.01"
    if api is not None:
        env["FLOWLINT_STUDIO_API_URL"] = api.url
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_cli(
    *args: str, env: dict[str, str], cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run `python -m flowlint ARGS` and check that no secret shows up in its output."""
    result = subprocess.run(
        [sys.executable, "-m", "flowlint", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=env,
        timeout=timeout,
        check=False,
    )
    assert_no_secrets(result.stdout + result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def assert_no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"a credential appears in the output:\n{text}"
