"""How `flowlint pull` lays flows out on disk, and how it writes them so that a failure never
leaves anything half-written.

    DIR/<name>.json                    the definition, pretty-printed (2-space indent)
    DIR/<name>.meta.json               sid, friendly name, status, revision, dates, and the
                                       SHA-256 of the definition file
    DIR/<name>.revisions/<n>.json      with --revisions: each revision's definition
    DIR/<name>.revisions/<n>.meta.json
    DIR/<name>.test-users.json         with --test-users: the TestUsers resource

`<name>` is the friendly name made file-safe, else the SID. A flow keeps the name of its first
pull (found again by SID through the metadata files), so renaming it in the Console does not
move its file; a name already used by another flow, or by a file pull did not write, gets the
SID appended. Only files named by a metadata file that pull wrote (see `_written_by_pull`)
are rewritten; pull deletes nothing but its own temporary files, and the folders it created
for a flow whose writing failed (when they are empty).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from flowlint.twilio.sid import is_flow_sid

META_SUFFIX = ".meta.json"
METADATA_FIELDS = (
    "sid",
    "friendly_name",
    "status",
    "revision",
    "commit_message",
    "date_created",
    "date_updated",
)


def json_text(value: Any) -> bytes:
    """Pretty-printed JSON as Studio's own export writes it (2 spaces, UTF-8, final newline)."""
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def metadata_text(resource: dict[str, Any], definition_file: str, definition: bytes) -> bytes:
    """The metadata file: the resource's identifying fields and what the definition file holds."""
    metadata = {key: resource.get(key) for key in METADATA_FIELDS}
    metadata["definition_file"] = definition_file
    metadata["definition_sha256"] = hashlib.sha256(definition).hexdigest()
    return json_text(metadata)


def file_safe_name(friendly_name: object) -> str:
    """Lower-case ASCII letters, digits, `-` and `_`; empty when nothing usable is left."""
    if not isinstance(friendly_name, str):
        return ""
    ascii_name = unicodedata.normalize("NFKD", friendly_name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9_]+", "-", ascii_name.lower()).strip("-_")[:80]


class LocalCopy:
    """The flows already pulled into a directory, found by SID through their metadata files."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.names: dict[str, str] = {}
        self.metadata: dict[str, dict[str, Any]] = {}
        if directory.is_dir():
            for path in sorted(directory.glob("*" + META_SUFFIX)):
                metadata = _read_json(path)
                name = path.name[: -len(META_SUFFIX)]
                sid = metadata.get("sid") if _written_by_pull(metadata, name) else None
                if isinstance(sid, str) and is_flow_sid(sid) and sid not in self.names:
                    self.names[sid] = name
                    self.metadata[sid] = metadata

    def name_for(self, sid: str, friendly_name: object) -> str:
        """The file name (without `.json`) for a flow, reserving it for this SID."""
        if sid in self.names:
            return self.names[sid]
        base = file_safe_name(friendly_name) or sid
        taken = set(self.names.values())
        for candidate in (base, f"{base}-{sid}", sid):
            if candidate not in taken and not self._has_files(candidate):
                self.names[sid] = candidate
                return candidate
        raise FileExistsError(
            f"{self.directory / (sid + '.json')} exists and was not written by flowlint pull"
        )

    def is_current(self, sid: str, entry: dict[str, Any]) -> bool:
        """Whether the local copy matches a list entry (same revision and update date) and its
        definition file is untouched, so the flow need not be fetched again."""
        metadata = self.metadata.get(sid)
        if metadata is None or entry.get("revision") is None or entry.get("date_updated") is None:
            return False
        if (metadata.get("revision"), metadata.get("date_updated")) != (
            entry.get("revision"),
            entry.get("date_updated"),
        ):
            return False
        definition = self.directory / f"{self.names[sid]}.json"
        try:
            digest = hashlib.sha256(definition.read_bytes()).hexdigest()
        except OSError:
            return False
        return digest == metadata.get("definition_sha256")

    def _has_files(self, name: str) -> bool:
        return any(
            (self.directory / f"{name}{suffix}").exists()
            for suffix in (".json", META_SUFFIX, ".revisions", ".test-users.json")
        )


def _written_by_pull(metadata: object, name: str) -> bool:
    """Whether a `<name>.meta.json` holds what pull writes: it names `<name>.json` as its
    definition file, with that file's SHA-256. Only then are `<name>.json` and its other files
    taken as pull's own to rewrite; a look-alike written by hand (say, only a `sid`) is
    ignored, and the flow gets a name whose files do not exist yet."""
    if not isinstance(metadata, dict):
        return False
    digest = metadata.get("definition_sha256")
    return (
        metadata.get("definition_file") == f"{name}.json"
        and isinstance(digest, str)
        and re.fullmatch(r"[0-9a-f]{64}", digest) is not None
    )


def write_all_or_nothing(files: dict[Path, bytes]) -> list[Path]:
    """Write files whose content changed: every new content goes to a temporary file beside its
    target first, and only when all are written are they moved into place with `os.replace`
    (atomic per file), in the order given (put the metadata last: it vouches for the rest).
    On any error nothing is replaced and the temporary files are removed. Returns what changed.
    """
    changed = {path: data for path, data in files.items() if _current_bytes(path) != data}
    staged: list[tuple[str, Path]] = []
    created_dirs: list[Path] = []
    mode = _file_mode()
    try:
        for path, data in changed.items():
            created_dirs.extend(_make_parents(path.parent))
            handle, temporary = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
            )
            staged.append((temporary, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, mode)
    except BaseException:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        for folder in reversed(created_dirs):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    for temporary, path in staged:
        os.replace(temporary, path)
    return list(changed)


def _current_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _make_parents(folder: Path) -> list[Path]:
    """Create `folder` and missing parents; return the ones created (outermost first)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        created.mkdir()
    return list(reversed(missing))


def _file_mode() -> int:
    """Permissions a plain `open()` would give (temporary files are created private)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
