"""Go to definition, find references, rename and the outline, over stdio."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.lsp.support import (
    OWL_SUPPORT,
    SERVER,
    RecordingClient,
    Text,
    apply_edits,
    initialize,
    open_document,
    replace_all,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = OWL_SUPPORT.read_text(encoding="utf-8")
ORACLE = Text(TEXT)


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("navigation")
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", root)
    yield
    await lsp_client.shutdown_session()


async def _open(client: RecordingClient, name: str, text: str = TEXT) -> str:
    root: Path = client.root  # type: ignore[attr-defined]
    uri = open_document(client, root / name, text)
    await wait_for_publish(client, uri, version=1)
    return uri


def _doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def _definition(client: RecordingClient, uri: str, position: types.Position) -> list[str]:
    locations = await client.text_document_definition_async(
        types.DefinitionParams(text_document=_doc(uri), position=position)
    )
    return [
        ORACLE.text_of(location.range) + f"@{location.range.start.line + 1}"
        for location in locations or []
    ]


async def test_definition_from_next_initial_state_and_liquid(client: RecordingClient) -> None:
    uri = await _open(client, "definition.flow.json")
    ask_definition = f'"ask"@{ORACLE.find(chr(34) + "ask", after=chr(34) + "name" + chr(34) + ": " + chr(34) + "ask").line + 1}'
    # From the `next` of lookup's success transition.
    assert await _definition(client, uri, ORACLE.find('"ask"', delta=2)) == [ask_definition]
    # From initial_state.
    trigger_line = ORACLE.find('"Trigger"').line + 1
    at_initial = ORACLE.find('"Trigger"', delta=3, after='"initial_state"')
    assert await _definition(client, uri, at_initial) == [f'"Trigger"@{trigger_line}']
    # From {{widgets.ask.inbound.Body}} in the split's input.
    in_liquid = ORACLE.find("widgets.ask", delta=9, after='"input"')
    assert await _definition(client, uri, in_liquid) == [ask_definition]
    # Nothing to go to from a plain property value.
    assert await _definition(client, uri, ORACLE.find('"GET"', delta=1)) == []


async def test_references_are_every_transition_and_liquid_path(client: RecordingClient) -> None:
    uri = await _open(client, "references.flow.json")
    locations = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=_doc(uri),
            position=ORACLE.find('"ask"', delta=1, after='"name": "ask"'),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    found = sorted((loc.range.start.line + 1, ORACLE.text_of(loc.range)) for loc in locations or [])
    lines = [ORACLE.position(i).line + 1 for i in _all(TEXT, "widgets.ask")]
    expected = sorted(
        [(ORACLE.find('"next": "ask"').line + 1, '"ask"')] + [(line, "ask") for line in lines]
    )
    assert found == expected
    assert len(found) == 5  # one transition, four Liquid paths


def _edits(edit: types.WorkspaceEdit | None, uri: str, version: int) -> list[types.TextEdit]:
    """The edits of a rename, which VS Code's capabilities get as versioned document changes."""
    assert edit is not None and edit.document_changes is not None
    (change,) = edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.uri == uri and change.text_document.version == version
    return [e for e in change.edits if isinstance(e, types.TextEdit)]


def _all(text: str, needle: str) -> list[int]:
    found, start = [], 0
    while (index := text.find(needle, start)) >= 0:
        found.append(index + len("widgets."))
        start = index + 1
    return found


async def test_rename_changes_name_transitions_initial_state_and_liquid(
    client: RecordingClient,
) -> None:
    uri = await _open(client, "rename.flow.json")
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=_doc(uri), position=ORACLE.find('"ask"', delta=1))
    )
    assert isinstance(prepared, types.PrepareRenamePlaceholder)
    assert prepared.placeholder == "ask" and ORACLE.text_of(prepared.range) == "ask"
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=_doc(uri),
            position=ORACLE.find("widgets.ask", delta=9, after='"input"'),
            new_name="ask_topic",
        )
    )
    renamed = apply_edits(TEXT, _edits(edit, uri, 1))
    expected = TEXT.replace('"ask"', '"ask_topic"').replace("widgets.ask.", "widgets.ask_topic.")
    assert renamed == expected
    json.loads(renamed)
    # The renamed flow has exactly the findings of the original.
    replace_all(client, uri, renamed, version=2)
    after = await wait_for_publish(client, uri, version=2)
    before = next(p for p in client.publishes if p.uri == uri and p.version == 1)
    assert sorted(d.code for d in after.diagnostics) == sorted(d.code for d in before.diagnostics)


async def test_renaming_the_initial_widget_updates_initial_state(client: RecordingClient) -> None:
    uri = await _open(client, "rename_trigger.flow.json")
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=_doc(uri), position=ORACLE.find('"Trigger"', delta=1), new_name="Start"
        )
    )
    renamed = apply_edits(TEXT, _edits(edit, uri, 1))
    assert json.loads(renamed)["initial_state"] == "Start"
    assert renamed == TEXT.replace('"Trigger"', '"Start"')


@pytest.mark.parametrize(
    ("new_name", "reason"),
    [("lookup", "already exists"), ("ask topic", "cannot be used"), ("2nd", "cannot be used")],
)
async def test_rename_refuses_names_that_exist_or_break_liquid(
    client: RecordingClient, new_name: str, reason: str
) -> None:
    uri = await _open(client, f"refuse-{new_name.replace(' ', '_')}.flow.json")
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=_doc(uri), position=ORACLE.find('"ask"', delta=1), new_name=new_name
            )
        )
    assert reason in refused.value.message


async def test_document_symbols_list_every_widget_with_its_type(client: RecordingClient) -> None:
    uri = await _open(client, "symbols.flow.json")
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=_doc(uri))
    )
    assert symbols is not None
    names = [(s.name, s.detail) for s in symbols if isinstance(s, types.DocumentSymbol)]
    assert names == [(w["name"], w["type"]) for w in json.loads(TEXT)["states"]]
    lookup = next(s for s in symbols if isinstance(s, types.DocumentSymbol) and s.name == "lookup")
    assert ORACLE.text_of(lookup.selection_range) == '"lookup"'
    assert ORACLE.text_of(lookup.range).startswith('{\n      "name": "lookup"')
    assert [child.name for child in lookup.children or []] == ["success → ask"]
