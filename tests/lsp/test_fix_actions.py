"""The rules' fixes as code actions over stdio: each fix fixture's quick fix gives the same
file as `check --fix`, and `source.fixAll.flowlint` applies the safe ones."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types

from tests.conftest import FIXTURES
from tests.lsp.support import (
    SERVER,
    RecordingClient,
    apply_edits,
    initialize,
    open_document,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

FIXABLE = sorted(
    path
    for path in (FIXTURES / "fixes").glob("*/*.json")
    if path.name.startswith(("safe_", "unsafe_"))
)


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("fixes")
    lsp_client.root = root  # type: ignore[attr-defined]
    initialized = await initialize(lsp_client, "visual-studio-code", root)
    lsp_client.initialized = initialized  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def _open(client: RecordingClient, fixture: Path) -> tuple[str, list[types.Diagnostic]]:
    root: Path = client.root  # type: ignore[attr-defined]
    path = root / fixture.parent.name / fixture.name
    path.parent.mkdir(parents=True, exist_ok=True)
    uri = open_document(client, path, fixture.read_text(encoding="utf-8"))
    published = await wait_for_publish(client, uri, version=1)
    return uri, list(published.diagnostics)


async def _actions(
    client: RecordingClient, uri: str, diagnostics: list[types.Diagnostic], only: list[str] | None
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostics[0].range
            if diagnostics
            else types.Range(
                start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
            ),
            context=types.CodeActionContext(diagnostics=diagnostics, only=only),
        )
    )
    return [action for action in result or [] if isinstance(action, types.CodeAction)]


def _applied(action: types.CodeAction, uri: str, text: str) -> str:
    assert action.edit is not None and action.edit.changes is not None
    return apply_edits(text, list(action.edit.changes[uri]))


@pytest.mark.parametrize("fixture", FIXABLE, ids=lambda p: f"{p.parent.name}/{p.stem}")
async def test_quick_fix_is_the_rules_fix(client: RecordingClient, fixture: Path) -> None:
    uri, diagnostics = await _open(client, fixture)
    rule = fixture.parent.name
    mine = [d for d in diagnostics if isinstance(d.data, dict) and d.data.get("rule") == rule]
    assert mine, f"{rule} not published"
    fixes = [
        action for action in await _actions(client, uri, mine[:1], None) if action.edit is not None
    ]
    assert len(fixes) == 1, [action.title for action in fixes]
    fix = fixes[0]
    safe = fixture.name.startswith("safe_")
    assert fix.kind == types.CodeActionKind.QuickFix
    assert bool(fix.is_preferred) == safe
    assert fix.title.endswith("(unsafe)") != safe
    text = fixture.read_text(encoding="utf-8")
    assert _applied(fix, uri, text) == fixture.with_suffix(".fixed").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "fixture",
    [path for path in FIXABLE if path.name.startswith("safe_")],
    ids=lambda p: p.parent.name,
)
async def test_fix_all_applies_the_safe_fixes(client: RecordingClient, fixture: Path) -> None:
    uri, _ = await _open(client, fixture)
    actions = await _actions(client, uri, [], ["source.fixAll.flowlint"])
    assert [action.kind for action in actions] == ["source.fixAll.flowlint"]
    text = fixture.read_text(encoding="utf-8")
    assert _applied(actions[0], uri, text) == fixture.with_suffix(".fixed").read_text(
        encoding="utf-8"
    )


async def test_fix_all_leaves_unsafe_fixes_alone(client: RecordingClient) -> None:
    fixture = FIXTURES / "fixes" / "unknown-property" / "unsafe_camel_case.json"
    uri, _ = await _open(client, fixture)
    assert await _actions(client, uri, [], ["source.fixAll"]) == []


async def test_the_server_announces_fix_all(client: RecordingClient) -> None:
    initialized: types.InitializeResult = client.initialized  # type: ignore[attr-defined]
    provider = initialized.capabilities.code_action_provider
    assert isinstance(provider, types.CodeActionOptions)
    assert "source.fixAll.flowlint" in (provider.code_action_kinds or [])
