"""Names from the file show literally in the Markdown of hovers and completion documentation,
over stdio with a real client, rendered as an editor renders them (tests/lsp/markdown_render.py).

A widget named `**x** [click](http://evil.example) <img …>` must not render bold, as a link or
as an image; one with backticks and a `|` must neither end its code span nor split the table
row of the events; the did-you-mean suggestion for a misspelt target is shown the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types

from tests.lsp.markdown_render import rendered_html, rendered_text
from tests.lsp.support import (
    SERVER,
    RecordingClient,
    Text,
    initialize,
    open_document,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

EVIL = "**x** [click](http://evil.example) <img src=x onerror=alert(1)> &amp; _y_"
TICKS = "a`b``c | d"
MISSPELT = EVIL[:-1]


def _flow(first_target: str) -> str:
    flow = {
        "description": "hostile names",
        "initial_state": "Trigger",
        "flags": {"allow_concurrent_calls": True},
        "states": [
            {
                "name": "Trigger",
                "type": "trigger",
                "transitions": [{"event": "incomingMessage", "next": first_target}],
                "properties": {"offset": {"x": 0, "y": 0}},
            },
            {
                "name": EVIL,
                "type": "send-message",
                "transitions": [
                    {"event": "sent", "next": TICKS},
                    {"event": "failed", "next": MISSPELT},
                ],
                "properties": {
                    "offset": {"x": 0, "y": 200},
                    "body": "hello",
                    "from": "{{flow.channel.address}}",
                    "to": "{{contact.channel.address}}",
                },
            },
            {
                "name": TICKS,
                "type": "set-variables",
                "transitions": [{"event": "next"}],
                "properties": {"offset": {"x": 0, "y": 400}, "variables": []},
            },
        ],
    }
    return json.dumps(flow, indent=2, ensure_ascii=False)


TEXT = _flow(EVIL)
ORACLE = Text(TEXT)
BLANK = _flow("")
BLANK_ORACLE = Text(BLANK)


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("markdown")
    await initialize(lsp_client, "visual-studio-code", root)
    lsp_client.uri = open_document(lsp_client, Path(root) / "names.flow.json", TEXT)  # type: ignore[attr-defined]
    lsp_client.blank = open_document(lsp_client, Path(root) / "blank.flow.json", BLANK)  # type: ignore[attr-defined]
    await wait_for_publish(lsp_client, lsp_client.uri, version=1)  # type: ignore[attr-defined]
    await wait_for_publish(lsp_client, lsp_client.blank, version=1)  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def _hover(client: RecordingClient, position: types.Position) -> str:
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=client.uri),  # type: ignore[attr-defined]
            position=position,
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    return hover.contents.value


def _assert_inert(markdown: str) -> None:
    """No markup from the names: no link, image, emphasis or raw HTML in the rendering."""
    shown = rendered_html(markdown)
    for made in ("<a ", "<img", "<em>", "<strong>x</strong>"):
        assert made not in shown, shown


def _table_rows(markdown: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", rendered_html(markdown), re.S)
    return [re.findall(r"<t[dh]>(.*?)</t[dh]>", row, re.S) for row in rows]


async def test_hover_on_a_widget_shows_its_name_and_targets_literally(
    client: RecordingClient,
) -> None:
    markdown = await _hover(client, ORACLE.find(json.dumps(EVIL), after='"next"', delta=3))
    _assert_inert(markdown)
    text = rendered_text(markdown)
    assert text.startswith(EVIL + " · send-message widget"), text
    # Each row of the events table keeps its two cells, whatever the target's name holds.
    rows = _table_rows(markdown)
    assert rows and all(len(row) == 2 for row in rows), rows
    assert TICKS in text and MISSPELT in text


async def test_hover_on_a_misspelt_target_suggests_the_name_literally(
    client: RecordingClient,
) -> None:
    markdown = await _hover(client, ORACLE.find(json.dumps(MISSPELT), delta=3))
    _assert_inert(markdown)
    text = rendered_text(markdown)
    assert f"No widget named {MISSPELT} in this flow; did you mean {EVIL}?" in text, text


async def test_completion_documentation_shows_the_name_literally(client: RecordingClient) -> None:
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=client.blank),  # type: ignore[attr-defined]
            position=BLANK_ORACLE.find('"next": ""', delta=9),
        )
    )
    items = list(result.items) if isinstance(result, types.CompletionList) else list(result or [])
    evil = next(item for item in items if item.label == EVIL)
    resolved = await client.completion_item_resolve_async(evil)
    assert isinstance(resolved.documentation, types.MarkupContent)
    markdown = resolved.documentation.value
    _assert_inert(markdown)
    assert rendered_text(markdown).startswith(EVIL + " · send-message widget")
    assert all(len(row) == 2 for row in _table_rows(markdown))


@pytest_lsp.fixture(scope="module", config=SERVER)
async def template_client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    """A template whose environments (names and values from the repository's configuration)
    hold Markdown, HTML, backticks and a table cell's `|`."""
    root = tmp_path_factory.mktemp("template")
    (root / "flowlint.toml").write_text(
        '[environments."<b>dev</b>"]\n'
        f"LABEL = {json.dumps(EVIL + ' ' + TICKS)}\n"
        "[environments.prod]\n"
        'LABEL = "plain"\n',
        encoding="utf-8",
    )
    await initialize(lsp_client, "visual-studio-code", root)
    text = _flow("Trigger").replace('"hostile names"', '"${LABEL}"')
    lsp_client.oracle = Text(text)  # type: ignore[attr-defined]
    lsp_client.uri = open_document(lsp_client, root / "template.json", text)  # type: ignore[attr-defined]
    await wait_for_publish(lsp_client, lsp_client.uri, version=1)  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def test_template_hover_shows_environment_names_and_values_literally(
    template_client: RecordingClient,
) -> None:
    oracle: Text = template_client.oracle  # type: ignore[attr-defined]
    hover = await template_client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=template_client.uri),  # type: ignore[attr-defined]
            position=oracle.find("${LABEL}", delta=3),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    markdown = hover.contents.value
    _assert_inert(markdown)
    assert "<b>" not in rendered_html(markdown)
    rows = _table_rows(markdown)
    assert len(rows) == 3 and all(len(row) == 2 for row in rows), rows
    text = rendered_text(markdown)
    assert "<b>dev</b>" in text and json.dumps(EVIL + " " + TICKS) in text
