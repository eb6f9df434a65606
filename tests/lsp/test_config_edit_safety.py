"""The "ignore this rule for this widget" command edits only the workspace's configuration
file: arguments naming any other file (sent by a client, or forged) get an error answer and
nothing is written."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.lsp.support import OWL_SUPPORT, SERVER, RecordingClient, initialize

pytestmark = pytest.mark.asyncio(loop_scope="module")

IGNORE_COMMAND = "flowlint.ignoreRuleForWidget"


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    base = tmp_path_factory.mktemp("config-edit")
    root = base / "workspace"
    (root / "flows").mkdir(parents=True)
    (root / "flows" / "support.json").write_text(OWL_SUPPORT.read_text(encoding="utf-8"))
    (root / "README.md").write_text("# workspace\n")
    (base / "outside").mkdir()
    (base / "outside" / "victim.toml").write_text("# someone else's file\n")
    (base / "outside" / "support.json").write_text(OWL_SUPPORT.read_text(encoding="utf-8"))
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", root)
    yield
    await lsp_client.shutdown_session()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


async def _execute(client: RecordingClient, config: Path, document: Path) -> None:
    arguments = {
        "config": str(config),
        "document": str(document),
        "widget": "handoff",
        "rule": "FL101",
    }
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=IGNORE_COMMAND, arguments=[arguments])
    )


@pytest.mark.parametrize(
    ("config", "document"),
    [
        ("../outside/victim.toml", "flows/support.json"),  # a file outside the workspace
        ("README.md", "flows/support.json"),  # not a configuration file
        ("flows/pyproject.toml", "flows/support.json"),  # not the configuration in use
        ("../outside/flowlint.toml", "../outside/support.json"),  # a document outside
        ("../flowlint.toml", "flows/support.json"),  # a configuration name, one level up
    ],
)
async def test_ignore_command_refuses_any_file_but_the_workspace_configuration(
    client: RecordingClient, config: str, document: str
) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    before = _snapshot(root.parent)
    with pytest.raises(JsonRpcException) as refused:
        await _execute(client, root / config, root / document)
    assert "refusing to edit" in str(refused.value)
    assert _snapshot(root.parent) == before


async def test_ignore_command_writes_the_workspace_configuration(client: RecordingClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    await _execute(client, root / "flowlint.toml", root / "flows" / "support.json")
    written = (root / "flowlint.toml").read_text()
    assert 'widget = "handoff"' in written and 'rules = ["FL101"]' in written
