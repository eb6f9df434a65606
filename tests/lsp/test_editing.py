"""Editing sessions: a buffer that goes invalid and back, debounced linting that drops
results for outdated versions, and re-linting when the project configuration changes."""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from flowlint.lsp.scheduling import TEST_GATE_VARIABLE
from tests.lsp.support import (
    OWL_SUPPORT,
    SERVER,
    RecordingClient,
    Text,
    codes,
    edit,
    initialize,
    open_document,
    replace_all,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = OWL_SUPPORT.read_text(encoding="utf-8")


LINT_GATE = Path(tempfile.gettempdir()) / f"flowlint-test-lint-gate-{os.getpid()}"
"""While this file exists, the server's lints wait before analysing (a test-only hook): a
test can then change a document during a lint, with no race against the lint's speed."""

GATED_SERVER = ClientServerConfig(
    server_command=SERVER.server_command,
    client_factory=SERVER.client_factory,
    server_env={**os.environ, TEST_GATE_VARIABLE: str(LINT_GATE)},
)


@pytest_lsp.fixture(scope="module", config=GATED_SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("editing")
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", root, {"debounceMs": 300})
    yield
    await lsp_client.shutdown_session()


def _root(client: RecordingClient) -> Path:
    root: Path = client.root  # type: ignore[attr-defined]
    return root


def _doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def _status(client: RecordingClient) -> dict[str, Any]:
    status = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="flowlint.status")
    )
    assert isinstance(status, dict)
    return status


async def test_invalid_and_back_keeps_the_last_good_model(client: RecordingClient) -> None:
    uri = open_document(client, _root(client) / "broken.flow.json", TEXT)
    first = await wait_for_publish(client, uri, version=1)
    # Half-typed: a new transition whose `next` is still an open string, at the top of the file.
    anchor = '"next": "set_greeting"'
    broken = TEXT.replace(anchor, anchor + ',\n          "next": "lo', 1)
    replace_all(client, uri, broken, version=2)
    published = await wait_for_publish(client, uri, version=2)
    assert [(d.code, d.data["rule"]) for d in published.diagnostics] == [("FL001", "json-syntax")]
    syntax = published.diagnostics[0]
    assert syntax.range.start.line == Text(broken).find('"lo').line
    # The last good model still answers, at the right places of the broken text.
    now = Text(broken)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=_doc(uri), position=now.find('"next": "ask"', delta=10))
    )
    assert hover is not None and "**ask** · `send-and-wait-for-reply` widget" in str(hover.contents)
    assert hover.range is not None and now.text_of(hover.range) == '"ask"'
    locations = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=_doc(uri), position=now.find('"next": "route"', delta=10)
        )
    )
    assert locations and now.text_of(locations[0].range) == '"route"'
    assert locations[0].range.start == now.find('"route"', after='"name": "route"')
    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=_doc(uri), position=now.find('"lo', delta=3))
    )
    assert isinstance(completion, types.CompletionList)
    assert "lookup" in [item.label for item in completion.items]
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=_doc(uri))
    )
    assert symbols is not None and len(symbols) == 8
    # Rename needs the current text to be a flow, and says so.
    with pytest.raises(Exception, match="syntax"):
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=_doc(uri), position=now.find('"ask"', delta=1), new_name="x"
            )
        )
    replace_all(client, uri, TEXT, version=3)
    back = await wait_for_publish(client, uri, version=3)
    assert codes(back.diagnostics) == codes(first.diagnostics)
    assert {"FL103", "FL202", "FL402"} <= set(codes(back.diagnostics))


async def test_deleting_everything_reports_the_empty_document(client: RecordingClient) -> None:
    uri = open_document(client, _root(client) / "emptied.flow.json", TEXT)
    await wait_for_publish(client, uri, version=1)
    replace_all(client, uri, "", version=2)
    published = await wait_for_publish(client, uri, version=2)
    assert [d.code for d in published.diagnostics] == ["FL001"]
    replace_all(client, uri, TEXT, version=3)
    await wait_for_publish(client, uri, version=3)


async def test_rapid_changes_are_debounced_into_one_lint(client: RecordingClient) -> None:
    uri = open_document(client, _root(client) / "debounced.flow.json", TEXT)
    await wait_for_publish(client, uri, version=1)
    for version in range(2, 7):
        replace_all(client, uri, TEXT.replace("Goodbye!", "Goodbye" + "!" * version), version)
        await asyncio.sleep(0.02)
    await wait_for_publish(client, uri, version=6)
    await asyncio.sleep(0.5)
    assert [p.version for p in client.publishes if p.uri == uri] == [1, 6]


async def test_a_result_for_an_outdated_version_is_dropped(client: RecordingClient) -> None:
    before = await _status(client)
    uri = open_document(client, _root(client) / "outdated.flow.json", TEXT)
    await wait_for_publish(client, uri, version=1)
    LINT_GATE.touch()
    try:
        replace_all(client, uri, TEXT.replace("Goodbye!", "Bye!"), version=2)
        # Version 2's lint has taken its text and waits at the gate.
        for _ in range(1000):
            if (await _status(client))["linting"] == {"uri": uri, "version": 2}:
                break
            await asyncio.sleep(0.01)
        else:
            raise AssertionError("version 2 was never seen being linted")
        edit(client, uri, 3, Text(TEXT).position(0), Text(TEXT).position(0), " ")
        # Messages are handled in order: once this answer is back, version 3 has arrived.
        await _status(client)
    finally:
        LINT_GATE.unlink()
    await wait_for_publish(client, uri, version=3)
    await asyncio.sleep(0.3)
    assert [p.version for p in client.publishes if p.uri == uri] == [1, 3]
    after = await _status(client)
    assert after["analysesDropped"] == before["analysesDropped"] + 1


async def test_config_change_relints_open_documents(client: RecordingClient) -> None:
    # The server registers the watch after `initialized`, on its own time: when this test runs
    # first, the request may still be on its way.
    for _ in range(500):
        if any(r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in client.registrations):
            break
        await asyncio.sleep(0.02)
    else:
        raise AssertionError("the server should watch the configuration files")
    project = _root(client) / "project"
    project.mkdir()
    uri = open_document(client, project / "config.flow.json", TEXT)
    first = await wait_for_publish(client, uri, version=1)
    assert "FL202" in {d.code for d in first.diagnostics}
    count = len(client.publishes)
    config = project / "flowlint.toml"
    config.write_text('ignore = ["unhandled-event"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    for _ in range(200):
        if len(client.publishes) > count and client.publishes[-1].uri == uri:
            break
        await asyncio.sleep(0.02)
    relinted = client.publishes[-1]
    assert relinted.uri == uri and relinted.version == 1
    assert codes(relinted.diagnostics) == [c for c in codes(first.diagnostics) if c != "FL202"]
