"""Positions in every encoding a client can negotiate: Neovim gets UTF-8, Emacs UTF-32 and
VS Code UTF-16. The fixture has emoji and accented letters before the findings and references
on the same line, where the three encodings disagree about columns."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_lsp
from lsprotocol import types

from tests.lsp.support import (
    ENCODINGS,
    OWL_SUPPORT,
    SERVER,
    RecordingClient,
    Text,
    initialize,
    open_document,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(scope="module", config=SERVER, params=sorted(ENCODINGS))
async def client(
    lsp_client: RecordingClient,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[None]:
    name = request.param
    root = tmp_path_factory.mktemp(name)
    result = await initialize(lsp_client, name, root)
    lsp_client.session = (name, root, result)  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def _diagnostics(client: RecordingClient, uri: str) -> list[types.Diagnostic]:
    name = client.session[0]  # type: ignore[attr-defined]
    if name == "neovim":  # Neovim 0.11 pulls diagnostics, so the server does not push to it
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        return list(report.items)
    return list((await wait_for_publish(client, uri, version=1)).diagnostics)


async def test_negotiated_encoding_is_used_for_diagnostics(client: RecordingClient) -> None:
    name, root, result = client.session  # type: ignore[attr-defined]
    encoding = ENCODINGS[name]
    assert result.capabilities.position_encoding == encoding
    text = OWL_SUPPORT.read_text(encoding="utf-8")
    uri = open_document(client, root / "owl.flow.json", text)
    diagnostics = await _diagnostics(client, uri)
    oracle = Text(text, encoding)
    undefined = next(d for d in diagnostics if d.code == "FL402")
    # On the line "🦉 Un agent arrive — {{widgets.nobody.name}} ...": the owl is 4 UTF-8
    # bytes, 2 UTF-16 units, 1 code point; the dash 3, 1 and 1.
    assert undefined.range == oracle.span("widgets.nobody.name")
    assert oracle.text_of(undefined.range) == "widgets.nobody.name"
    columns = {"utf-8": 44, "utf-16": 40, "utf-32": 39}
    assert undefined.range.start.character == columns[encoding]


async def test_definition_and_hover_read_positions_in_that_encoding(
    client: RecordingClient,
) -> None:
    name, root, _ = client.session  # type: ignore[attr-defined]
    encoding = ENCODINGS[name]
    text = OWL_SUPPORT.read_text(encoding="utf-8")
    uri = open_document(client, root / "navigate.flow.json", text)
    await _diagnostics(client, uri)
    oracle = Text(text, encoding)
    # `ask` inside "{{widgets.ask.inbound.Body}}" after the owl and the dash.
    position = oracle.find("widgets.ask", delta=len("widgets.a"), after="🦉 Un agent")
    locations = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position
        )
    )
    assert locations is not None and len(locations) == 1
    assert locations[0].range == oracle.span('"ask"', after='"name": "ask"')
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )
    assert hover is not None and hover.range is not None
    assert oracle.text_of(hover.range) == "widgets.ask.inbound.Body"


async def test_an_edit_after_an_emoji_lands_where_the_client_meant(client: RecordingClient) -> None:
    name, root, _ = client.session  # type: ignore[attr-defined]
    encoding = ENCODINGS[name]
    text = OWL_SUPPORT.read_text(encoding="utf-8")
    uri = open_document(client, root / "edited.flow.json", text)
    await _diagnostics(client, uri)
    oracle = Text(text, encoding)
    # Fix the reference to `nobody` by typing over it: the range is given in client units.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(range=oracle.span("nobody"), text="ask")
            ],
        )
    )
    if name == "neovim":
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        codes = {d.code for d in report.items}
    else:
        codes = {d.code for d in (await wait_for_publish(client, uri, version=2)).diagnostics}
    assert "FL402" not in codes and "FL103" in codes
