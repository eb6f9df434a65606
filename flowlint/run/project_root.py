"""Where the project is, and how reports spell paths: relative to the project root, with `/`.

Code scanning, GitLab and review tools map a reported path onto the repository, so a report
must say `flows/ivr.json` whether flowlint ran in the repository's root, in `flows/` or in
a parent folder. The project root is the folder of the configuration file, else the git
root, else the working folder.
"""

from __future__ import annotations

import os
from pathlib import Path

STDIN_NAME = "<stdin>"


def git_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding `.git` (a folder, or a file in a
    worktree or submodule), or None outside a git repository."""
    folder = start.absolute()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def project_root(config_file: Path | None, start: Path) -> Path:
    """The folder reported paths are relative to."""
    if config_file is not None:
        return config_file.absolute().parent
    return git_root(start) or start.absolute()


def reported_path(path: str, root: Path) -> str:
    """`path` (as given on the command line or found by a walk, relative to the working
    folder) relative to `root` with `/` separators. A file outside the root keeps the path
    the user gave it, since no root-relative spelling would find it."""
    if path == STDIN_NAME:
        return path
    try:
        relative = os.path.relpath(os.path.abspath(path), root)
    except ValueError:  # another drive on Windows
        return path.replace("\\", "/")
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return path.replace("\\", "/")
    return relative.replace(os.sep, "/")
