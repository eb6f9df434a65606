"""Results cache: a file whose content, path and resolved configuration were already checked
by this very flowlint is not checked again.

The cache key of a run covers everything that can change a file's findings: the flowlint
version, the settings that reach the rules, the `FLOWLINT_*` environment variables, and a stamp (path, size, modification time) of
flowlint's own code, the rule modules, the schemas, the `--rules-dir` folders and the
installed rule plugins. Each file's entry is named after a hash of its path and bytes, so
an edited file misses and an untouched one hits. Entries are small JSON files written
atomically, so parallel runs can share a cache folder.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from flowlint import __version__
from flowlint.diagnostics import Diagnostic
from flowlint.engine import FILE_TOO_LARGE, FileResult
from flowlint.model.documents import DocumentKind
from flowlint.settings import Settings

FORMAT_VERSION = 1
KEPT_CONFIGURATIONS = 4
"""Folders of other configurations kept beside the current one; older ones are removed."""

_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by flowlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def _settings_identity(settings: Settings) -> dict[str, Any]:
    """The settings that change what a file's findings are (not fail-on, include, exclude)."""
    return {
        "select": settings.select,
        "ignore": settings.ignore,
        "extend_select": settings.extend_select,
        "severities": {key: level.label for key, level in sorted(settings.severities.items())},
        "rule_options": settings.rule_options,
        "max_file_size": settings.max_file_size,
        "rules_dirs": [os.path.abspath(folder) for folder in settings.rules_dirs],
        "per_file_ignores": settings.per_file_ignores,
        "widget_ignores": [
            [entry.files, entry.widget, list(entry.rules)] for entry in settings.widget_ignores
        ],
    }


def _code_stamp(folders: list[Path]) -> list[Any]:
    """Path, size and modification time of every .py and .json file in `folders`: a change to
    flowlint, a rule or a schema gives a new cache key even without a version bump."""
    stamp: list[Any] = []
    for folder in folders:
        for root, directories, files in os.walk(folder):
            directories[:] = sorted(d for d in directories if not d.startswith((".", "__")))
            for name in sorted(files):
                if name.endswith((".py", ".json")):
                    try:
                        info = os.stat(os.path.join(root, name))
                    except OSError:
                        continue
                    stamp.append([os.path.join(root, name), info.st_size, info.st_mtime_ns])
    return stamp


def _plugin_stamp() -> list[str]:
    """Installed distributions that declare flowlint rule plugins (names carry versions)."""
    import glob

    found = []
    for folder in sys.path:
        if not folder or not os.path.isdir(folder):
            continue
        for path in glob.glob(os.path.join(folder, "*.dist-info", "entry_points.txt")):
            try:
                with open(path, encoding="utf-8") as handle:
                    if "[flowlint.rules]" in handle.read():
                        found.append(os.path.basename(os.path.dirname(path)))
            except OSError:
                continue
    return sorted(found)


def configuration_key(settings: Settings) -> str:
    from flowlint.resources import builtin_rules_dir, schemas_dir

    package = Path(__file__).resolve().parent
    identity = {
        "format": FORMAT_VERSION,
        "version": __version__,
        "python": list(sys.version_info[:2]),
        "settings": _settings_identity(settings),
        "code": _code_stamp(
            [package, builtin_rules_dir(), schemas_dir(), *map(Path, settings.rules_dirs)]
        ),
        "plugins": _plugin_stamp(),
        # FLOWLINT_* variables can steer the analysis (e.g. FLOWLINT_SCHEMA_ENGINE).
        "environment": sorted(
            (name, value) for name, value in os.environ.items() if name.startswith("FLOWLINT_")
        ),
    }
    import hashlib  # here, not at the top: a --no-cache run never hashes (saves ~3 ms)

    text = json.dumps(identity, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def source_text(data: bytes) -> str:
    """The text reporters show for cached results, decoded as the engine decodes it."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="replace")


def entry_digest(path: str, data: bytes, explicit: bool) -> str:
    """Names a file's cache entry: its path (findings carry it, per-file ignores match it),
    whether it was named or found by a walk, and its bytes."""
    import hashlib

    digest = hashlib.sha256()
    digest.update(path.encode("utf-8", errors="surrogateescape"))
    digest.update(b"\x00explicit\x00" if explicit else b"\x00walked\x00")
    digest.update(data)
    return digest.hexdigest()[:40]


class ResultCache:
    """Per-file results of one configuration, under `<folder>/<configuration key>/`."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.root = folder
        self.folder = folder / configuration_key(settings)
        self.hits = 0
        self.misses = 0
        self.disabled_because: str | None = None
        self._prepared = False

    def load(self, digest: str, path: str, data: bytes) -> FileResult | None:
        """The cached result for `entry_digest(path, data, explicit)`, or None."""
        try:
            with open(self.folder / f"{digest}.json", encoding="utf-8") as handle:
                raw = json.load(handle)
            diagnostics = [Diagnostic.from_plain(path, item) for item in raw["diagnostics"]]
            kind = DocumentKind(raw["kind"]) if raw.get("kind") else None
            skipped = bool(raw.get("skipped"))
            skip_reason = str(raw.get("skip_reason", ""))
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        text = "" if skipped else source_text(data)
        result = FileResult(path, diagnostics=diagnostics, text=text, skipped=skipped, kind=kind)
        result.skip_reason = skip_reason
        return result

    def store(self, digest: str, result: FileResult) -> None:
        """Remember a result. A file over the size cap is not kept (its text was never read);
        a rule crash is, since the same code on the same content crashes the same way and
        the key changes as soon as the rule does."""
        if self.disabled_because is not None or result.error is not None:
            return
        if any(diagnostic.rule == FILE_TOO_LARGE for diagnostic in result.diagnostics):
            return
        entry = {
            "skipped": result.skipped,
            "skip_reason": result.skip_reason,
            "kind": result.kind.value if result.kind else None,
            "diagnostics": [diagnostic.to_plain() for diagnostic in result.diagnostics],
        }
        target = self.folder / f"{digest}.json"
        try:
            self._prepare()
            temporary = target.with_name(f"{target.stem}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, target)
        except OSError as exc:
            self.disabled_because = f"cannot write to {self.root}: {exc.strerror or exc}"

    def _prepare(self) -> None:
        """Create the folders (tagged so backup tools and git skip them) on first write, and
        remove the folders of configurations not used for a while."""
        if self._prepared:
            return
        self._prepared = True
        fresh = not self.folder.is_dir()
        self.folder.mkdir(parents=True, exist_ok=True)
        tag = self.root / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(_CACHEDIR_TAG, encoding="utf-8")
            (self.root / ".gitignore").write_text(
                "# Created by flowlint; the cache is local to each machine.\n*\n", encoding="utf-8"
            )
        if fresh:
            self._prune()
        else:
            os.utime(self.folder)

    def _prune(self) -> None:
        others = [
            entry
            for entry in self.root.iterdir()
            if entry.is_dir() and entry.name != self.folder.name
        ]
        others.sort(key=lambda entry: entry.stat().st_mtime, reverse=True)
        for stale in others[KEPT_CONFIGURATIONS:]:
            import shutil

            shutil.rmtree(stale, ignore_errors=True)
