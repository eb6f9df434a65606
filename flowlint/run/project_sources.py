"""The project around the checked files, found from the project's root: every pull metadata
file and Flow resource file of the repository (not only those beside the checked files), so
`flowlint check flows/parent.json` knows the SID of `flows/sub/child.json` too.

The walk is the one `flowlint check DIR` does (`.gitignore`, `exclude`, tool and hidden
folders skipped, no symbolic link loops) and is bounded: at most `MAX_PROJECT_FILES` `.json`
files, and only when the root is a project's (it holds the configuration or `.git`), never a
working folder that merely happens to be where flowlint runs. A folder below the root with
its own flowlint configuration is another project and is left out. The walk happens once
per run, and only when a checked file has a run-subflow widget (every subflow check is on
one); Functions are found from the root without it (`flowlint.project.functions`).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path

from flowlint.engine.settings import Settings
from flowlint.project.discovery import discover_project
from flowlint.project.model import Project
from flowlint.run.files import Target, discover

MAX_PROJECT_FILES = 20_000
"""`.json` files a root walk looks at, at most (a repository of generated JSON stays fast;
past this, flows are found only beside the checked files, as without a walk)."""

_CONFIG_NAMES = (".flowlint.toml", "flowlint.toml")

SUBFLOW_MARK = b'"run-subflow"'


def find_project(
    root: Path,
    checked: Iterable[str],
    settings: Settings,
    *,
    respect_gitignore: bool = True,
    always_walk: bool = False,
    note: Callable[[str], None] | None = None,
) -> Project | None:
    """The project of the `checked` files (see `flowlint.project.discovery`), with the
    flows of the whole repository under `root` and the environment profiles of `settings`.
    `always_walk`: walk the root even when no checked file runs a subflow today (the
    language server, whose documents change after the project is read). `note` hears why
    the project may be incomplete (the walk stopped at its bound)."""
    checked = list(checked)
    walk = always_walk or _runs_subflows(checked, settings.max_file_size)
    files = project_json_files(root, checked, settings, respect_gitignore) if walk else []
    if len(files) > MAX_PROJECT_FILES:
        files = files[:MAX_PROJECT_FILES]
        if note is not None:
            note(
                f"the project walk of {root} stopped after {MAX_PROJECT_FILES:,} .json files; "
                "subflows beyond them are known only when they sit beside a checked file "
                "(exclude generated folders, or map flows in [tool.flowlint.flows])"
            )
    return discover_project(
        root,
        checked,
        settings.project_flows,
        profiles=settings.environments,
        environment=settings.environment,
        project_files=files,
    )


def _runs_subflows(checked: list[str], max_size: int) -> bool:
    """Whether a checked file may run a subflow: only then do other folders' flows matter
    (every subflow check is on a run-subflow widget), so a check of flows without one
    skips the walk. Stops at the first such file."""
    for path in checked:
        try:
            # Only regular files: a FIFO or a device named on the command line is reported by
            # the reader, and reading it here would wait forever.
            if path == "-" or not _is_small_regular_file(path, max_size):
                continue
            with open(path, "rb") as handle:
                if SUBFLOW_MARK in handle.read():
                    return True
        except OSError:
            continue
    return False


def _is_small_regular_file(path: str, max_size: int) -> bool:
    info = os.stat(path)
    return stat.S_ISREG(info.st_mode) and info.st_size <= max_size


def project_json_files(
    root: Path, checked: list[str], settings: Settings, respect_gitignore: bool = True
) -> list[str]:
    """The `.json` files of the project under `root` (empty when `root` is not a project's
    root or holds none of the checked files): `MAX_PROJECT_FILES` of them at most, plus one
    more when there are more, so the caller can tell the walk stopped."""
    root = root.absolute()
    if not _is_project_root(root):
        return []
    inside = [path for path in checked if path != "-" and _is_within(Path(path).absolute(), root)]
    if checked and not inside:
        return []
    walk = discover(
        [str(root)], settings.include, settings.exclude, respect_gitignore=respect_gitignore
    )
    files = [item.path for item in islice(_targets(walk), MAX_PROJECT_FILES + 1)]
    nested: dict[Path, bool] = {root: False}
    return [path for path in files if not _in_nested_project(Path(path).parent, root, nested)]


def _targets(walk: Iterable[object]) -> Iterable[Target]:
    return (item for item in walk if isinstance(item, Target))


def _is_project_root(folder: Path) -> bool:
    return (folder / ".git").exists() or any(
        (folder / name).is_file() for name in (*_CONFIG_NAMES, "pyproject.toml")
    )


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _in_nested_project(folder: Path, root: Path, known: dict[Path, bool]) -> bool:
    """Whether `folder` (below `root`) is in a folder with its own flowlint configuration."""
    if folder in known:
        return known[folder]
    if folder == folder.parent or not _is_within(folder, root):
        return False
    answer = _has_own_config(folder) or _in_nested_project(folder.parent, root, known)
    known[folder] = answer
    return answer


def _has_own_config(folder: Path) -> bool:
    if any((folder / name).is_file() for name in _CONFIG_NAMES):
        return True
    try:
        text = (folder / "pyproject.toml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    # `[tool.flowlint]` or a dotted `tool.flowlint` key, not a mere dependency on flowlint.
    return re.search(r"tool[\"']?\s*\.\s*[\"']?flowlint", text) is not None
