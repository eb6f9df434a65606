"""Diagnostics over stdio: pushed on open and change, served on pull, linked to the rule docs,
at the right place in every position encoding, silent on JSON that is not a flow."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types

from tests.lsp.support import (
    OWL_SUPPORT,
    SERVER,
    RecordingClient,
    Text,
    cli_findings,
    codes,
    initialize,
    lsp_findings,
    open_document,
    replace_all,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("workspace")
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", root)
    yield
    await lsp_client.shutdown_session()


def _root(client: RecordingClient) -> Path:
    root: Path = client.root  # type: ignore[attr-defined]
    return root


async def test_pushes_the_findings_of_flowlint_check_on_open(client: RecordingClient) -> None:
    text = OWL_SUPPORT.read_text(encoding="utf-8")
    path = _root(client) / "owl.flow.json"
    path.write_text(text, encoding="utf-8")
    uri = open_document(client, path, text)
    published = await wait_for_publish(client, uri, version=1)
    assert lsp_findings(published.diagnostics, text) == cli_findings(path)
    found = {(d.code, d.range.start.line + 1) for d in published.diagnostics}
    assert {("FL103", 141), ("FL202", 57), ("FL202", 184), ("FL402", 151)} <= found
    unknown = next(d for d in published.diagnostics if d.code == "FL103")
    assert unknown.severity == types.DiagnosticSeverity.Error
    assert unknown.source == "flowlint"
    assert "did you mean 'goodbye'" in unknown.message
    assert unknown.code_description is not None
    assert unknown.code_description.href == (
        "https://github.com/flowlint/flowlint/blob/main/docs/rules.md"
        "#fl103-unknown-transition-target"
    )
    assert Text(text).text_of(unknown.range) == '"goodby"'
    assert unknown.data == {
        "rule": "unknown-transition-target",
        "widget": "handoff",
        "pointer": "/states/5/transitions/1/next",
    }
    warnings = [d for d in published.diagnostics if d.code == "FL202"]
    assert {d.severity for d in warnings} == {types.DiagnosticSeverity.Warning}


async def test_a_change_is_linted_again(client: RecordingClient) -> None:
    text = OWL_SUPPORT.read_text(encoding="utf-8")
    uri = open_document(client, _root(client) / "changed.flow.json", text)
    await wait_for_publish(client, uri, version=1)
    fixed = text.replace('"goodby"', '"goodbye"')
    replace_all(client, uri, fixed, version=2)
    published = await wait_for_publish(client, uri, version=2)
    assert "FL103" not in {d.code for d in published.diagnostics}


async def test_json_that_is_not_a_flow_stays_silent(client: RecordingClient) -> None:
    uri = open_document(
        client, _root(client) / "package.json", json.dumps({"name": "x", "version": "1.0.0"})
    )
    flow_uri = open_document(
        client, _root(client) / "after.flow.json", OWL_SUPPORT.read_text(encoding="utf-8")
    )
    # Documents are analysed in order: once the flow opened after it is published, the
    # package.json has been analysed too.
    await wait_for_publish(client, flow_uri, version=1)
    assert [p for p in client.publishes if p.uri == uri] == []
    replace_all(client, uri, '{"name": "x", "version": ', version=2)
    replace_all(client, flow_uri, OWL_SUPPORT.read_text(encoding="utf-8"), version=2)
    await wait_for_publish(client, flow_uri, version=2)
    assert [p for p in client.publishes if p.uri == uri] == []


async def test_pull_diagnostics_serve_the_same_findings(client: RecordingClient) -> None:
    text = OWL_SUPPORT.read_text(encoding="utf-8")
    uri = open_document(client, _root(client) / "pulled.flow.json", text)
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert isinstance(
        report, types.RelatedFullDocumentDiagnosticReport | types.FullDocumentDiagnosticReport
    )
    pushed = await wait_for_publish(client, uri, version=1)
    assert codes(report.items) == codes(pushed.diagnostics)
    assert {"FL103", "FL202", "FL402"} <= set(codes(report.items))
    again = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            previous_result_id=report.result_id,
        )
    )
    assert again.kind == "unchanged"
