"""Credentials, base URL and retry settings: read from the environment, never echoed."""

from __future__ import annotations

import pytest

from flowlint.twilio.credentials import (
    API_KEY_SOURCE,
    AUTH_TOKEN_SOURCE,
    credentials_from_environment,
)
from flowlint.twilio.errors import TwilioSetupError
from flowlint.twilio.http_client import (
    DEFAULT_API_URL,
    RetryPolicy,
    StudioHttpClient,
    plain_http_warning,
    resolve_api_url,
)
from tests.twilio.fake_studio_api import ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN, SECRETS


def test_account_sid_and_auth_token() -> None:
    credentials = credentials_from_environment(
        {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": f" {AUTH_TOKEN}\n"}
    )
    assert (credentials.username, credentials.password) == (ACCOUNT_SID, AUTH_TOKEN)
    assert credentials.source == AUTH_TOKEN_SOURCE
    assert credentials.account_sid == ACCOUNT_SID


def test_api_key_wins_and_the_account_sid_is_optional() -> None:
    both = credentials_from_environment(
        {
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_API_KEY": API_KEY,
            "TWILIO_API_SECRET": API_SECRET,
        }
    )
    assert (both.username, both.password, both.source) == (API_KEY, API_SECRET, API_KEY_SOURCE)
    assert both.account_sid == ACCOUNT_SID
    alone = credentials_from_environment(
        {"TWILIO_API_KEY": API_KEY, "TWILIO_API_SECRET": API_SECRET}
    )
    assert alone.account_sid is None


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "no Twilio credentials"),
        ({"TWILIO_ACCOUNT_SID": ACCOUNT_SID}, "TWILIO_AUTH_TOKEN is not"),
        ({"TWILIO_AUTH_TOKEN": AUTH_TOKEN}, "TWILIO_ACCOUNT_SID is not"),
        ({"TWILIO_API_SECRET": API_SECRET}, "TWILIO_API_KEY is not"),
        ({"TWILIO_ACCOUNT_SID": AUTH_TOKEN, "TWILIO_AUTH_TOKEN": AUTH_TOKEN}, "not an Account SID"),
        ({"TWILIO_API_KEY": AUTH_TOKEN, "TWILIO_API_SECRET": API_SECRET}, "not an API key SID"),
        ({"TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "  "}, "no Twilio credentials"),
    ],
)
def test_incomplete_or_malformed_credentials(env: dict[str, str], message: str) -> None:
    with pytest.raises(TwilioSetupError) as caught:
        credentials_from_environment(env)
    assert message in str(caught.value)
    for secret in SECRETS:
        assert secret not in str(caught.value)


def test_reprs_hide_the_credentials() -> None:
    credentials = credentials_from_environment(
        {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN}
    )
    client = StudioHttpClient("https://studio.twilio.com", credentials)
    for text in (repr(credentials), str(credentials), repr(client)):
        assert AUTH_TOKEN not in text
        assert ACCOUNT_SID not in text


@pytest.mark.parametrize(
    ("option", "env", "expected"),
    [
        (None, {}, DEFAULT_API_URL),
        (
            None,
            {"FLOWLINT_STUDIO_API_URL": "https://proxy.example.com/twilio/"},
            "https://proxy.example.com/twilio",
        ),
        (
            "http://127.0.0.1:8080/v2",
            {"FLOWLINT_STUDIO_API_URL": "https://other"},
            "http://127.0.0.1:8080",
        ),
        ("https://studio.dublin.ie1.twilio.com", {}, "https://studio.dublin.ie1.twilio.com"),
    ],
)
def test_api_url_resolution(option: str | None, env: dict[str, str], expected: str) -> None:
    assert resolve_api_url(option, env) == expected


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("ftp://studio.twilio.com", "is not an http:// or https:// URL"),
        ("studio.twilio.com", "is not an http:// or https:// URL"),
        ("https://studio.twilio.com/?x=1", "must not have a query"),
        ("https://user:pw@studio.twilio.com", "must not contain credentials"),
    ],
)
def test_bad_api_urls(option: str, message: str) -> None:
    with pytest.raises(TwilioSetupError) as caught:
        resolve_api_url(option, {})
    assert message in str(caught.value)
    assert "pw@" not in str(caught.value)


def test_plain_http_is_fine_on_loopback_only() -> None:
    assert plain_http_warning("http://127.0.0.1:8080") is None
    assert plain_http_warning("http://localhost") is None
    assert plain_http_warning("https://studio.twilio.com") is None
    assert plain_http_warning("http://proxy.internal") == (
        "http://proxy.internal is plain HTTP: the credentials will cross the network unencrypted"
    )


def test_retry_policy() -> None:
    policy = RetryPolicy.from_environment({})
    assert (policy.retries, policy.first_delay) == (3, 1.0)
    assert [policy.delay(n, None) for n in range(6)] == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0]
    assert policy.delay(0, "7") == 7.0
    assert policy.delay(0, "3600") == 30.0
    assert policy.delay(2, "garbage") == 4.0
    fast = RetryPolicy.from_environment(
        {"FLOWLINT_STUDIO_RETRIES": "5", "FLOWLINT_STUDIO_RETRY_DELAY": "0.01"}
    )
    assert (fast.retries, fast.first_delay) == (5, 0.01)


@pytest.mark.parametrize(
    "env",
    [
        {"FLOWLINT_STUDIO_RETRIES": "-1"},
        {"FLOWLINT_STUDIO_RETRIES": "many"},
        {"FLOWLINT_STUDIO_RETRY_DELAY": "soon"},
        {"FLOWLINT_STUDIO_RETRY_DELAY": "-2"},
    ],
)
def test_bad_retry_settings(env: dict[str, str]) -> None:
    with pytest.raises(TwilioSetupError):
        RetryPolicy.from_environment(env)
