"""Through the real server over stdio: after each of many random edits of a real flow, the
published diagnostics are exactly those of a full lint of the client's text (the server lints
incrementally, reusing per-widget results; see flowlint/model/widget_memo.py)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types

from flowlint.engine.linter import Linter
from flowlint.source.text_safety import escape_unsafe
from tests.lsp.support import (
    OWL_SUPPORT,
    SERVER,
    RecordingClient,
    Text,
    initialize,
    open_document,
    wait_for_publish,
)
from tests.random_flow_edits import REAL_CORPUS, EditStream

EDITS = 60


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: RecordingClient, tmp_path: Path) -> AsyncIterator[None]:
    lsp_client.root = tmp_path  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", tmp_path, {"debounceMs": 0})
    yield
    await lsp_client.shutdown_session()


def _flow() -> Path:
    """A large real flow when the corpus is there, else the test fixture."""
    if REAL_CORPUS.is_dir():
        flows = sorted(REAL_CORPUS.glob("*.json"), key=lambda path: path.stat().st_size)
        if flows:
            return flows[-len(flows) // 10]  # large, but not the very largest
    return OWL_SUPPORT


def _expected(linter: Linter, text: str) -> list[tuple[Any, ...]]:
    oracle = Text(text)
    return [
        (
            oracle.position(found.start_offset),
            oracle.position(found.end_offset),
            found.code,
            escape_unsafe(found.message),
        )
        for found in linter.lint_text(text, "edited.flow.json").diagnostics
    ]


def _published(params: types.PublishDiagnosticsParams) -> list[tuple[Any, ...]]:
    return [
        (diagnostic.range.start, diagnostic.range.end, diagnostic.code, diagnostic.message)
        for diagnostic in params.diagnostics
    ]


@pytest.mark.asyncio
async def test_published_diagnostics_equal_a_full_lint_after_random_edits(
    client: RecordingClient,
) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    path = _flow()
    edits = EditStream(random.Random(path.name), path.read_text(encoding="utf-8"))
    uri = open_document(client, root / "edited.flow.json", edits.text)
    await wait_for_publish(client, uri, version=1)
    linter = Linter()
    compared = 0
    for version in range(2, EDITS + 2):
        before = Text(edits.text)
        start, end, new_text = edits.next()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=before.position(start), end=before.position(end)
                        ),
                        text=new_text,
                    )
                ],
            )
        )
        published = await wait_for_publish(client, uri, version=version)
        assert _published(published) == _expected(linter, edits.text), f"edit {version}"
        compared += bool(published.diagnostics)
    assert compared > EDITS // 2
