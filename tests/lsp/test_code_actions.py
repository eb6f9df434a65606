"""Code actions over stdio: certain quick fixes, and "ignore this rule for this widget"
written into the project configuration."""

from __future__ import annotations

import asyncio
import json
import tomllib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types

from tests.lsp.support import (
    OWL_SUPPORT,
    SERVER,
    RecordingClient,
    apply_edits,
    codes,
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
    root = tmp_path_factory.mktemp("actions")
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", root)
    yield
    await lsp_client.shutdown_session()


async def _open(client: RecordingClient, path: Path) -> tuple[str, list[types.Diagnostic]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    uri = open_document(client, path, TEXT)
    published = await wait_for_publish(client, uri, version=1)
    return uri, list(published.diagnostics)


async def _actions(
    client: RecordingClient, uri: str, diagnostic: types.Diagnostic
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    return [action for action in result or [] if isinstance(action, types.CodeAction)]


def _applied(action: types.CodeAction, uri: str) -> str:
    assert action.edit is not None and action.edit.changes is not None
    return apply_edits(TEXT, list(action.edit.changes[uri]))


async def test_unknown_target_is_fixed_with_the_closest_name(client: RecordingClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri, diagnostics = await _open(client, root / "fix_target.flow.json")
    unknown = next(d for d in diagnostics if d.code == "FL103")
    actions = await _actions(client, uri, unknown)
    # A spelling guess, not a case/underscore difference: offered, marked unsafe, not preferred.
    fix = next(a for a in actions if a.title == "Change 'goodby' to 'goodbye' (unsafe)")
    assert fix.kind == types.CodeActionKind.QuickFix and not fix.is_preferred
    assert _applied(fix, uri) == TEXT.replace('"goodby"', '"goodbye"')


async def test_missing_transition_entry_is_added_in_the_file_style(client: RecordingClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri, diagnostics = await _open(client, root / "add_entry.flow.json")
    unhandled = next(d for d in diagnostics if d.code == "FL202" and d.data["widget"] == "lookup")
    actions = await _actions(client, uri, unhandled)
    add = next(a for a in actions if a.title == "Add a 'failed' transition to 'lookup'")
    fixed = _applied(add, uri)
    lookup = next(s for s in json.loads(fixed)["states"] if s["name"] == "lookup")
    assert lookup["transitions"] == [
        {"event": "success", "next": "ask"},
        {"event": "failed", "next": ""},
    ]
    expected_block = (
        '        {\n          "event": "success",\n          "next": "ask"\n        },\n'
        '        {\n          "event": "failed",\n          "next": ""\n        }\n      ],'
    )
    assert expected_block in fixed


async def test_no_entry_is_added_where_one_exists(client: RecordingClient) -> None:
    # Where the entry exists but leads nowhere there is nothing certain to add. send-message
    # 'failed' is opt-in for unhandled-event, so this project opts in to every event.
    project: Path = client.root / "all_events"  # type: ignore[attr-defined]
    project.mkdir()
    (project / "flowlint.toml").write_text('[rules.unhandled-event]\nevents = "all"\n')
    uri, diagnostics = await _open(client, project / "retry.flow.json")
    retry = next(
        d for d in diagnostics if d.code == "FL202" and d.data["widget"] == "goodbye_retry"
    )
    assert not [a for a in await _actions(client, uri, retry) if a.title.startswith("Add")]


async def _publish_after(
    client: RecordingClient, uri: str, count: int
) -> types.PublishDiagnosticsParams:
    for _ in range(300):
        later = [p for p in client.publishes[count:] if p.uri == uri]
        if later:
            return later[-1]
        await asyncio.sleep(0.02)
    raise AssertionError("no new diagnostics after the configuration changed")


async def _ignore(
    client: RecordingClient, uri: str, diagnostic: types.Diagnostic
) -> types.PublishDiagnosticsParams:
    actions = await _actions(client, uri, diagnostic)
    widget, rule = diagnostic.data["widget"], diagnostic.data["rule"]
    titles = [a.title for a in actions]
    ignore = next(
        (a for a in actions if a.title.startswith(f"Ignore {rule} for widget '{widget}'")), None
    )
    assert ignore is not None, titles
    assert ignore.command is not None
    count = len(client.publishes)
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command=ignore.command.command, arguments=ignore.command.arguments
        )
    )
    return await _publish_after(client, uri, count)


async def test_ignore_for_widget_creates_flowlint_toml_and_relints(client: RecordingClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri, diagnostics = await _open(client, root / "flows" / "ignore.flow.json")
    undefined = next(d for d in diagnostics if d.code == "FL402")
    relinted = await _ignore(client, uri, undefined)
    assert codes(relinted.diagnostics) == [c for c in codes(diagnostics) if c != "FL402"]
    config = tomllib.loads((root / "flowlint.toml").read_text(encoding="utf-8"))
    assert config == {
        "per-widget-ignores": [
            {
                "files": "flows/ignore.flow.json",
                "widget": "handoff",
                "rules": ["undefined-widget-reference"],
            }
        ]
    }
    assert any("is now ignored for widget 'handoff'" in m.message for m in client.messages)


async def test_ignore_for_widget_appends_to_pyproject(client: RecordingClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    project = root / "project"
    project.mkdir()
    pyproject = project / "pyproject.toml"
    original = '[project]\nname = "owl"\n\n[tool.flowlint]\nfail-on = "warning"\n'
    pyproject.write_text(original, encoding="utf-8")
    uri, diagnostics = await _open(client, project / "owl.flow.json")
    unknown = next(d for d in diagnostics if d.code == "FL103")
    relinted = await _ignore(client, uri, unknown)
    assert "FL103" not in {d.code for d in relinted.diagnostics}
    written = pyproject.read_text(encoding="utf-8")
    assert written.startswith(original)
    assert tomllib.loads(written)["tool"]["flowlint"]["per-widget-ignores"] == [
        {"files": "owl.flow.json", "widget": "handoff", "rules": ["unknown-transition-target"]}
    ]
