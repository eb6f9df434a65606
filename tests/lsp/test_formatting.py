"""Document formatting (`textDocument/formatting`) over stdio: the `flowlint fmt` layout as
edits, for clients in each position encoding."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types

from flowlint.fmt import format_flow_text
from tests.lsp.support import (
    ENCODINGS,
    OWL_SUPPORT,
    SERVER,
    RecordingClient,
    apply_edits,
    initialize,
    open_document,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

FORMATTED = format_flow_text(OWL_SUPPORT.read_text(encoding="utf-8"))
# Hand edits the Console never makes: four-space indentation, keys sorted, a non-ASCII
# greeting escaped, and one widget's lines already in the Console layout.
value = json.loads(FORMATTED)
value["description"] = "Hilfe für Eulen 🦉"
HAND_EDITED = json.dumps(value, indent=4, sort_keys=True)
EXPECTED = format_flow_text(HAND_EDITED)


@pytest_lsp.fixture(scope="module", config=SERVER, params=sorted(ENCODINGS))
async def client(
    lsp_client: RecordingClient,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("formatting")
    lsp_client.root = root  # type: ignore[attr-defined]
    lsp_client.encoding = ENCODINGS[request.param]  # type: ignore[attr-defined]
    result = await initialize(lsp_client, request.param, root)
    assert result.capabilities.document_formatting_provider
    yield
    await lsp_client.shutdown_session()


async def _format(client: RecordingClient, name: str, text: str) -> list[types.TextEdit] | None:
    root: Path = client.root  # type: ignore[attr-defined]
    # No waiting for diagnostics: the server handles messages in order, so the document is
    # open when the request arrives (and pull-mode clients get no publishes to wait for).
    uri = open_document(client, root / name, text)
    return await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=8, insert_spaces=False),
        )
    )


async def test_edits_give_the_console_layout(client: RecordingClient) -> None:
    edits = await _format(client, "edited.flow.json", HAND_EDITED)
    assert edits
    encoding: str = client.encoding  # type: ignore[attr-defined]
    assert apply_edits(HAND_EDITED, edits, encoding) == EXPECTED
    assert '"description": "Hilfe für Eulen 🦉"' in EXPECTED


async def test_only_changed_lines_are_replaced(client: RecordingClient) -> None:
    lines = FORMATTED.split("\n")
    lines[3] = "    " + lines[3]  # one line indented wrongly
    text = "\n".join(lines)
    edits = await _format(client, "one_line.flow.json", text)
    assert edits is not None and len(edits) == 1
    assert edits[0].range.start == types.Position(line=3, character=0)
    assert edits[0].range.end == types.Position(line=4, character=0)
    assert apply_edits(text, edits, client.encoding) == FORMATTED  # type: ignore[attr-defined]


async def test_a_formatted_document_gets_no_edits(client: RecordingClient) -> None:
    edits = await _format(client, "formatted.flow.json", FORMATTED)
    assert edits is not None and list(edits) == []


async def test_broken_json_and_other_json_are_left_alone(client: RecordingClient) -> None:
    assert await _format(client, "typing.flow.json", FORMATTED[:200]) is None
    assert await _format(client, "package.json", '{"name": "owl-bank"}') is None
