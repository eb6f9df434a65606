"""The language server on a `${NAME}` template: diagnostics at template positions, and hover
on a placeholder showing its value in each configured environment."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator

import pytest
import pytest_lsp
from lsprotocol import types

from tests.conftest import FIXTURES
from tests.lsp.support import (
    SERVER,
    RecordingClient,
    Text,
    codes,
    initialize,
    open_document,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = (
    (FIXTURES / "templates" / "send_to_flex_template.json")
    .read_text(encoding="utf-8")
    .replace("${CHANNEL_SID}", "${QUEUE_SID}")
)
ORACLE = Text(TEXT)


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("templates")
    shutil.copy(FIXTURES / "templates" / "flowlint.toml", root / "flowlint.toml")
    await initialize(lsp_client, "visual-studio-code", root)
    lsp_client.uri = open_document(lsp_client, root / "template.json", TEXT)  # type: ignore[attr-defined]
    # Every test, in any order, starts once the template's configuration is loaded: a hover
    # before the first lint finds no environments.
    await wait_for_publish(lsp_client, lsp_client.uri, version=1)  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def test_a_template_gets_diagnostics_at_its_placeholders(client: RecordingClient) -> None:
    published = await wait_for_publish(client, client.uri, version=1)  # type: ignore[attr-defined]
    # No json-syntax error for `"timeout": ${TIMEOUT}`, no invalid-sid for "${WORKFLOW_SID}":
    # only the placeholder no environment defines.
    assert codes(published.diagnostics) == ["FL901"]
    (diagnostic,) = published.diagnostics
    assert diagnostic.range == ORACLE.span("${QUEUE_SID}")
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert "no environment defines `${QUEUE_SID}`" in diagnostic.message


async def test_hover_on_a_placeholder_shows_its_value_per_environment(
    client: RecordingClient,
) -> None:
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=client.uri),  # type: ignore[attr-defined]
            position=ORACLE.find("${FUNCTIONS_DOMAIN}", delta=4),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.range == ORACLE.span("${FUNCTIONS_DOMAIN}")
    rows = hover.contents.value.splitlines()
    assert '| dev | `"support-1234-dev.twil.io"` |' in rows
    assert '| prod | `"support-5678-prod.twil.io"` |' in rows
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=client.uri),  # type: ignore[attr-defined]
            position=ORACLE.find("${WORKFLOW_SID}", delta=2),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert (
        "| prod | `(unset: $FLOWLINT_TEST_PROD_WORKFLOW_SID is not set)` |"
        in hover.contents.value.splitlines()
    )
