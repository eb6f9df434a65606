"""The language server loads a configuration's `rules-dirs` only when the client says the
workspace is trusted (`initializationOptions.trustedWorkspace: true`, which the VS Code
extension sets from `vscode.workspace.isTrusted`). Real server over stdio; docs/security.md."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from tests.lsp.support import (
    SERVER,
    SERVER_COMMAND,
    RecordingClient,
    codes,
    initialize,
    make_client,
    open_document,
    wait_for_publish,
)
from tests.security.hostile_project import FLOW, code_ran, make_hostile_project

pytestmark = pytest.mark.asyncio(loop_scope="function")


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: RecordingClient) -> AsyncIterator[None]:
    """A fresh server per test; each test initializes it with its own options."""
    yield
    await lsp_client.shutdown_session()


async def _open_hostile_flow(
    client: RecordingClient, root: Path, options: dict[str, Any]
) -> types.PublishDiagnosticsParams:
    project = make_hostile_project(root)
    await initialize(client, "visual-studio-code", project, {"diagnostics": "push", **options})
    uri = open_document(client, project / "flows" / "flow.json", FLOW.read_text("utf-8"))
    return await wait_for_publish(client, uri, version=1)


async def _status(client: RecordingClient) -> dict[str, Any]:
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="flowlint.status")
    )
    assert isinstance(result, dict)
    return result


@pytest.mark.parametrize(
    "options",
    [{}, {"trustedWorkspace": False}, {"trustedWorkspace": "true"}, {"trustedWorkspace": 1}],
    ids=["absent", "false", "string", "number"],
)
async def test_an_untrusted_workspace_never_runs_the_repository_rules(
    client: RecordingClient, tmp_path: Path, options: dict[str, Any]
) -> None:
    project = tmp_path / "project"
    published = await _open_hostile_flow(client, project, options)
    assert not code_ran(project)
    assert "REPO001" not in codes(published.diagnostics)
    warning = next(m for m in client.messages if "not loading the rule folders" in m.message)
    assert warning.type == types.MessageType.Warning
    assert "trust the workspace" in warning.message and "trustedWorkspace" in warning.message
    assert (await _status(client))["trustedWorkspace"] is False


async def test_editor_settings_cannot_make_a_workspace_trusted(
    client: RecordingClient, tmp_path: Path
) -> None:
    """In VS Code a workspace's own .vscode/settings.json is part of the settings."""
    project = tmp_path / "project"
    await _open_hostile_flow(client, project, {})
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"flowlint": {"trustedWorkspace": True}})
    )
    (project / ".flowlint.toml").write_text((project / ".flowlint.toml").read_text() + "# edited\n")
    uri = open_document(client, project / "flows" / "again.json", FLOW.read_text("utf-8"))
    await wait_for_publish(client, uri, version=1)
    assert not code_ran(project)
    assert (await _status(client))["trustedWorkspace"] is False


async def test_a_trusted_workspace_loads_them(client: RecordingClient, tmp_path: Path) -> None:
    project = tmp_path / "project"
    published = await _open_hostile_flow(client, project, {"trustedWorkspace": True})
    assert code_ran(project)
    assert "REPO001" in codes(published.diagnostics)
    assert not [m for m in client.messages if "not loading" in m.message]
    assert (await _status(client))["trustedWorkspace"] is True


ENV_TRUSTING_SERVER = ClientServerConfig(
    server_command=SERVER_COMMAND,
    client_factory=make_client,
    server_env={**os.environ, "FLOWLINT_TRUST_CONFIG_RULES": "1"},
)


@pytest_lsp.fixture(config=ENV_TRUSTING_SERVER)
async def env_client(lsp_client: RecordingClient) -> AsyncIterator[None]:
    yield
    await lsp_client.shutdown_session()


async def test_the_environment_variable_does_not_trust_editor_workspaces(
    env_client: RecordingClient, tmp_path: Path
) -> None:
    """One editor server serves every folder you open: only the client knows which are trusted."""
    project = tmp_path / "project"
    await _open_hostile_flow(env_client, project, {})
    assert not code_ran(project)
