"""A scripted session of 2,000 random edits (broken JSON, huge pastes, deleting everything,
stray line separators, emoji) with requests in between: the server stays alive, answers,
ends with exactly the text the client has, logs no traceback, and its memory stays flat."""

from __future__ import annotations

import asyncio
import random
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
    replace_all,
    synthetic_flow,
    wait_for_publish,
)

EDITS = 2000
JUNK = [
    "{",
    "}",
    "[",
    "]",
    '"',
    ",",
    ":",
    "\\",
    "\n",
    "\r\n",
    "\u2028",
    "👋",
    "é",
    " ",
    "null",
    '"next": "',
    "{{widgets.",
    "}}",
]
"""Fragments that break JSON in interesting ways (U+2028 is a line break for Python's
splitlines but not for LSP)."""


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: RecordingClient, tmp_path: Path) -> AsyncIterator[None]:
    lsp_client.root = tmp_path  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", tmp_path, {"debounceMs": 5})
    yield
    await lsp_client.shutdown_session()


async def _settled_rss(
    client: RecordingClient, uri: str, version: int, settle_text: str, resume_text: str
) -> tuple[int, int]:
    """The server's RSS in one fixed state: the document set to `settle_text` and linted.

    Sampling in the middle of the fuzzing would compare a moment where the server holds a
    1 MB paste (or is linting one) with a moment where it holds a small flow; that measures
    the document, not a leak. Afterwards the fuzzed text is restored."""
    server = client._server
    assert server is not None
    for text in (settle_text, resume_text):
        version += 1
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        if text is settle_text:
            await wait_for_publish(client, uri, version=version, timeout=60)
            await asyncio.sleep(0.5)
            rss = _rss_kib(server.pid)
    return version, rss


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _random_edit(rng: random.Random, text: str, pastes: list[str]) -> tuple[int, int, str]:
    """A replacement (start, end, new text) of `text`."""
    roll = rng.random()
    start = rng.randint(0, len(text))
    if roll < 0.005:
        return 0, len(text), ""  # delete everything
    if roll < 0.01:
        return 0, len(text), pastes[0]  # back to the original
    if roll < 0.02:
        return start, start, rng.choice(pastes)  # a huge paste
    if roll < 0.45:
        return start, start, "".join(rng.choice(JUNK) for _ in range(rng.randint(1, 4)))
    if roll < 0.8:
        end = min(len(text), start + rng.randint(1, 40))
        return start, end, ""
    source = rng.randint(0, max(0, len(pastes[0]) - 300))
    end = min(len(text), start + rng.randint(0, 30))
    return start, end, pastes[0][source : source + rng.randint(1, 300)]


async def _ask_something(
    client: RecordingClient, uri: str, oracle: Text, rng: random.Random
) -> None:
    offset = rng.randint(0, len(oracle.text))
    position = oracle.position(offset)
    document = types.TextDocumentIdentifier(uri=uri)
    kind = rng.randrange(6)
    if kind == 0:
        await client.text_document_hover_async(
            types.HoverParams(text_document=document, position=position)
        )
    elif kind == 1:
        await client.text_document_completion_async(
            types.CompletionParams(text_document=document, position=position)
        )
    elif kind == 2:
        await client.text_document_definition_async(
            types.DefinitionParams(text_document=document, position=position)
        )
    elif kind == 3:
        await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=document)
        )
    elif kind == 4:
        await client.text_document_references_async(
            types.ReferenceParams(
                text_document=document,
                position=position,
                context=types.ReferenceContext(include_declaration=True),
            )
        )
    else:
        await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=document)
        )


