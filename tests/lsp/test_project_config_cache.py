"""What a project configuration remembers per document stays bounded: a long editor session
opens ever new files (each kept its relative path for the whole session, about 240 bytes)."""

from __future__ import annotations

from pathlib import Path

from flowlint.lsp.project_config import MAX_RELATIVE_PATHS, ProjectConfigs


def test_relative_paths_of_many_documents_stay_bounded(tmp_path: Path) -> None:
    (tmp_path / ".flowlint.toml").write_text("", encoding="utf-8")
    config = ProjectConfigs().for_path(str(tmp_path / "first.json"))
    assert config.root == tmp_path
    for number in range(2 * MAX_RELATIVE_PATHS + 1):
        path = str(tmp_path / "flows" / f"flow_{number}.json")
        assert config.relative_path(path) == f"flows/flow_{number}.json"
    assert len(config._relative_cache) <= MAX_RELATIVE_PATHS
    assert config.relative_path("/elsewhere/x.json") == "/elsewhere/x.json"
