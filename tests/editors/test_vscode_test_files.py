"""The VS Code extension ships the test-file schema where its `yamlValidation` contribution
(read by the Red Hat YAML extension) points, and activates for test files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

EXTENSION = REPO / "editors" / "vscode"


def _manifest() -> dict[str, object]:
    manifest: dict[str, object] = json.loads(
        (EXTENSION / "package.json").read_text(encoding="utf-8")
    )
    return manifest


def test_test_files_are_contributed_to_yaml_validation() -> None:
    contributes = _manifest()["contributes"]
    assert isinstance(contributes, dict)
    assert contributes["yamlValidation"] == [
        {"fileMatch": "*.flowtest.yaml", "url": "./schemas/flowtest.schema.json"}
    ]
    activation = _manifest()["activationEvents"]
    assert isinstance(activation, list)
    assert "workspaceContains:**/*.flowtest.yaml" in activation


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_build_copies_the_published_schema_where_the_contribution_points(
    tmp_path: Path,
) -> None:
    # The build step, run on a copy of the editors/ folder so the checkout is left alone.
    editors = tmp_path / "editors"
    shutil.copytree(EXTENSION / "scripts", editors / "vscode" / "scripts")
    for name in ("flowtest.schema.json", "studio-flow.schema.json"):
        shutil.copy(REPO / "editors" / name, editors / name)
    result = subprocess.run(
        ["node", str(editors / "vscode" / "scripts" / "copy-schemas.mjs")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    contributes = _manifest()["contributes"]
    assert isinstance(contributes, dict)
    url = contributes["yamlValidation"][0]["url"]
    shipped = editors / "vscode" / url
    assert json.loads(shipped.read_text(encoding="utf-8")) == json.loads(
        (REPO / "editors" / "flowtest.schema.json").read_text(encoding="utf-8")
    )