async def test_two_thousand_random_edits(
    client: RecordingClient, capfd: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(20261123)
    original = OWL_SUPPORT.read_text(encoding="utf-8")
    huge = synthetic_flow(1000)
    pastes = [original, huge[: len(huge) // 3], "x" * 200_000, huge]
    root: Path = client.root  # type: ignore[attr-defined]
    uri = open_document(client, root / "fuzzed.flow.json", original)
    baseline = await wait_for_publish(client, uri, version=1)
    server = client._server
    assert server is not None
    text = original
    version = 1
    rss_after_warm_up = 0
    for number in range(1, EDITS + 1):
        start, end, new_text = _random_edit(rng, text, pastes)
        version += 1
        oracle = Text(text)
        if rng.random() < 0.8:
            change: types.TextDocumentContentChangeEvent = types.TextDocumentContentChangePartial(
                range=types.Range(start=oracle.position(start), end=oracle.position(end)),
                text=new_text,
            )
        else:
            change = types.TextDocumentContentChangeWholeDocument(
                text=text[:start] + new_text + text[end:]
            )
        text = text[:start] + new_text + text[end:]
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[change],
            )
        )
        if number % 40 == 0:
            await _ask_something(client, uri, Text(text), rng)
        if number % 10 == 0:
            await asyncio.sleep(0.01)  # let some debounced lints run in between
        if number == EDITS // 2:
            version, rss_after_warm_up = await _settled_rss(client, uri, version, original, text)
    assert server.returncode is None, "the server died"
    version, rss_at_end = await _settled_rss(client, uri, version, original, text)
    # Restore the original text through an incremental edit: if the server's copy of the
    # buffer drifted at any point, its diagnostics would now differ from the baseline.
    version += 1
    oracle = Text(text)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=oracle.position(0), end=oracle.position(len(text))),
                    text=original,
                )
            ],
        )
    )
    final = await wait_for_publish(client, uri, version=version, timeout=60)
    assert [(d.code, d.range) for d in final.diagnostics] == [
        (d.code, d.range) for d in baseline.diagnostics
    ]
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=Text(original).find('"next": "ask"', delta=10),
        )
    )
    assert hover is not None and "send-and-wait-for-reply" in str(hover.contents)
    server_log = capfd.readouterr().err
    assert "Traceback" not in server_log, server_log[-5000:]
    growth = rss_at_end - rss_after_warm_up
    print(
        f"server RSS after {EDITS // 2} edits: {rss_after_warm_up} KiB, after {EDITS}: {rss_at_end} KiB"
    )
    assert growth < max(20_000, rss_after_warm_up // 5), f"RSS grew by {growth} KiB"


async def test_relinting_a_large_flow_does_not_grow_memory(client: RecordingClient) -> None:
    """Each lint of a 1 MB flow builds a new model; none may stay alive after it is replaced
    (a cache keyed by flow that refers back to it once kept ~6 MB per lint)."""
    text = synthetic_flow(1000)
    root: Path = client.root  # type: ignore[attr-defined]
    uri = open_document(client, root / "large.flow.json", text)
    await wait_for_publish(client, uri, version=1, timeout=60)
    server = client._server
    assert server is not None
    body = text.index('"body": "') + len('"body": "')
    rss = {}
    for version in range(2, 27):
        at = Text(text).position(body)
        inserted = version % 2 == 0
        end = Text(text).position(body + (0 if inserted else 1))
        text = text[:body] + ("x" if inserted else "") + text[body + (0 if inserted else 1) :]
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(start=at, end=end), text="x" if inserted else ""
                    )
                ],
            )
        )
        await wait_for_publish(client, uri, version=version, timeout=60)
        await asyncio.sleep(0.3)
        rss[version] = _rss_kib(server.pid)
    growth = rss[26] - rss[6]
    print(f"server RSS after 5 lints: {rss[6]} KiB, after 25: {rss[26]} KiB")
    assert growth < 40_000, f"RSS grew by {growth} KiB over 20 lints of a 1 MB flow"


async def _typed(client: RecordingClient, uri: str, first_version: int, count: int) -> None:
    """`count` one-character edits, then a request: answered once all of them are handled."""
    for version in range(first_version, first_version + count):
        replace_all(client, uri, f"note {version}\n", version)
        if version % 500 == 0:
            await asyncio.sleep(0)  # let the writer drain
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="flowlint.status")
    )


async def test_notifications_leave_nothing_behind(client: RecordingClient) -> None:
    """Each notification is forgotten once handled: pygls (2.1) kept the future of every one
    (about 1.9 kB) for the rest of the session; 8,000 keystrokes kept 15 MB. Typed in a text
    document the server does not lint, so nothing else grows."""
    root: Path = client.root  # type: ignore[attr-defined]
    uri = open_document(client, root / "notes.txt", "note\n", language_id="plaintext")
    server = client._server
    assert server is not None
    await _typed(client, uri, 2, 1000)
    await asyncio.sleep(0.5)
    before = _rss_kib(server.pid)
    await _typed(client, uri, 1002, 8000)
    await asyncio.sleep(0.5)
    after = _rss_kib(server.pid)
    print(f"server RSS after 1,000 notifications: {before} KiB, after 9,000: {after} KiB")
    assert after - before < 4_000, f"RSS grew by {after - before} KiB over 8,000 notifications"
