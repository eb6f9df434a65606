"""Across files in the editor: diagnostics of a parent flow with related information in its
subflow, go to definition into the subflow and the Function, and a parent re-linted when its
subflow is saved. Over stdio, on copies of tests/fixtures/projects."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types

from tests.conftest import FIXTURES
from tests.lsp.support import (
    SERVER,
    RecordingClient,
    Text,
    initialize,
    open_document,
    replace_all,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

PROJECTS = FIXTURES / "projects"


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("project")
    for case in ("config_map", "serverless"):
        shutil.copytree(PROJECTS / case, root / case)
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", root)
    yield
    await lsp_client.shutdown_session()


def _root(client: RecordingClient) -> Path:
    return client.root  # type: ignore[no-any-return, attr-defined]


async def _open(client: RecordingClient, path: Path) -> str:
    """Open `path` once per session (tests share the server and run in any order) and wait
    for its first diagnostics."""
    uri = path.as_uri()
    if not any(p.uri == uri for p in client.publishes):
        uri = open_document(client, path, path.read_text(encoding="utf-8"))
    await wait_for_publish(client, uri, version=1)
    return uri


def _latest(client: RecordingClient, uri: str) -> list[types.Diagnostic]:
    return [p for p in client.publishes if p.uri == uri][-1].diagnostics


async def test_parent_diagnostics_relate_to_the_subflow_file(client: RecordingClient) -> None:
    project = _root(client) / "config_map"
    uri = await _open(client, project / "flows" / "main.json")
    by_code = {d.code: d for d in _latest(client, uri)}
    missing = by_code["FL954"]
    assert missing.related_information
    note = missing.related_information[0]
    subflow = project / "flows" / "verify.json"
    assert note.location.uri == subflow.as_uri()
    oracle = Text(subflow.read_text(encoding="utf-8"))
    assert oracle.text_of(note.location.range).startswith("trigger.parent.parameters.")


async def test_definition_goes_into_the_subflow(client: RecordingClient) -> None:
    project = _root(client) / "config_map"
    parent = project / "flows" / "main.json"
    uri = await _open(client, parent)
    text = Text(parent.read_text(encoding="utf-8"))
    subflow = project / "flows" / "verify.json"
    sub_text = Text(subflow.read_text(encoding="utf-8"))

    async def definition(position: types.Position) -> list[tuple[str, str]]:
        locations = await client.text_document_definition_async(
            types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=position
            )
        )
        return [(each.uri, sub_text.text_of(each.range)) for each in locations or []]

    # From `widgets.verify.attempts` to the set-variables key that sets it.
    found = await definition(text.position(text.offset_of("verify.attempts") + 8))
    assert found == [(subflow.as_uri(), '"attempts"')]
    # From the run-subflow widget's flow_sid to the subflow's trigger.
    found = await definition(text.position(text.offset_of("FW1111111111111111111111111111aaaa")))
    assert found == [(subflow.as_uri(), '"Trigger"')]


async def test_definition_goes_into_the_function(client: RecordingClient) -> None:
    project = _root(client) / "serverless"
    flow = project / "flows" / "ivr.json"
    uri = await _open(client, flow)
    text = Text(flow.read_text(encoding="utf-8"))
    locations = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=text.position(text.offset_of("parsed.name") + 2),
        )
    )
    source = project / "functions" / "lookup.protected.js"
    assert [each.uri for each in locations or []] == [source.as_uri()]
    assert Text(source.read_text()).text_of(locations[0].range).startswith("callback(null,")


async def test_saving_the_subflow_relints_the_parent(client: RecordingClient) -> None:
    project = _root(client) / "config_map"
    parent_uri = await _open(client, project / "flows" / "main.json")
    assert "FL956" in {d.code for d in _latest(client, parent_uri)}
    subflow = project / "flows" / "verify.json"
    opened = len([p for p in client.publishes if p.uri == parent_uri])
    sub_uri = await _open(client, subflow)
    # Opening the subflow re-lints its parents (unchanged findings) after the dependent
    # debounce: waited for, not slept on (0.5 s was barely above 0.3 s plus the lint).
    for _ in range(500):
        if len([p for p in client.publishes if p.uri == parent_uri]) > opened:
            break
        await asyncio.sleep(0.02)
    else:
        raise AssertionError("opening the subflow did not re-lint its parent")
    before = len([p for p in client.publishes if p.uri == parent_uri])
    definition = json.loads(subflow.read_text())
    definition["states"][2]["properties"]["variables"].append({"key": "is_verified", "value": "1"})
    subflow.write_text(json.dumps(definition, indent=2))
    # What an editor sends on save: the buffer's text became the file's (the change alone
    # re-lints the parent already, see test_project_references.py), then didSave.
    replace_all(client, sub_uri, subflow.read_text(), version=2)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=sub_uri))
    )
    for _ in range(500):
        publishes = [p for p in client.publishes if p.uri == parent_uri]
        if len(publishes) > before:
            break
        await asyncio.sleep(0.02)
    assert "FL956" not in {d.code for d in _latest(client, parent_uri)}
