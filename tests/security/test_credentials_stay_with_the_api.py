"""Twilio credentials go to the Studio API URL and nowhere else: an API (or anything posing as
one) that redirects does not get them sent on. docs/security.md, "The network"."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.twilio.conftest import run_cli, studio_env


class _Elsewhere(BaseHTTPRequestHandler):
    """Another host: records every Authorization header it is sent."""

    received: list[str | None] = []

    def do_GET(self) -> None:
        type(self).received.append(self.headers.get("Authorization"))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"flows": [], "meta": {"next_page_url": null}}')

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


def _redirecting_to(target: str) -> type[BaseHTTPRequestHandler]:
    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", target + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    return Redirect


def _serve(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def redirecting_api() -> Iterator[str]:
    _Elsewhere.received = []
    elsewhere, elsewhere_url = _serve(_Elsewhere)
    api, api_url = _serve(_redirecting_to(elsewhere_url))
    yield api_url
    for server in (api, elsewhere):
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("command", ["pull", "remote-validate"])
def test_a_redirect_is_an_error_and_the_credentials_are_not_sent_on(
    redirecting_api: str, tmp_path: Path, command: str
) -> None:
    env = studio_env(None, FLOWLINT_STUDIO_API_URL=redirecting_api, FLOWLINT_STUDIO_RETRIES="1")
    args = (
        ["pull", "--out", str(tmp_path), "--all"]
        if command == "pull"
        else [
            "check",
            "--no-cache",
            "--remote-validate",
            str(FIXTURES / "cli" / "misspelt_next.json"),
        ]
    )
    result = run_cli(*args, env=env)
    assert _Elsewhere.received == []
    assert result.returncode == 2, result.stderr
    assert "redirect" in result.stdout + result.stderr
