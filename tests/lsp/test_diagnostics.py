"""Diagnostics over stdio: pushed on open and change, served on pull, linked to the rule docs,
at the right place in every position encoding, silent on JSON that is not a flow."""

from __future__ import annotations

import asyncio
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
    assert {("FL103", 141), ("FL202", 57), ("FL402", 151)} <= found
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


async def test_project_include_and_exclude_globs_decide_which_documents_are_linted(
    client: RecordingClient,
) -> None:
    project = _root(client) / "globs"
    (project / "flows" / "archive").mkdir(parents=True)
    (project / "flowlint.toml").write_text(
        'include = ["flows/*.json"]\nexclude = ["flows/archive"]\n', encoding="utf-8"
    )
    # Included: even JSON that is not a flow is reported, like a file named on the command line.
    included = open_document(client, project / "flows" / "settings.json", '{"retries": 3}')
    published = await wait_for_publish(client, included, version=1)
    assert [d.data["rule"] for d in published.diagnostics] == ["not-a-flow"]
    # Excluded: a flow with findings stays silent.
    excluded = open_document(
        client, project / "flows" / "archive" / "old.json", OWL_SUPPORT.read_text(encoding="utf-8")
    )
    marker = open_document(
        client, project / "marker.flow.json", OWL_SUPPORT.read_text(encoding="utf-8")
    )
    await wait_for_publish(client, marker, version=1)
    assert [p for p in client.publishes if p.uri == excluded] == []


async def test_a_broken_configuration_is_reported_and_the_defaults_apply(
    client: RecordingClient,
) -> None:
    project = _root(client) / "broken-config"
    project.mkdir()
    (project / "flowlint.toml").write_text('select = ["NO-SUCH-RULE"]\n', encoding="utf-8")
    uri = open_document(client, project / "owl.flow.json", OWL_SUPPORT.read_text(encoding="utf-8"))
    published = await wait_for_publish(client, uri, version=1)
    assert "FL103" in codes(published.diagnostics)
    warning = next(m for m in client.messages if "NO-SUCH-RULE" in m.message)
    assert warning.type == types.MessageType.Warning
    assert "default settings" in warning.message


async def test_saving_publishes_again(client: RecordingClient) -> None:
    uri = open_document(
        client, _root(client) / "saved.flow.json", OWL_SUPPORT.read_text(encoding="utf-8")
    )
    await wait_for_publish(client, uri, version=1)
    count = len([p for p in client.publishes if p.uri == uri])
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    for _ in range(200):
        if len([p for p in client.publishes if p.uri == uri]) > count:
            break
        await asyncio.sleep(0.02)
    assert len([p for p in client.publishes if p.uri == uri]) == count + 1


async def test_a_list_page_outlines_each_flow(client: RecordingClient) -> None:
    definition = json.loads(OWL_SUPPORT.read_text(encoding="utf-8"))
    page = {
        "flows": [
            {"sid": "FW" + "1" * 32, "friendly_name": "Owl support", "definition": definition},
            {"sid": "FW" + "2" * 32, "friendly_name": "Owl sales", "definition": definition},
        ],
        "meta": {"page": 0},
    }
    uri = open_document(client, _root(client) / "flows-page.json", json.dumps(page, indent=2))
    await wait_for_publish(client, uri, version=1)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert symbols is not None
    assert [
        (s.name, len(s.children or [])) for s in symbols if isinstance(s, types.DocumentSymbol)
    ] == [
        ("Owl support", 8),
        ("Owl sales", 8),
    ]


async def test_closing_a_document_clears_its_diagnostics(client: RecordingClient) -> None:
    uri = open_document(
        client, _root(client) / "closed.flow.json", OWL_SUPPORT.read_text(encoding="utf-8")
    )
    await wait_for_publish(client, uri, version=1)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    for _ in range(200):
        if client.publishes[-1].uri == uri and not client.publishes[-1].diagnostics:
            break
        await asyncio.sleep(0.02)
    assert client.publishes[-1].uri == uri and len(client.publishes[-1].diagnostics) == 0


async def test_unreachable_island_lists_its_other_widgets_as_related_information(
    client: RecordingClient,
) -> None:
    island = Path(__file__).parents[1] / "fixtures" / "rules" / "unreachable-widget"
    text = (island / "fires_island_reported_at_its_root.json").read_text(encoding="utf-8")
    uri = open_document(client, _root(client) / "island.flow.json", text)
    published = await wait_for_publish(client, uri, version=1)
    [unreachable] = [d for d in published.diagnostics if d.code == "FL201"]
    assert Text(text).text_of(unreachable.range) == '"old_survey"'
    related = unreachable.related_information or []
    assert [(note.location.uri, Text(text).text_of(note.location.range)) for note in related] == [
        (uri, '"save_score"'),
        (uri, '"thank_you"'),
    ]
    assert related[0].message == "widget 'save_score' is unreachable too: 'old_survey' leads to it"
