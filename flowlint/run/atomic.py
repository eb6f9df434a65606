"""Writing files so that a reader sees the old content or the new, never half of it."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path


def _file_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 less the umask
    (mkstemp would leave it readable by its owner only)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`; creates missing
    parent folders. Raises OSError.

    Only a plain file is replaced: through a symbolic link the file it points to is (the link
    stays), and a FIFO or a device (`/dev/stdout` is a link to one) is written to in place,
    never renamed over: a report option must not delete what flowlint did not create."""
    import tempfile  # (and shutil, random): only runs that write a report file pay for it

    try:
        mode: int | None = os.stat(path).st_mode  # through links
    except FileNotFoundError:
        mode = None  # a new file (or a link to one)
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        _write_in_place(path, text)
        return
    if os.path.islink(path):
        path = Path(os.path.realpath(path))
    folder = Path(os.path.abspath(path)).parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _file_mode(path))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_in_place(path: Path, text: str) -> None:
    """Write to a FIFO or a device as it is. Opened without blocking first, so a FIFO no
    process reads is an error rather than a wait without end."""
    try:
        descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "no process reads this FIFO", str(path)) from exc
        raise
    if hasattr(os, "set_blocking"):
        os.set_blocking(descriptor, True)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(text.encode("utf-8"))
