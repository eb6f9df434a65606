"""Results cache: a file whose content, path and resolved configuration were already checked
by this very flowlint is not checked again.

The cache key of a run covers everything that can change a file's findings: the flowlint
version, the settings that reach the rules, the `FLOWLINT_*` environment variables, the
versions of the libraries that decide findings and of the installed rule plugins, and a stamp
(path, size, modification time) of flowlint's own code, the rule modules, the schemas and the
`--rules-dir` folders. Each file's entry is named after a hash of its path and bytes, so
an edited file misses and an untouched one hits. Entries are small JSON files written
atomically, so parallel runs can share a cache folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from flowlint import __version__
from flowlint.diagnostics import Diagnostic
from flowlint.engine.linter import CHECK_TIMEOUT, FILE_TOO_LARGE, FileResult
from flowlint.engine.settings import Settings
from flowlint.model.documents import DocumentKind
from flowlint.run.cache_folders import (
    CACHEDIR_TAG,
    GITIGNORE,
    CacheFolderRefused,
    choose_cache_folder,
    claim_folder,
    configuration_folders,
    remove_configuration_folder,
)

_NOT_KEPT = frozenset({FILE_TOO_LARGE, CHECK_TIMEOUT})
"""Results with these findings are not cached."""

FORMAT_VERSION = 1
KEPT_CONFIGURATIONS = 4
"""Folders of other configurations kept beside the current one; older ones are removed."""


def _settings_identity(settings: Settings) -> dict[str, Any]:
    """The settings that change what a file's findings are (not fail-on, include, exclude)."""
    return {
        "select": settings.select,
        "ignore": settings.ignore,
        "extend_select": settings.extend_select,
        "severities": {key: level.label for key, level in sorted(settings.severities.items())},
        "rule_options": settings.rule_options,
        "preset": settings.preset,
        "max_file_size": settings.max_file_size,
        "rules_dirs": [os.path.abspath(folder) for folder in settings.rules_dirs],
        "per_file_ignores": settings.per_file_ignores,
        "widget_ignores": [
            [entry.files, entry.widget, list(entry.rules)] for entry in settings.widget_ignores
        ],
        # Templates render with the chosen environment's values, and the profiles feed
        # `literal-environment-value`: values read from environment variables included.
        "environment": settings.environment_values,
        "environments": {
            name: {key: [entry.value, entry.variable] for key, entry in profile.entries.items()}
            for name, profile in sorted(settings.environments.items())
        },
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


RESULT_LIBRARIES = (
    "jsonschema",
    "jsonschema-rs",
    "python-liquid",
    "phonenumbers",
    "regex",
    "networkx",
)
"""Distributions whose behaviour decides findings (validation, Liquid parsing, phone
numbers, regular expressions, graph algorithms): a new version gives a new cache key."""


def _distribution_name(folder_name: str) -> tuple[str, str]:
    """`python_liquid-1.12.1.dist-info` → (`python-liquid`, `1.12.1`)."""
    name, _, version = folder_name[: -len(".dist-info")].partition("-")
    return re.sub(r"[-_.]+", "-", name).lower(), version


def installed_distributions() -> tuple[dict[str, str], list[str]]:
    """The versions of `RESULT_LIBRARIES` (the first found on `sys.path`, as imports find
    them; absent ones are left out) and the installed distributions that declare
    `flowlint.rules` plugins (`name==version`), from one listing of each `sys.path` folder."""
    libraries: dict[str, str] = {}
    plugins: set[str] = set()
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for folder_name in names:
            if not folder_name.endswith(".dist-info"):
                continue
            name, version = _distribution_name(folder_name)
            if name in RESULT_LIBRARIES:
                libraries.setdefault(name, version)
            try:
                path = os.path.join(folder or ".", folder_name, "entry_points.txt")
                with open(path, encoding="utf-8") as handle:
                    if "[flowlint.rules]" in handle.read():
                        plugins.add(f"{name}=={version}")
            except (OSError, UnicodeDecodeError):
                continue
    return dict(sorted(libraries.items())), sorted(plugins)


def configuration_key(settings: Settings) -> str:
    from flowlint.model.resources import builtin_rules_dir, schemas_dir

    package = Path(__file__).resolve().parent.parent  # the flowlint package
    libraries, plugins = installed_distributions()
    identity = {
        "format": FORMAT_VERSION,
        "version": __version__,
        "python": list(sys.version_info[:2]),
        "settings": _settings_identity(settings),
        "code": _code_stamp(
            [package, builtin_rules_dir(), schemas_dir(), *map(Path, settings.rules_dirs)]
        ),
        "libraries": libraries,
        "plugins": plugins,
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


def entry_digest(path: str, data: bytes, explicit: bool, project: str = "") -> str:
    """Names a file's cache entry: its path (findings carry it, per-file ignores match it),
    whether it was named or found by a walk, its bytes, and the fingerprint of the project
    around it (`Project.fingerprint`: subflow contracts depend on the other flows' files)."""
    import hashlib

    digest = hashlib.sha256()
    digest.update(path.encode("utf-8", errors="surrogateescape"))
    digest.update(b"\x00explicit\x00" if explicit else b"\x00walked\x00")
    if project:
        digest.update(b"\x00project\x00" + project.encode("ascii"))
    digest.update(data)
    return digest.hexdigest()[:40]


class ResultCache:
    """Per-file results of one configuration, under `<cache folder>/<configuration key>/`.

    The cache folder is the one asked for when it is new or already flowlint's, else a
    `.flowlint_cache` folder inside it (`flowlint.run.cache_folders`): an existing folder that
    flowlint did not create is never pruned and never gets a file written into it."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.hits = 0
        self.misses = 0
        self.disabled_because: str | None = None
        self._prepared = False
        self.root = folder
        self.folder: Path | None = None
        try:
            self.root = choose_cache_folder(folder)
            self.folder = self.root / configuration_key(settings)
        except CacheFolderRefused as exc:
            self.disabled_because = str(exc)

    def load(self, digest: str, path: str, data: bytes) -> FileResult | None:
        """The cached result for `entry_digest(path, data, explicit)`, or None. An entry that
        cannot be read or decoded (cut short by an interrupted run, edited by hand) is a
        miss."""
        if self.folder is None:
            self.misses += 1
            return None
        try:
            with open(self.folder / f"{digest}.json", encoding="utf-8") as handle:
                raw = json.load(handle)
            diagnostics = [Diagnostic.from_plain(path, item) for item in raw["diagnostics"]]
            kind = DocumentKind(raw["kind"]) if raw.get("kind") else None
            skipped = bool(raw.get("skipped"))
            skip_reason = str(raw.get("skip_reason", ""))
        except Exception:  # any malformed entry: check the file instead
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
        the key changes as soon as the rule does. The entry is written to a temporary file
        in the same folder and renamed over its name, so an interrupted run leaves either
        the whole entry or none."""
        if self.folder is None or self.disabled_because is not None or result.error is not None:
            return
        # A timeout depends on the machine's load, not only on the content: never kept.
        if any(diagnostic.rule in _NOT_KEPT for diagnostic in result.diagnostics):
            return
        entry = {
            "skipped": result.skipped,
            "skip_reason": result.skip_reason,
            "kind": result.kind.value if result.kind else None,
            "diagnostics": [diagnostic.to_plain() for diagnostic in result.diagnostics],
        }
        target = self.folder / f"{digest}.json"
        temporary = target.with_name(f"{target.stem}.{os.getpid()}.tmp")
        try:
            self._prepare(self.folder)
            temporary.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, target)
        except CacheFolderRefused as exc:
            self.disabled_because = str(exc)
        except OSError as exc:
            self.disabled_because = f"cannot write to {self.root}: {exc.strerror or exc}"
        except BaseException:  # Ctrl-C: leave no temporary file behind
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise

    def _prepare(self, folder: Path) -> None:
        """On first write: create the cache folder (marked, and tagged so backup tools and git
        skip it) and this configuration's folder, and remove the folders of configurations
        not used for a while."""
        if self._prepared:
            return
        self._prepared = True
        claim_folder(self.root, {"CACHEDIR.TAG": CACHEDIR_TAG, ".gitignore": GITIGNORE})
        fresh = not folder.is_dir()
        claim_folder(folder)
        if fresh:
            self._prune(folder)
        else:
            os.utime(folder)

    def _prune(self, folder: Path) -> None:
        """Keep the newest few configuration folders; only marked ones are candidates."""
        try:
            stale = configuration_folders(self.root, keep=folder.name)[KEPT_CONFIGURATIONS:]
            for old in stale:
                remove_configuration_folder(old)
        except OSError:
            pass  # another run may be pruning the same folders
