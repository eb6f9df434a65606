"""Document highlight, folding, code lenses, workspace symbols and Liquid semantic tokens over
stdio, on the Owl Support fixture, with exact ranges."""

from __future__ import annotations

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
    initialize,
    open_document,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = OWL_SUPPORT.read_text(encoding="utf-8")


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("editor-features")
    (root / "other.flow.json").write_text(
        TEXT.replace('"goodbye_retry"', '"farewell_again"'), encoding="utf-8"
    )
    (root / "notes.json").write_text('{"not": "a flow"}', encoding="utf-8")
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", root)
    uri = open_document(lsp_client, root / "owl.flow.json", TEXT)
    lsp_client.uri = uri  # type: ignore[attr-defined]
    await wait_for_publish(lsp_client, uri, version=1)
    yield
    await lsp_client.shutdown_session()


def _document(client: RecordingClient) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=client.uri)  # type: ignore[attr-defined]


async def test_highlight_of_a_widget_and_its_references(client: RecordingClient) -> None:
    oracle = Text(TEXT)
    highlights = await client.text_document_document_highlight_async(
        types.DocumentHighlightParams(
            text_document=_document(client), position=oracle.find('"next": "ask"', delta=10)
        )
    )
    assert highlights is not None
    found = [(oracle.text_of(h.range), h.kind) for h in highlights]
    read, write = types.DocumentHighlightKind.Read, types.DocumentHighlightKind.Write
    # `"next": "ask"` in lookup, the definition, and three Liquid `widgets.ask` paths.
    assert found == [
        ('"ask"', read),
        ('"ask"', write),
        ("ask", read),
        ("ask", read),
        ("ask", read),
        ("ask", read),
    ]
    starts = [oracle.offset(h.range.start) for h in highlights]
    assert starts[0] == oracle.offset_of('"ask"')
    assert starts[2] == oracle.offset_of("ask", after='"arguments"')


async def test_folding_per_widget_and_block(client: RecordingClient) -> None:
    oracle = Text(TEXT)
    folds = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=_document(client))
    )
    assert folds is not None
    lookup_start = oracle.find('"name": "lookup"').line - 1
    lookup = [f for f in folds if f.start_line == lookup_start]
    assert len(lookup) == 1
    lines = TEXT.split("\n")
    # The widget's fold ends on the line before its closing brace.
    assert lines[lookup[0].end_line + 1].strip() in ("},", "}")
    transitions = oracle.find('"transitions"', after='"name": "lookup"').line
    properties = oracle.find('"properties"', after='"name": "lookup"').line
    blocks = [
        (f.start_line, f.end_line) for f in folds if f.start_line in (transitions, properties)
    ]
    assert blocks == [(transitions, transitions + 4), (properties, properties + 7)]
    assert len(folds) == 8 * 3


async def test_code_lenses_list_incoming_transitions(client: RecordingClient) -> None:
    oracle = Text(TEXT)
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=_document(client))
    )
    assert lenses is not None
    titles = {oracle.text_of(lens.range): lens.command.title for lens in lenses if lens.command}
    assert titles == {
        '"set_greeting"': "1 incoming: Trigger.incomingMessage",
        '"lookup"': "1 incoming: set_greeting.next",
        '"ask"': "1 incoming: lookup.success",
        '"route"': "1 incoming: ask.incomingMessage",
        '"handoff"': "1 incoming: route.match",
        '"goodbye"': "4 incoming: ask.timeout, ask.deliveryFailure, route.noMatch, …",
        '"goodbye_retry"': "1 incoming: goodbye.failed",
    }


async def test_workspace_symbols_across_flow_files(client: RecordingClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="gbyretr"))
    assert symbols is not None
    found = sorted(
        (s.name, Path(s.location.uri[len("file://") :]).name, s.location.range.start.line)
        for s in symbols
        if isinstance(s.location, types.Location)
    )
    line = Text(TEXT).find('"name": "goodbye_retry"').line
    assert found == [("goodbye_retry", "owl.flow.json", line)]
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="farewell"))
    assert symbols is not None
    assert [(s.name, s.container_name) for s in symbols] == [
        ("farewell_again", "send-message · other.flow.json")
    ]
    assert root.exists()


async def test_semantic_tokens_for_liquid(client: RecordingClient) -> None:
    oracle = Text(TEXT)
    result = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=_document(client))
    )
    assert result is not None
    data = result.data
    tokens = []
    line = character = 0
    for index in range(0, len(data), 5):
        delta_line, delta_start, length, kind, _ = data[index : index + 5]
        line += delta_line
        character = delta_start if delta_line else character + delta_start
        start = types.Position(line=line, character=character)
        end = types.Position(line=line, character=character + length)
        tokens.append((oracle.text_of(types.Range(start=start, end=end)), kind))
    legend = ["macro", "variable", "function", "keyword"]
    shown = [(text, legend[kind]) for text, kind in tokens]
    # The url of lookup: `{{trigger.message.From}}`.
    assert shown[:3] == [("{{", "macro"), ("trigger.message.From", "variable"), ("}}", "macro")]
    body = shown[shown.index(("widgets.lookup.parsed.first_name", "variable")) - 4 :]
    assert body[:8] == [
        ("{{", "macro"),
        ("flow.variables.greeting", "variable"),
        ("}}", "macro"),
        ("{{", "macro"),
        ("widgets.lookup.parsed.first_name", "variable"),
        ("default", "function"),
        ("}}", "macro"),
        ("{{", "macro"),
    ]
