"""Hover over stdio: widgets, widget types, Liquid paths and diagnostics."""

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
ORACLE = Text(TEXT)


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("hover")
    await initialize(lsp_client, "visual-studio-code", root)
    uri = open_document(lsp_client, Path(root) / "hover.flow.json", TEXT)
    await wait_for_publish(lsp_client, uri, version=1)
    lsp_client.uri = uri  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def _hover(client: RecordingClient, position: types.Position) -> tuple[str, str]:
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=client.uri),  # type: ignore[attr-defined]
            position=position,
        )
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    covered = ORACLE.text_of(hover.range) if hover.range is not None else ""
    return hover.contents.value, covered


async def test_on_a_next_value_shows_the_widget_its_events_and_targets(
    client: RecordingClient,
) -> None:
    text, covered = await _hover(client, ORACLE.find('"next": "ask"', delta=10))
    assert covered == '"ask"'
    assert "**ask** · `send-and-wait-for-reply` widget" in text
    assert "| `incomingMessage` | `route` |" in text
    assert "| `timeout` | `goodbye` |" in text


async def test_lists_events_that_lead_nowhere(client: RecordingClient) -> None:
    text, _ = await _hover(client, ORACLE.find('"lookup"', delta=2, after='"name": "lookup"'))
    assert "| `success` | `ask` |" in text
    assert "| `failed` | *not listed: the execution ends* |" in text


async def test_on_a_type_shows_the_type_documentation(client: RecordingClient) -> None:
    text, covered = await _hover(client, ORACLE.find('"make-http-request"', delta=3))
    assert covered == '"make-http-request"'
    assert text.startswith("**`make-http-request`** widget type")
    assert "Events: `success`, `failed`" in text


async def test_on_a_liquid_path_says_whether_it_is_set_here(client: RecordingClient) -> None:
    # In `handoff`, reached only through `ask`: ask's outputs are always set there.
    text, covered = await _hover(client, ORACLE.find("widgets.ask", delta=12, after="🦉"))
    assert covered == "widgets.ask.inbound.Body"
    assert "output `inbound.Body` of **ask**" in text
    assert "Always set here" in text
    # A flow variable set by set_greeting, which every path runs before `ask`.
    text, covered = await _hover(client, ORACLE.find("flow.variables.greeting", delta=16))
    assert covered == "flow.variables.greeting"
    assert "set by `set_greeting`" in text and "Always set here" in text
    text, _ = await _hover(client, ORACLE.find("trigger.message.From", delta=10))
    assert "Sender's address" in text and "The incoming message (incomingMessage trigger)" in text


async def test_on_a_diagnostic_adds_the_rule_documentation(client: RecordingClient) -> None:
    text, _ = await _hover(client, ORACLE.find('"goodby"', delta=2))
    assert "No widget named `goodby` in this flow; did you mean `goodbye`?" in text
    assert "### FL103 unknown-transition-target" in text
    assert "#### Fix" in text
