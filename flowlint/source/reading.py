"""Reading a file named by a user or a repository without ever waiting on it."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def read_file(path: str | Path, max_size: int) -> bytes:
    """Read a regular file, at most max_size + 1 bytes so an oversized file is never loaded.

    Opened without blocking and checked before reading: a FIFO or a device named on the
    command line, in a test file or by a repository would otherwise wait forever for a
    writer (or, for `/dev/zero`, read forever)."""
    if "\0" in str(path):  # named by a test file or a configuration: os.open raises ValueError
        raise OSError(
            errno.EINVAL, "the path holds a NUL character, which no file name can", str(path)
        )
    if Path(path).is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket or device"
            raise OSError(
                errno.EINVAL, f"not a regular file ({kind}); only files are read", str(path)
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return handle.read(max_size + 1)
