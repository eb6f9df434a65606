"""Where the project's flows come from, in the editor (the real server over stdio): a template
parent whose `flow_sid` is `${VERIFY_SID}`, resolved through the environment profiles to a
subflow that `flowlint pull` wrote in another folder of the repository."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types

from tests.conftest import FIXTURES
from tests.lsp.support import (
    SERVER,
    RecordingClient,
    Text,
    initialize,
    open_document,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

CONFIG_MAP = FIXTURES / "projects" / "config_map" / "flows"
DEV_SID = "FW1111111111111111111111111111aaaa"
PROD_SID = "FW2222222222222222222222222222bbbb"


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("sources") / "repo"
    (root / "flows").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "pyproject.toml").write_text(
        f'[tool.flowlint.environments.dev]\nVERIFY_SID = "{DEV_SID}"\n\n'
        f'[tool.flowlint.environments.prod]\nVERIFY_SID = "{PROD_SID}"\n'
    )
    parent = (CONFIG_MAP / "main.json").read_text(encoding="utf-8")
    (root / "flows" / "main.json").write_text(parent.replace(DEV_SID, "${VERIFY_SID}"))
    subflow = root / "shared" / "verify.json"
    subflow.parent.mkdir()
    shutil.copy(CONFIG_MAP / "verify.json", subflow)
    metadata = {
        "sid": DEV_SID,
        "friendly_name": "Verify",
        "definition_file": "verify.json",
        "definition_sha256": hashlib.sha256(subflow.read_bytes()).hexdigest(),
    }
    (root / "shared" / "verify.meta.json").write_text(json.dumps(metadata))
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", root)
    yield
    await lsp_client.shutdown_session()


async def test_a_placeholder_parent_is_checked_against_a_subflow_elsewhere(
    client: RecordingClient,
) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    parent = root / "flows" / "main.json"
    uri = open_document(client, parent, parent.read_text(encoding="utf-8"))
    await wait_for_publish(client, uri, version=1)
    diagnostics = [p for p in client.publishes if p.uri == uri][-1].diagnostics
    codes = sorted(str(d.code) for d in diagnostics if str(d.code).startswith("FL95"))
    assert codes == ["FL954", "FL954", "FL955", "FL956"]
    missing = next(d for d in diagnostics if d.code == "FL954")
    assert missing.related_information
    note = missing.related_information[0]
    subflow = root / "shared" / "verify.json"
    assert note.location.uri == subflow.as_uri()
    oracle = Text(subflow.read_text(encoding="utf-8"))
    assert oracle.text_of(note.location.range).startswith("trigger.parent.parameters.")
    # Go to definition from the placeholder lands on the subflow's trigger.
    text = Text(parent.read_text(encoding="utf-8"))
    locations = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=text.position(text.offset_of("${VERIFY_SID}") + 2),
        )
    )
    assert [(each.uri, oracle.text_of(each.range)) for each in locations or []] == [
        (subflow.as_uri(), '"Trigger"')
    ]
