"""Which files to check: explicit paths, recursive directory walks, and stdin."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from flowlint.settings import path_matches

SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".flowlint_cache",
    }
)


class Target(NamedTuple):
    """A file to check. `explicit` is True when the user named it (not found by a walk)."""

    path: str
    explicit: bool


class WalkProblem(NamedTuple):
    """Something a directory walk met and skipped: a symlink loop, an unreadable folder."""

    path: str
    message: str


def discover(
    paths: list[str], include: list[str] | None = None, exclude: list[str] | None = None
) -> Iterator[Target | WalkProblem]:
    """Yield files to check in a stable order; directories are walked for `*.json`."""
    include = include or []
    exclude = exclude or []
    for raw in paths:
        if raw == "-":
            yield Target("-", True)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, include, exclude)
        else:
            # Missing or unreadable files are reported by the reader with exit status 2.
            yield Target(raw, True)


def _walk(root: Path, include: list[str], exclude: list[str]) -> Iterator[Target | WalkProblem]:
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
        except OSError as exc:
            yield WalkProblem(str(folder), f"cannot read directory: {exc.strerror or exc}")
            continue
        identity = (info.st_dev, info.st_ino)
        if identity in seen:
            yield WalkProblem(
                str(folder), "skipped: symbolic link loop (this folder was already walked)"
            )
            continue
        seen.add(identity)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            yield WalkProblem(str(folder), f"cannot list directory: {exc.strerror or exc}")
            continue
        subfolders: list[Path] = []
        for entry in entries:
            entry_path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if (
                    entry.name not in SKIPPED_DIRECTORIES
                    and not path_matches(str(entry_path), "*/.*")
                    and not any(path_matches(str(entry_path), pattern) for pattern in exclude)
                ):
                    subfolders.append(entry_path)
                continue
            if not entry.name.endswith(".json"):
                continue
            text = str(entry_path)
            if exclude and any(path_matches(text, pattern) for pattern in exclude):
                continue
            if include and not any(path_matches(text, pattern) for pattern in include):
                continue
            if entry.is_symlink() and not entry_path.exists():
                yield WalkProblem(text, "skipped: broken symbolic link")
                continue
            if not entry.is_file():
                continue  # sockets, FIFOs and devices named *.json are not flows
            yield Target(text, False)
        stack.extend(reversed(subfolders))
