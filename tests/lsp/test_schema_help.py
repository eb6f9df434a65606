"""Schema-driven help over stdio: property keys with value snippets, enum values, condition
operators (completion) and what a property is (hover), all read from schemas/."""

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


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("schema-help")
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", root)
    yield
    await lsp_client.shutdown_session()


async def _complete_after_typing(
    client: RecordingClient, name: str, anchor: str, typed: str, after: str
) -> tuple[list[types.CompletionItem], Text, int]:
    root: Path = client.root  # type: ignore[attr-defined]
    uri = open_document(client, root / name, TEXT)
    await wait_for_publish(client, uri, version=1)
    oracle = Text(TEXT)
    at = oracle.find(anchor, delta=len(anchor), after=after)
    edit(client, uri, 2, at, at, typed)
    cursor_offset = oracle.offset(at) + len(typed)
    now = Text(TEXT[: oracle.offset(at)] + typed + TEXT[oracle.offset(at) :])
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=now.position(cursor_offset),
        )
    )
    assert isinstance(result, types.CompletionList)
    return list(result.items), now, cursor_offset


def _edit_of(item: types.CompletionItem) -> tuple[types.Range, str]:
    text_edit = item.text_edit
    if isinstance(text_edit, types.InsertReplaceEdit):
        return text_edit.insert, text_edit.new_text
    assert isinstance(text_edit, types.TextEdit)
    return text_edit.range, text_edit.new_text


async def test_property_keys_insert_a_value_snippet_by_type(client: RecordingClient) -> None:
    # A fresh make-http-request with only `url`: method and content_type are required.
    items, now, cursor = await _complete_after_typing(
        client, "keys.flow.json", '"method": "GET",', "\n        ", after='"name": "lookup"'
    )
    # Blank spot in a widget that has method, content_type and url already.
    assert [item.label for item in items] == ["body", "parameters", "add_twilio_auth"]
    by_label = {item.label: item for item in items}
    assert _edit_of(by_label["add_twilio_auth"])[1] == '"add_twilio_auth": ${1|true,false|}'
    assert _edit_of(by_label["parameters"])[1] == '"parameters": [$1]'
    assert _edit_of(by_label["body"])[1] == '"body": "${1:}"'
    assert all(item.insert_text_format == types.InsertTextFormat.Snippet for item in items)
    edit_range, _ = _edit_of(by_label["body"])
    assert now.offset(edit_range.start) == cursor == now.offset(edit_range.end)
    documentation = by_label["body"].documentation
    assert isinstance(documentation, types.MarkupContent)
    assert documentation.value.startswith(
        "**`body`** · string · optional · `make-http-request` property"
    )


async def test_required_keys_come_first_and_replace_the_typed_key(
    client: RecordingClient,
) -> None:
    # goodbye_retry (send-message) without its required `to`; a key is being typed: `"t`.
    root: Path = client.root  # type: ignore[attr-defined]
    without_to = TEXT.replace(
        '"to": "{{contact.channel.address}}",\n        "offset": {\n          "x": 780,\n'
        '          "y": 220',
        '"offset": {\n          "x": 780,\n          "y": 220',
    )
    assert without_to != TEXT
    uri = open_document(client, root / "required.flow.json", without_to)
    await wait_for_publish(client, uri, version=1)
    oracle = Text(without_to)
    anchor = '"properties": {'
    at = oracle.find(anchor, delta=len(anchor), after='"name": "goodbye_retry"')
    typed = '\n        "t'
    edit(client, uri, 2, at, at, typed)
    now = Text(without_to[: oracle.offset(at)] + typed + without_to[oracle.offset(at) :])
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=now.position(oracle.offset(at) + len(typed)),
        )
    )
    assert isinstance(result, types.CompletionList)
    items = list(result.items)
    assert [item.label for item in items] == [
        "to",
        "media_url",
        "service",
        "channel",
        "attributes",
        "content_sid",
        "content_variables",
        "message_type",
        "shorten_urls",
    ]
    first = items[0]
    assert first.detail == "required · Recipient; Console default {{contact.channel.address}}."
    edit_range, new_text = _edit_of(first)
    assert (now.text_of(edit_range), new_text, first.filter_text) == (
        '"t',
        '"to": "${1:}"',
        '"to"',
    )


async def test_enum_values_of_a_property(client: RecordingClient) -> None:
    items, now, _ = await _complete_after_typing(
        client, "enum.flow.json", '"method": "', "", after='"name": "lookup"'
    )
    assert [(item.label, item.detail) for item in items] == [("GET", None), ("POST", None)]
    edit_range, new_text = _edit_of(items[1])
    assert (new_text, now.text_of(edit_range)) == ("POST", "")


async def test_condition_operators(client: RecordingClient) -> None:
    items, _, _ = await _complete_after_typing(
        client, "operators.flow.json", '"type": "', "", after='"friendly_name": "agent"'
    )
    labels = [item.label for item in items]
    assert labels[:3] == ["equal_to", "not_equal_to", "matches_any_of"]
    assert len(labels) == 17 and labels[-1] == "is_after_date"


async def test_hover_on_a_property_key(client: RecordingClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri = open_document(client, root / "hover-key.flow.json", TEXT)
    await wait_for_publish(client, uri, version=1)
    oracle = Text(TEXT)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=oracle.find('"method"', delta=3, after='"name": "lookup"'),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value == (
        "**`method`** · string · required · `make-http-request` property\n\n"
        "HTTP method.\n\n"
        'Allowed values: `"GET"`, `"POST"`\n\n'
        "Liquid is not allowed here: the value must be literal.\n\n"
        "[Twilio docs: make-http-request]"
        "(https://www.twilio.com/docs/studio/widget-library/http-request)"
    )
    assert hover.range == oracle.span('"method"', after='"name": "lookup"')


async def test_hover_on_a_condition_operator(client: RecordingClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri = open_document(client, root / "hover-operator.flow.json", TEXT)
    await wait_for_publish(client, uri, version=1)
    oracle = Text(TEXT)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=oracle.find('"equal_to"', delta=2),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith(
        "**`type`** · string · required · `split-based-on condition` property\n\n"
        'Comparison operator.\n\nAllowed values: `"equal_to"`, `"not_equal_to"`'
    )
    assert "Twilio docs" not in hover.contents.value
    assert hover.range == oracle.span('"equal_to"')
