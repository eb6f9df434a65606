"""Completion over stdio, while typing (the buffer is usually not valid JSON at that moment)."""

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
    edit,
    initialize,
    open_document,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = OWL_SUPPORT.read_text(encoding="utf-8")
NAMES = ["set_greeting", "lookup", "ask", "route", "handoff", "goodbye", "goodbye_retry"]


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("completion")
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", root)
    yield
    await lsp_client.shutdown_session()


async def _type_and_complete(
    client: RecordingClient, name: str, anchor: str, typed: str, after: str | None = None
) -> tuple[list[str], list[types.CompletionItem], Text]:
    """Open the fixture, type `typed` right after `anchor`, and ask for completion at the end of
    what was typed."""
    root: Path = client.root  # type: ignore[attr-defined]
    uri = open_document(client, root / name, TEXT)
    await wait_for_publish(client, uri, version=1)
    oracle = Text(TEXT)
    at = oracle.find(anchor, delta=len(anchor), after=after)
    edit(client, uri, 2, at, at, typed)
    now = Text(TEXT[: oracle.offset(at)] + typed + TEXT[oracle.offset(at) :])
    cursor = now.position(oracle.offset(at) + len(typed))
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=cursor)
    )
    items = list(result.items) if isinstance(result, types.CompletionList) else list(result or [])
    return [item.label for item in items], items, now


async def test_widget_names_in_a_half_typed_next(client: RecordingClient) -> None:
    labels, items, now = await _type_and_complete(
        client,
        "next.flow.json",
        '"event": "failed"',
        ',\n          "next": "go',
        after='"name": "goodbye_retry"',
    )
    assert labels == NAMES
    goodbye = items[labels.index("goodbye")]
    assert isinstance(goodbye.text_edit, types.TextEdit | types.InsertReplaceEdit)
    edit_range = (
        goodbye.text_edit.range
        if isinstance(goodbye.text_edit, types.TextEdit)
        else goodbye.text_edit.insert
    )
    assert now.text_of(edit_range) == "go"
    assert goodbye.detail == "send-message"
    resolved = await client.completion_item_resolve_async(goodbye)
    assert isinstance(resolved.documentation, types.MarkupContent)
    assert "**goodbye** · `send-message` widget" in resolved.documentation.value


async def test_widget_names_right_after_next_colon(client: RecordingClient) -> None:
    labels, items, _ = await _type_and_complete(
        client,
        "colon.flow.json",
        '"event": "failed"',
        ',\n          "next": ',
        after='"name": "goodbye_retry"',
    )
    assert labels == NAMES
    assert items[0].text_edit is not None and items[0].text_edit.new_text == '"set_greeting"'


async def test_events_of_the_widget_type_not_used_yet(client: RecordingClient) -> None:
    labels, _, _ = await _type_and_complete(
        client,
        "event.flow.json",
        '"next": "ask"\n        }',
        ',\n        {"event": "',
        after='"name": "lookup"',
    )
    assert labels == ["failed"]


async def test_widget_types(client: RecordingClient) -> None:
    labels, items, _ = await _type_and_complete(
        client, "type.flow.json", '"states": [', '\n    {"name": "new_one", "type": "send-'
    )
    assert "send-message" in labels and "make-http-request" in labels and "trigger" in labels
    assert labels == sorted(labels)
    assert all(item.kind == types.CompletionItemKind.Class for item in items)


async def test_property_keys_of_the_type_not_present_yet(client: RecordingClient) -> None:
    labels, _, _ = await _type_and_complete(
        client, "keys.flow.json", '"method": "GET",', '\n        "', after='"name": "lookup"'
    )
    assert labels == ["body", "parameters", "add_twilio_auth"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("{{", ["widgets", "flow", "trigger", "contact"]),
        (
            "{{ widgets.",
            ["set_greeting", "lookup", "ask", "route", "handoff", "goodbye", "goodbye_retry"],
        ),
        ("{{widgets.lookup.", ["body", "status_code", "content_type", "parsed"]),
        ("{{widgets.ask.inbound.", ["Body", "From", "To", "MessageSid", "NumMedia"]),
        ("{{flow.variables.", ["greeting"]),
        ("{{flow.", ["variables", "data", "channel", "flow_sid", "sid"]),
        # Only incomingMessage leads (through set_greeting …) to this widget.
        ("{{trigger.", ["message"]),
        ("{% if trigger.message.Bo", None),
    ],
)
async def test_liquid_paths(
    client: RecordingClient, typed: str, expected: list[str] | None
) -> None:
    labels, items, now = await _type_and_complete(
        client,
        f"liquid-{abs(hash(typed))}.flow.json",
        '"body": "Merci ',
        typed,
        after='"name": "goodbye"',
    )
    if expected is None:
        assert "Body" in labels
        body = items[labels.index("Body")]
        assert isinstance(body.text_edit, types.TextEdit)
        assert now.text_of(body.text_edit.range) == "Bo"
    else:
        assert labels == expected


@pytest_lsp.fixture(scope="module", config=SERVER)
async def neovim(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[RecordingClient]:
    root = tmp_path_factory.mktemp("completion-neovim")
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "neovim", root)
    yield lsp_client
    await lsp_client.shutdown_session()


async def test_one_shared_edit_range_for_clients_that_take_item_defaults(
    neovim: RecordingClient,
) -> None:
    client = neovim
    root: Path = client.root  # type: ignore[attr-defined]
    uri = open_document(client, root / "defaults.flow.json", TEXT)
    document = types.TextDocumentIdentifier(uri=uri)
    await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=document)
    )
    oracle = Text(TEXT, "utf-8")
    at = oracle.find(
        '"event": "failed"', delta=len('"event": "failed"'), after='"name": "goodbye_retry"'
    )
    typed = ',\n          "next": "go'
    edit(client, uri, 2, at, at, typed)
    now = Text(TEXT[: oracle.offset(at)] + typed + TEXT[oracle.offset(at) :], "utf-8")
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=document, position=now.position(oracle.offset(at) + len(typed))
        )
    )
    assert isinstance(result, types.CompletionList)
    assert sorted(item.label for item in result.items) == sorted(NAMES)
    assert all(item.text_edit is None for item in result.items)
    assert result.item_defaults is not None
    edit_range = result.item_defaults.edit_range
    assert isinstance(edit_range, types.Range) and now.text_of(edit_range) == "go"
    assert result.item_defaults.data == {"resolve": "widget", "uri": uri}
