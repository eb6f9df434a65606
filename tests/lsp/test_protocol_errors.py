"""The server answers every request, with a JSON-RPC error when it must refuse, and lints any
text a client sends; messages written byte by byte to its stdin (tests/lsp/wire.py), since a
well-behaved client library cannot send most of them."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from flowlint.lsp.scheduling import TEST_GATE_VARIABLE
from tests.lsp.support import OWL_SUPPORT
from tests.lsp.wire import WireServer

TEXT = OWL_SUPPORT.read_text(encoding="utf-8")
INVALID_PARAMS = -32602
INVALID_REQUEST = -32600
REQUEST_CANCELLED = -32800
REQUEST_FAILED = -32803


@pytest.fixture
def server(tmp_path: Path) -> Iterator[WireServer]:
    wire = WireServer(tmp_path)
    wire.initialize(tmp_path)
    yield wire
    wire.kill()


def _open(server: WireServer, path: Path, text: str) -> str:
    uri = path.as_uri()
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}},
    )
    return uri


def _codes(params: dict[str, object]) -> list[str]:
    diagnostics = params["diagnostics"]
    assert isinstance(diagnostics, list)
    return sorted(str(d["code"]) for d in diagnostics)


@pytest.mark.parametrize(
    "params",
    [
        {"textDocument": {"uri": "file:///x.json"}, "position": "line 1"},
        {"textDocument": {"uri": "file:///x.json"}},
        None,
        [1, 2],
    ],
    ids=["position-a-string", "position-missing", "no-params", "params-an-array"],
)
def test_parameters_of_the_wrong_shape_get_invalid_params(
    server: WireServer, params: object
) -> None:
    answer = server.response(server.request("textDocument/hover", params))
    assert answer["error"]["code"] == INVALID_PARAMS, answer
    assert "textDocument/hover" in answer["error"]["message"]
    # The server carries on, and logged no traceback.
    assert "result" in server.response(server.request("shutdown", None))
    assert "Traceback" not in server.log, server.log


def test_a_refused_rename_is_an_error_answer_and_one_log_line(
    server: WireServer, tmp_path: Path
) -> None:
    uri = _open(server, tmp_path / "owl.flow.json", TEXT)
    server.publish_for(uri)
    answer = server.response(
        server.request(
            "textDocument/rename",
            {
                "textDocument": {"uri": uri},
                "position": {"line": 0, "character": 0},
                "newName": "x",
            },
        )
    )
    assert answer["error"]["code"] == REQUEST_FAILED
    server.response(server.request("shutdown", None))
    assert "Traceback" not in server.log, server.log


def test_invalid_utf8_in_a_did_open_is_linted(server: WireServer, tmp_path: Path) -> None:
    uri = (tmp_path / "bytes.flow.json").as_uri()
    message = {
        "jsonrpc": "2.0",
        "method": "textDocument/didOpen",
        "params": {
            "textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": "@@"},
        },
    }
    # A flow with two bytes that are not UTF-8 in a message body.
    text = json.dumps(TEXT.replace("Goodbye!", "Good@@bye!"))[1:-1]
    body = json.dumps(message).encode().replace(b"@@", text.encode()).replace(b"@@", b"\xff\xfe")
    server.send_body(body)
    published = server.publish_for(uri)
    valid = TEXT.replace("Goodbye!", "Good\ufffd\ufffdbye!")
    assert published["diagnostics"] == _diagnostics_of(server, tmp_path, valid)
    server.response(server.request("shutdown", None))
    assert "Traceback" not in server.log, server.log


def _diagnostics_of(server: WireServer, tmp_path: Path, text: str) -> object:
    """The diagnostics of the same flow sent as valid text."""
    return server.publish_for(_open(server, tmp_path / "valid.flow.json", text))["diagnostics"]


def test_lone_surrogates_are_linted_without_an_internal_error(
    server: WireServer, tmp_path: Path
) -> None:
    hostile = TEXT.replace('"Trigger"', '"Trig\ud800ger"').replace("Goodbye", "\udfffGoodbye")
    uri = _open(server, tmp_path / "surrogates.flow.json", hostile)
    published = server.publish_for(uri)
    valid = TEXT.replace('"Trigger"', '"Trig\ufffdger"').replace("Goodbye", "\ufffdGoodbye")
    assert _codes(published) == _codes(
        server.publish_for(_open(server, tmp_path / "v.flow.json", valid))
    )
    assert "FL000" not in _codes(published)


def test_a_broken_flow_json_gets_a_syntax_diagnostic(server: WireServer, tmp_path: Path) -> None:
    uri = _open(server, tmp_path / "typed.flow.json", '{"description": "A flow", "sta')
    assert _codes(server.publish_for(uri)) == ["FL001"]


def test_fifty_megabytes_get_a_diagnostic(server: WireServer, tmp_path: Path) -> None:
    huge = TEXT.replace('"Goodbye!"', '"' + "x" * 50_000_000 + '"')
    uri = _open(server, tmp_path / "huge.flow.json", huge)
    assert _codes(server.publish_for(uri, timeout=120)) == ["FL004"]
    assert "result" in server.response(server.request("shutdown", None), timeout=60)


def test_requests_after_shutdown_get_invalid_request_and_exit_is_0(
    server: WireServer, tmp_path: Path
) -> None:
    assert "result" in server.response(server.request("shutdown", None))
    answer = server.response(
        server.request("textDocument/documentSymbol", {"textDocument": {"uri": "file:///a.json"}})
    )
    assert answer["error"]["code"] == INVALID_REQUEST
    server.notify("exit", None)
    assert server.exit_code() == 0


def test_exit_without_shutdown_is_status_1(server: WireServer) -> None:
    server.notify("exit", None)
    assert server.exit_code() == 1


def test_a_cancelled_request_gets_request_cancelled(tmp_path: Path) -> None:
    gate = tmp_path / "gate"
    os.environ[TEST_GATE_VARIABLE] = str(gate)
    try:
        server = WireServer(tmp_path)
    finally:
        del os.environ[TEST_GATE_VARIABLE]
    try:
        server.initialize(tmp_path, {"diagnostics": "pull"})
        gate.touch()
        uri = _open(server, tmp_path / "owl.flow.json", TEXT)
        # The lint waits at the gate, so the pull request waits for it ...
        pending = server.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        server.notify("$/cancelRequest", {"id": pending})
        answer = server.response(pending)
        assert answer["error"]["code"] == REQUEST_CANCELLED, answer
        gate.unlink()
        # ... and the server goes on answering.
        again = server.response(
            server.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        )
        assert again["result"]["items"], again
    finally:
        server.kill()
