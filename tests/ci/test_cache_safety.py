"""The results cache never deletes or overwrites what flowlint did not create: pointed at a
home folder in every way a run can be (flag, configuration, `~`), every file there is still
there afterwards, byte for byte; a configuration cannot put the cache outside its project; a
corrupt entry is a miss."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from tests.ci.conftest import CI_FLOWS, run_flowlint

HOME_FOLDERS = ("Documents", "Music", "Pictures", "src")
CACHE_MARKER = ".flowlint-cache"


def _fake_home(home: Path) -> None:
    """A home folder with four folders of files and a .gitignore, each dated in the past so
    that every one of them is older than anything a run creates."""
    home.mkdir()
    (home / ".gitignore").write_text("# mine\n*.log\n")
    for number, name in enumerate(HOME_FOLDERS):
        folder = home / name
        (folder / "inner").mkdir(parents=True)
        (folder / f"{name.lower()}.txt").write_text(f"{name} content {number}\n")
        (folder / "inner" / "nested.bin").write_bytes(bytes(range(256)) * (number + 1))
        past = 1_000_000_000 + number
        os.utime(folder, (past, past))


def _tree_digest(folder: Path) -> dict[str, str]:
    """Every file below `folder` (relative path → SHA-256 of its bytes)."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _project(root: Path) -> Path:
    """A project with flows (in `root/project`) whose configuration can be edited."""
    project = root / "project"
    shutil.copytree(CI_FLOWS, project / "flows")
    return project


def _run_many_configurations(project: Path, *extra: str, env: dict[str, str] | None = None) -> None:
    """Six runs with different settings: six cache keys, more than the four a prune keeps."""
    for rule in ("FL101", "FL102", "FL103", "FL104", "FL105", "FL106"):
        result = run_flowlint(
            "check", "flows", "--ignore", rule, "--format", "concise", *extra, cwd=project, env=env
        )
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("how", ["flag", "flag-tilde"])
def test_cache_dir_flag_pointing_at_a_home_folder_deletes_and_overwrites_nothing(
    tmp_path: Path, how: str
) -> None:
    home = tmp_path / "home"
    _fake_home(home)
    project = _project(tmp_path)
    before = _tree_digest(home)
    flag = str(home) if how == "flag" else "~"
    _run_many_configurations(project, "--cache-dir", flag, env={"HOME": str(home)})
    after = _tree_digest(home)
    assert {path: after.get(path) for path in before} == before
    # The cache went into a folder of its own inside the home folder, and works there.
    own = home / ".flowlint_cache"
    assert (own / CACHE_MARKER).is_file()
    assert len([entry for entry in own.iterdir() if entry.is_dir()]) == 5  # the current + four
    assert not (home / CACHE_MARKER).exists()


@pytest.mark.parametrize("value", [".", "subfolder-that-holds-sources"])
def test_cache_dir_in_the_configuration_naming_an_existing_folder_keeps_its_files(
    tmp_path: Path, value: str
) -> None:
    project = _project(tmp_path)
    target = project / value
    for name in HOME_FOLDERS:  # folders of the project's own, older than any cache folder
        (target / name).mkdir(parents=True, exist_ok=True)
        (target / name / "keep.txt").write_text(f"{name}\n")
        os.utime(target / name, (1_000_000_000, 1_000_000_000))
    (target / ".gitignore").write_text("dist/\n")
    (project / ".flowlint.toml").write_text(f'cache-dir = "{value}"\n')
    before = _tree_digest(target)
    _run_many_configurations(project)
    after = _tree_digest(target)
    assert {path: after.get(path) for path in before} == before
    assert (target / ".flowlint_cache" / CACHE_MARKER).is_file()


