"""Which folders belong to the results cache, so that flowlint deletes and overwrites only what
it created.

A folder is flowlint's when it holds a regular file named `.flowlint-cache` that starts with
`SIGNATURE` (a `CACHEDIR.TAG` is not enough: other tools write that same file). flowlint
writes that marker into every folder it creates for the cache, the cache folder and each
configuration's folder inside it, and nowhere else.

- `choose_cache_folder`: the folder asked for, when it does not exist yet or is already
  flowlint's; otherwise (an existing folder such as a home or a project folder) a
  `.flowlint_cache` folder inside it. Nothing is ever written into a folder that is not
  flowlint's except that one new subfolder.
- `claim_folder`: create a folder with its marker in one step (built under a temporary name,
  then renamed), so a concurrent run never sees a cache folder without its marker.
- `remove_configuration_folder`: deletes a configuration folder's entries by name (files
  flowlint writes there), then the marker and the folder if nothing else is left.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path

MARKER_NAME = ".flowlint-cache"
SIGNATURE = "flowlint results cache f3a1c2e0-5d1b-4c4e-9a57-flowlint-owned\n"
MARKER_TEXT = (
    SIGNATURE + "# flowlint created this folder. It deletes folders of its cache only when they\n"
    "# carry this file, and inside them only the cache entries it wrote.\n"
)
SUBFOLDER_NAME = ".flowlint_cache"
"""The folder flowlint makes inside an existing folder that is not its own."""

ENTRY_NAME = re.compile(r"[0-9a-f]{40}(\.json|\.\d+\.tmp)")
"""Files a configuration folder holds: `<digest>.json` entries and their temporary files."""

CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by flowlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
GITIGNORE = "# Created by flowlint; the cache is local to each machine.\n*\n"


class CacheFolderRefused(Exception):
    """The cache cannot be kept where asked without touching files flowlint did not create."""


def is_flowlint_folder(folder: Path) -> bool:
    """Whether `folder` carries flowlint's marker (a regular file, not a link, with the
    signature)."""
    marker = folder / MARKER_NAME
    try:
        if not stat.S_ISREG(os.lstat(marker).st_mode):
            return False
        with open(marker, "rb") as handle:
            return handle.read(len(SIGNATURE)) == SIGNATURE.encode("ascii")
    except OSError:
        return False


def choose_cache_folder(requested: Path) -> Path:
    """The folder the cache lives in when asked for `requested` (see the module docstring).
    Writes nothing. Raises CacheFolderRefused."""
    if not os.path.lexists(requested) or is_flowlint_folder(requested):
        return requested
    if not requested.is_dir():
        raise CacheFolderRefused(f"{requested} exists and is not a folder")
    inside = requested / SUBFOLDER_NAME
    if not os.path.lexists(inside) or is_flowlint_folder(inside):
        return inside
    raise CacheFolderRefused(
        f"{requested} is not a flowlint cache and {inside} exists but was not created by "
        f"flowlint (no {MARKER_NAME} file); flowlint leaves both alone"
    )


def cache_folder_note(requested: Path) -> tuple[Path | None, str]:
    """Where the cache goes when asked for `requested`, and why it is not there: the folder
    itself and "" (as asked), a folder inside it and why (redirected), or None and why (no
    cache: `choose_cache_folder` refuses). Writes nothing; for `flowlint config --show`."""
    try:
        chosen = choose_cache_folder(requested)
    except CacheFolderRefused as exc:
        return None, f"not used: {exc}; flowlint check runs without a results cache"
    if chosen == requested:
        return chosen, ""
    return chosen, (
        f"asked for {requested}, an existing folder flowlint did not create, so the cache "
        f"goes in a {SUBFOLDER_NAME} folder inside it"
    )


def claim_folder(folder: Path, extra_files: dict[str, str] | None = None) -> None:
    """Make sure `folder` exists and is flowlint's: create it with its marker (and
    `extra_files`) under a temporary name beside it, then rename it into place. Raises
    CacheFolderRefused when the folder exists and is not flowlint's, OSError when it cannot be
    created."""
    if is_flowlint_folder(folder):
        return
    import tempfile

    parent = Path(os.path.abspath(folder)).parent
    parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    written = [MARKER_NAME, *(extra_files or {})]
    try:
        (building / MARKER_NAME).write_text(MARKER_TEXT, encoding="utf-8")
        for name, text in (extra_files or {}).items():
            (building / name).write_text(text, encoding="utf-8")
        os.chmod(building, _folder_mode())
        os.rename(building, folder)
        return
    except OSError:
        pass  # below: another run may have created it first
    finally:
        if building.exists():
            for name in written:
                with contextlib.suppress(OSError):
                    (building / name).unlink()
            with contextlib.suppress(OSError):
                building.rmdir()
    if not is_flowlint_folder(folder):
        if os.path.lexists(folder):
            raise CacheFolderRefused(f"{folder} exists and was not created by flowlint")
        raise OSError(f"cannot create {folder}")


def configuration_folders(root: Path, keep: str) -> list[Path]:
    """The configuration folders under the cache folder `root` that carry the marker (links
    and unmarked folders are not flowlint's), except `keep`, newest first."""
    found = []
    for entry in root.iterdir():
        if entry.name == keep or entry.is_symlink() or not entry.is_dir():
            continue
        if is_flowlint_folder(entry):
            found.append(entry)
    found.sort(key=lambda entry: entry.stat().st_mtime, reverse=True)
    return found


def remove_configuration_folder(folder: Path) -> None:
    """Delete the entries flowlint wrote in `folder`, then the folder itself if nothing
    else is in it; anything else found there is left, with the marker."""
    left = False
    for entry in folder.iterdir():
        if entry.name == MARKER_NAME:
            continue
        try:
            if ENTRY_NAME.fullmatch(entry.name) and stat.S_ISREG(os.lstat(entry).st_mode):
                entry.unlink()
                continue
        except FileNotFoundError:
            continue  # another run pruned it first
        except OSError:
            pass
        left = True
    if not left:
        with contextlib.suppress(OSError):
            (folder / MARKER_NAME).unlink()
            folder.rmdir()


def _folder_mode() -> int:
    """What a plain mkdir gives (mkdtemp makes the folder private to its owner)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask
