"""Which files to check: explicit paths, recursive directory walks, and stdin.

A walk looks at `*.json` files, skips tool and hidden folders, honours the configuration's
`include`/`exclude` globs and, as git does, `.gitignore` files (nested ones, those of the
folders above up to the git root, and `.git/info/exclude`). Files named on the command line
are always checked. Everything a walk leaves out is reported as `Skipped` (for `check -v`).
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from pathspec import GitIgnoreSpec

from flowlint.engine.settings import path_matches
from flowlint.run.project_root import git_root

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


class Skipped(NamedTuple):
    """A folder or `.json` file a walk left out on purpose, and why (listed by `check -v`)."""

    path: str
    reason: str


class IgnoreFile(NamedTuple):
    """The patterns of one `.gitignore` (or `info/exclude`), which apply below `folder`."""

    folder: Path
    spec: GitIgnoreSpec
    name: str


def discover(
    paths: list[str],
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    *,
    respect_gitignore: bool = True,
) -> Iterator[Target | WalkProblem | Skipped]:
    """Yield files to check in a stable order; directories are walked for `*.json`."""
    include = include or []
    exclude = exclude or []
    for raw in paths:
        if raw == "-":
            yield Target("-", True)
            continue
        path = Path(raw)
        if path.is_dir():
            above = _ignore_files_above(path) if respect_gitignore else None
            yield from _walk(path, include, exclude, above)
        else:
            # Missing or unreadable files are reported by the reader with exit status 2.
            yield Target(raw, True)


def _read_ignore_file(path: Path, folder: Path) -> IgnoreFile | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return IgnoreFile(folder, GitIgnoreSpec.from_lines(handle), str(path))
    except (OSError, ValueError):  # unreadable, or a pattern pathspec rejects: git would too
        return None


def _ignore_files_above(root: Path) -> list[IgnoreFile]:
    """The ignore files of the repository that apply to `root` from outside it: `info/exclude`
    and the `.gitignore` of every folder from the git root down to `root`'s parent. None
    apply when `root` is itself ignored: a folder the user names is walked."""
    start = root.absolute()
    top = git_root(start)
    if top is None:
        return []
    found = [
        item
        for item in [_read_ignore_file(top / ".git" / "info" / "exclude", top)]
        if item is not None
    ]
    folders = [start, *start.parents]
    for folder in reversed(folders[1 : folders.index(top) + 1] if top in folders else []):
        item = _read_ignore_file(folder / ".gitignore", folder)
        if item is not None:
            found.append(item)
    if _ignored_by(found, start, is_dir=True):
        return []
    return found


def _ignored_by(ignore_files: list[IgnoreFile], path: Path, *, is_dir: bool) -> str | None:
    """The ignore file that leaves `path` out, or None. The deepest file with a matching
    pattern decides (a `!pattern` there re-includes), as in git."""
    for item in reversed(ignore_files):
        try:
            relative = path.relative_to(item.folder).as_posix()
        except ValueError:
            continue
        verdict = item.spec.check_file(relative + "/" if is_dir else relative).include
        if verdict is not None:
            return item.name if verdict else None
    return None


def _walk(
    root: Path, include: list[str], exclude: list[str], ignore_above: list[IgnoreFile] | None
) -> Iterator[Target | WalkProblem | Skipped]:
    seen: set[tuple[int, int]] = set()
    respect_gitignore = ignore_above is not None
    stack: list[tuple[Path, list[IgnoreFile]]] = [(root, ignore_above or [])]
    while stack:
        folder, inherited = stack.pop()
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
        ignore_files = inherited
        if respect_gitignore and any(entry.name == ".gitignore" for entry in entries):
            own = _read_ignore_file(folder / ".gitignore", folder.absolute())
            if own is not None:
                ignore_files = [*inherited, own]
        subfolders: list[tuple[Path, list[IgnoreFile]]] = []
        for entry in entries:
            entry_path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir and not entry.name.endswith(".json"):
                continue
            reason = _skip_reason(entry_path, is_dir, include, exclude, ignore_files)
            if reason is not None:
                yield Skipped(str(entry_path), reason)
                continue
            if is_dir:
                subfolders.append((entry_path, ignore_files))
                continue
            text = str(entry_path)
            if entry.is_symlink() and not entry_path.exists():
                yield WalkProblem(text, "skipped: broken symbolic link")
                continue
            if not entry.is_file():
                yield Skipped(text, "not a regular file (a socket, FIFO or device)")
                continue
            yield Target(text, False)
        stack.extend(reversed(subfolders))


def _skip_reason(
    path: Path,
    is_dir: bool,
    include: list[str],
    exclude: list[str],
    ignore_files: list[IgnoreFile],
) -> str | None:
    """Why a walk leaves out this folder or `.json` file, or None to go on."""
    text = str(path)
    if is_dir and path.name in SKIPPED_DIRECTORIES:
        return "a tool's folder, never walked"
    if is_dir and path_matches(text, "*/.*"):
        return "a hidden folder"
    if any(path_matches(text, pattern) for pattern in exclude):
        return "matches `exclude` in the configuration"
    if not is_dir and include and not any(path_matches(text, pattern) for pattern in include):
        return "does not match `include` in the configuration"
    ignored_by = _ignored_by(ignore_files, path.absolute(), is_dir=is_dir)
    if ignored_by is not None:
        return f"ignored by {ignored_by} (--no-respect-gitignore to check it)"
    return None