def test_cache_dir_in_the_configuration_pointing_outside_the_project_is_refused(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    _fake_home(home)
    project = home / "src" / "project"
    shutil.copytree(CI_FLOWS, project / "flows")
    before = _tree_digest(home)
    for value in ("..", "~", str(home), "../../Music"):
        (project / ".flowlint.toml").write_text(f"cache-dir = {value!r}\n")
        result = run_flowlint("check", "flows", cwd=project, env={"HOME": str(home)})
        assert result.returncode == 2, (value, result.stdout, result.stderr)
        assert ".flowlint.toml" in result.stderr and "cache-dir" in result.stderr, result.stderr
        assert "outside the project" in result.stderr
        assert "Traceback" not in result.stderr
    after = _tree_digest(home)
    assert {path: after.get(path) for path in before} == before


def test_cache_dir_through_a_symlink_out_of_the_project_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _fake_home(home)
    project = _project(tmp_path)
    (project / "cache-link").symlink_to(home, target_is_directory=True)
    (project / ".flowlint.toml").write_text('cache-dir = "cache-link"\n')
    result = run_flowlint("check", "flows", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "cache-dir" in result.stderr and "outside the project" in result.stderr


def test_prune_removes_only_folders_that_carry_the_marker(tmp_path: Path) -> None:
    project = _project(tmp_path)
    cache = project / ".flowlint_cache"
    run_flowlint("check", "flows", cwd=project)
    # A folder someone put into the cache folder, older than everything: never pruned.
    stranger = cache / "notes"
    stranger.mkdir()
    (stranger / "keep.txt").write_text("mine\n")
    os.utime(stranger, (1_000_000_000, 1_000_000_000))
    _run_many_configurations(project)
    assert (stranger / "keep.txt").read_text() == "mine\n"
    marked = [entry for entry in cache.iterdir() if (entry / CACHE_MARKER).is_file()]
    assert len(marked) == 5  # the current configuration and the four newest others


def test_a_truncated_or_corrupt_entry_is_a_miss(tmp_path: Path) -> None:
    project = _project(tmp_path)
    first = run_flowlint("check", "flows", "--format", "concise", cwd=project)
    entries = sorted((project / ".flowlint_cache").glob("*/*.json"))
    assert entries
    corruptions = [b"", b'{"skipped": false, "kind": "flow", "diagn', b"[1, 2]", b"\xff\xfe"]
    corruptions.append(b'{"skipped": false, "kind": "flow", "diagnostics": [7, "x"]}')
    corruptions.append(b'{"skipped": false, "kind": "no-such-kind", "diagnostics": []}')
    for number, entry in enumerate(entries):
        entry.write_bytes(corruptions[number % len(corruptions)])
    again = run_flowlint("check", "flows", "--format", "concise", cwd=project)
    assert "Traceback" not in again.stderr
    assert (again.returncode, again.stdout) == (first.returncode, first.stdout)


def _fake_distribution(folder: Path, name: str, version: str, entry_points: str = "") -> None:
    """A `*.dist-info` folder as pip leaves it (only what version lookups read)."""
    info = folder / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    if entry_points:
        (info / "entry_points.txt").write_text(entry_points)


def test_the_cache_key_names_the_versions_of_the_libraries_that_decide_findings() -> None:
    from importlib.metadata import version

    from flowlint.run.cache import RESULT_LIBRARIES, installed_distributions

    libraries, _ = installed_distributions()
    assert set(RESULT_LIBRARIES) >= {"jsonschema", "python-liquid", "phonenumbers", "networkx"}
    for name in RESULT_LIBRARIES:
        assert libraries[name] == version(name), name


def test_the_cache_key_names_installed_rule_plugins_with_their_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flowlint.run.cache import installed_distributions

    _fake_distribution(
        tmp_path, "acme-flow-rules", "1.4.0", "[flowlint.rules]\nacme = acme_rules\n"
    )
    _fake_distribution(tmp_path, "unrelated", "2.0", "[console_scripts]\nx = y:z\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    _, plugins = installed_distributions()
    assert "acme-flow-rules==1.4.0" in plugins
    assert not any(plugin.startswith("unrelated") for plugin in plugins)


def test_a_new_library_version_gives_a_new_cache_key(tmp_path: Path) -> None:
    """A run that sees another networkx version does not reuse the other run's results."""
    project = _project(tmp_path)
    cache = project / ".flowlint_cache"
    run_flowlint("check", "flows", cwd=project)
    shadow = tmp_path / "shadow"
    _fake_distribution(shadow, "networkx", "99.0")
    run_flowlint("check", "flows", cwd=project, env={"PYTHONPATH": str(shadow)})
    keys = [entry.name for entry in cache.iterdir() if (entry / CACHE_MARKER).is_file()]
    assert len(keys) == 2
