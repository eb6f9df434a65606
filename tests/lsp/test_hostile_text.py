"""Text from a flow file reaches the editor escaped, over stdio with a real client.

The widget names and targets of tests/ci/test_hostile_text.py (terminal escape sequences, a
newline and a workflow command, a right-to-left override, NUL, DEL, a C1 CSI) must show up in
diagnostic messages, code action titles, hover and the outline escaped, while what the server
writes into the file (a quick fix's new text) keeps the exact name.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types

from tests.ci.test_hostile_text import HOSTILE, RAW_UNSAFE, _hostile_flow
from tests.lsp.markdown_render import rendered_text
from tests.lsp.support import (
    SERVER,
    RecordingClient,
    Text,
    initialize,
    open_document,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = _hostile_flow()
ORACLE = Text(TEXT)
RAW_UNSAFE_OR_LINE_BREAK = re.compile(f"{RAW_UNSAFE.pattern}|\n")


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("hostile")
    await initialize(lsp_client, "visual-studio-code", root)
    uri = open_document(lsp_client, Path(root) / "hostile.flow.json", TEXT)
    published = await wait_for_publish(lsp_client, uri, version=1)
    lsp_client.uri = uri  # type: ignore[attr-defined]
    lsp_client.published = list(published.diagnostics)  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def _uri(client: RecordingClient) -> str:
    uri: str = client.uri  # type: ignore[attr-defined]
    return uri


def _published(client: RecordingClient) -> list[types.Diagnostic]:
    diagnostics: list[types.Diagnostic] = client.published  # type: ignore[attr-defined]
    return diagnostics


async def test_diagnostic_messages_are_escaped(client: RecordingClient) -> None:
    diagnostics = _published(client)
    codes = {diagnostic.code for diagnostic in diagnostics}
    assert {"FL103", "FL201"} <= codes
    for diagnostic in diagnostics:
        assert RAW_UNSAFE_OR_LINE_BREAK.findall(diagnostic.message) == []
    unreachable = next(d for d in diagnostics if d.code == "FL201")
    assert "orphan\\x1b[2J\\x1b]8;;https://evil.example/" in unreachable.message
    assert "\\r\\n::set-env name=X::Y" in unreachable.message
    assert "\\u202e\\x00\\x7f\\x9b31m" in unreachable.message
    # Code actions find the widget again by its exact name.
    assert isinstance(unreachable.data, dict) and unreachable.data["widget"] == "orphan" + HOSTILE


async def test_code_action_titles_are_escaped_and_edits_exact(client: RecordingClient) -> None:
    diagnostics = _published(client)
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=_uri(client)),
            range=types.Range(
                start=types.Position(line=0, character=0),
                end=ORACLE.position(len(TEXT)),
            ),
            context=types.CodeActionContext(diagnostics=diagnostics),
        )
    )
    actions = [action for action in result or [] if isinstance(action, types.CodeAction)]
    titles = [action.title for action in actions]
    # The rule's fix title names the misspelt target and the widget it changes it to.
    assert any(
        title.startswith("Change 'good") and " to 'orphan\\x1b[2J" in title for title in titles
    ), titles
    assert any(
        title.startswith("Ignore unreachable-widget for widget 'orphan\\x1b") for title in titles
    )
    for title in titles:
        assert RAW_UNSAFE_OR_LINE_BREAK.findall(title) == []
    change = next(action for action in actions if action.title.startswith("Change 'good"))
    assert change.edit is not None and change.edit.changes is not None
    (edit,) = change.edit.changes[_uri(client)]
    assert json.loads(edit.new_text) == "orphan" + HOSTILE


async def _hover(client: RecordingClient, needle: str) -> str:
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=_uri(client)),
            position=ORACLE.find(needle, delta=2),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    return hover.contents.value


async def test_hover_escapes_names_but_keeps_its_own_line_breaks(client: RecordingClient) -> None:
    on_name = await _hover(client, '"orphan')
    on_target = await _hover(client, '"good')
    for value in (on_name, on_target):
        assert RAW_UNSAFE.findall(value) == []
    # As an editor renders the Markdown: the names with their controls escaped.
    assert rendered_text(on_name).startswith("orphan\\x1b[2J")
    assert "\\r\\n::set-env" in rendered_text(on_name)
    assert "\n" in on_name  # the Markdown's own structure
    assert "`good\\x1b[2J" in on_target


async def test_outline_names_are_escaped(client: RecordingClient) -> None:
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=_uri(client)))
    )
    assert symbols is not None
    names = [symbol.name for symbol in symbols if isinstance(symbol, types.DocumentSymbol)]
    children = [
        child.name
        for symbol in symbols
        if isinstance(symbol, types.DocumentSymbol)
        for child in symbol.children or []
    ]
    assert any(name.startswith("orphan\\x1b[2J") for name in names), names
    for name in names + children:
        assert RAW_UNSAFE_OR_LINE_BREAK.findall(name) == []
