"""Every check of issue #20's "Subflow contracts" and "Functions" through the language server
(over stdio), against the CLI on the same files: the findings of each flow of the
tests/fixtures/projects cases (FL951-FL959, one engine, the same codes, messages and ranges),
and the revision checks on their rule fixtures (FL204 mixed revisions, FL309 for
`LatestDraft`, error 81021)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp

from tests.conftest import FIXTURES
from tests.lsp.support import (
    SERVER,
    RecordingClient,
    cli_findings,
    initialize,
    lsp_findings,
    open_document,
    wait_for_publish,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

PROJECTS = FIXTURES / "projects"
CASES = sorted(path.name for path in PROJECTS.iterdir() if (path / "expect.txt").is_file())
PROJECT_CHECKS = {f"FL95{digit}" for digit in range(1, 10)}
REVISION_FIXTURES = {
    "FL204": FIXTURES / "rules" / "inconsistent-subflow-revision" / "fires_mixed_revisions.json",
    "FL309": FIXTURES / "rules" / "schema-violation" / "fires_subflow_latest_draft.json",
}
SEEN: set[str] = set()
RAN: set[str] = set()
"""The cases and revision fixtures whose test has run (in any order) and filled SEEN."""


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("checks")
    for case in CASES:
        shutil.copytree(PROJECTS / case, root / case)
    for code, fixture in REVISION_FIXTURES.items():
        (root / code).mkdir()
        shutil.copy(fixture, root / code / fixture.name)
    lsp_client.root = root  # type: ignore[attr-defined]
    await initialize(lsp_client, "visual-studio-code", root)
    yield
    await lsp_client.shutdown_session()


async def _server_and_cli(client: RecordingClient, path: Path) -> list[tuple[str, str, int, int]]:
    text = path.read_text(encoding="utf-8")
    uri = open_document(client, path, text)
    await wait_for_publish(client, uri, version=1)
    published = [p for p in client.publishes if p.uri == uri][-1]
    found = lsp_findings(published.diagnostics, text)
    assert found == cli_findings(path)
    SEEN.update(code for code, *_ in found)
    return found


@pytest.mark.parametrize("case", CASES)
async def test_project_findings_are_the_clis(client: RecordingClient, case: str) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    expected = [line for line in (root / case / "expect.txt").read_text().splitlines() if line]
    project_codes = []
    for parent in sorted({line.split()[0] for line in expected}):
        found = await _server_and_cli(client, root / case / parent)
        project_codes += [code for code, *_ in found if code in PROJECT_CHECKS]
    assert len(project_codes) == len(expected)
    RAN.add(case)


@pytest.mark.parametrize("code", sorted(REVISION_FIXTURES))
async def test_revision_checks_are_the_clis(client: RecordingClient, code: str) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    found = await _server_and_cli(client, root / code / REVISION_FIXTURES[code].name)
    assert code in {each for each, *_ in found}
    RAN.add(code)


async def test_every_project_check_was_seen_through_the_server() -> None:
    # Needs every test above to have run and passed first (they fill SEEN): in file order it
    # runs last; in another order, or with -k, it skips rather than fail on a partial SEEN.
    if set(CASES) | set(REVISION_FIXTURES) != RAN:
        pytest.skip("needs every test above, passed, earlier in the same run")
    assert PROJECT_CHECKS | set(REVISION_FIXTURES) <= SEEN
