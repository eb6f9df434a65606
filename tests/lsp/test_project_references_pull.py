"""Across files for a client that pulls diagnostics and takes plain `changes` (Neovim's
capabilities): a parent's pulled diagnostics follow its subflow's unsaved buffer, and a rename
across files comes as a `changes` map. The project is test_project_references.py's."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types

from tests.lsp.support import (
    SERVER,
    RecordingClient,
    Text,
    apply_edits,
    initialize,
    open_document,
    replace_all,
)
from tests.lsp.test_project_references import MAIN, SUBFLOW, write_project

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("pull")
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "neovim", root)
    yield
    await lsp_client.shutdown_session()


async def _pulled(client: RecordingClient, uri: str) -> set[str]:
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert isinstance(
        report, types.RelatedFullDocumentDiagnosticReport | types.FullDocumentDiagnosticReport
    )
    return {str(diagnostic.code) for diagnostic in report.items}


async def test_pulled_parent_diagnostics_follow_the_unsaved_subflow(
    client: RecordingClient,
) -> None:
    flows = write_project(client.root / "pulled")  # type: ignore[attr-defined]
    parent = open_document(client, flows / "main.json", MAIN)
    assert "FL956" in await _pulled(client, parent)  # widgets.check.missing_key
    sub_uri = open_document(client, flows / "verify.json", SUBFLOW)
    await _pulled(client, sub_uri)
    definition = json.loads(SUBFLOW)
    definition["states"][2]["properties"]["variables"].append({"key": "missing_key", "value": "1"})
    replace_all(client, sub_uri, json.dumps(definition, indent=2), version=2)
    # Pulled right after the change: the parent's earlier result no longer counts.
    assert "FL956" not in await _pulled(client, parent)


async def test_rename_across_files_as_plain_changes(client: RecordingClient) -> None:
    flows = write_project(client.root / "changes")  # type: ignore[attr-defined]
    uri = open_document(client, flows / "main.json", MAIN)
    await _pulled(client, uri)
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=Text(MAIN, "utf-8").find("check.verified", delta=7),
            new_name="ok",
        )
    )
    assert edit is not None and edit.document_changes is None and edit.changes is not None
    # second.json reads only `attempts`.
    names = sorted(Path(uri.removeprefix("file://")).name for uri in edit.changes)
    assert names == ["main.json", "verify.json"]
    subflow = flows / "verify.json"
    renamed = apply_edits(subflow.read_text(), list(edit.changes[subflow.as_uri()]), "utf-8")
    variables = json.loads(renamed)["states"][2]["properties"]["variables"]
    assert [variable["key"] for variable in variables] == ["ok", "attempts"]
