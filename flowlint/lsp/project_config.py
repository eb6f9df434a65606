"""The project configuration each document is linted with, kept in step with the file on disk.

A document is linted with the configuration `flowlint check` run from the document's folder
would use: the nearest `.flowlint.toml`, `flowlint.toml` or `pyproject.toml` with a
`[tool.flowlint]` table, found and read by `flowlint.config`. Discovery and a `stat` of the
file run before every analysis (well under a millisecond), so an edited, created or deleted
configuration is picked up even by editors that do not report file changes; `workspace/didChangeWatchedFiles` additionally triggers an
immediate re-lint of the open documents.

The `rules-dirs` a configuration names are Python from the repository: they load only when
the client said the workspace is trusted (`initializationOptions.trustedWorkspace`, which the
VS Code extension sets from `vscode.workspace.isTrusted`); otherwise they are skipped and the
user is warned once. Editor settings sent later cannot turn this on: in VS Code a workspace's
own `.vscode/settings.json` is among them.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from flowlint.config import find_config_file, load_settings
from flowlint.config.trust import EDITOR_HOW_TO_TRUST
from flowlint.engine.linter import Linter
from flowlint.engine.settings import ConfigError, Settings

logger = logging.getLogger(__name__)

MAX_CACHED_CONFIGS = 8
MAX_RELATIVE_PATHS = 4096
"""Relative paths a configuration remembers (one per document linted with it): a long session
opens ever new files, and the cache must not keep every name it ever saw."""

Stamp = tuple[int, int]


@dataclass
class ProjectConfig:
    """Settings (and the linter built from them) for the documents under one config file."""

    config_path: Path | None
    root: Path
    """Folder that `include`/`exclude`/per-file globs are relative to."""
    settings: Settings
    linter: Linter | None
    stamp: Stamp | None = None
    error: str | None = None
    """Why the configuration could not be used (the defaults apply meanwhile)."""
    warnings: list[str] = field(default_factory=list)
    """What the configuration asks for that was left out (rule folders of an untrusted
    workspace), for the user to see once."""
    _relative_cache: dict[str, str] = field(default_factory=dict, repr=False)

    def relative_path(self, path: str) -> str:
        """`path` relative to the project root when under it (as `flowlint check` run from the
        root would name it), else unchanged."""
        cached = self._relative_cache.get(path)
        if cached is None:
            try:
                cached = Path(path).relative_to(self.root).as_posix()
            except ValueError:
                cached = path
            if len(self._relative_cache) >= MAX_RELATIVE_PATHS:
                self._relative_cache.clear()
            self._relative_cache[path] = cached
        return cached


def _stamp(path: Path) -> Stamp | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


class ProjectConfigs:
    """Finds and caches the configuration of each document."""

    def __init__(self, fallback_root: Path | None = None) -> None:
        self.fallback_root = fallback_root or Path.cwd()
        self.trusted = False
        """The client said the workspace is trusted: configured `rules-dirs` may load."""
        self._cache: OrderedDict[Path | None, ProjectConfig] = OrderedDict()
        self.generation = 0
        """Bumped whenever a configuration changes, so cached results can be told stale."""
        self._lock = threading.Lock()
        self._default: tuple[Settings, Linter | None] | None = None

    def for_path(self, path: str) -> ProjectConfig:
        """The configuration governing the document at `path` (reloaded if its file changed)."""
        with self._lock:
            return self._for_path(path)

    def _for_path(self, path: str) -> ProjectConfig:
        directory = Path(path).parent if os.path.isabs(path) else self.fallback_root
        try:
            found = find_config_file(directory)
        except ConfigError as exc:  # e.g. a pyproject.toml that is not valid TOML
            return self._broken(directory, str(exc))
        config_path = found.path if found is not None else None
        stamp = _stamp(config_path) if config_path is not None else None
        key = config_path or directory
        cached = self._cache.get(key)
        if cached is not None and cached.stamp == stamp:
            self._cache.move_to_end(key)
            return cached
        config = self._load(config_path, directory, stamp)
        if cached is not None:
            self.generation += 1
        self._cache[key] = config
        while len(self._cache) > MAX_CACHED_CONFIGS:
            self._cache.popitem(last=False)
        return config

    def _load(
        self, config_path: Path | None, directory: Path, stamp: Stamp | None
    ) -> ProjectConfig:
        try:
            resolved = load_settings(directory, explicit=config_path, trust_rules_dirs=self.trusted)
            linter = Linter(resolved.settings, registry=resolved.registry)
            config = ProjectConfig(config_path, resolved.root, resolved.settings, linter, stamp)
            config.warnings = resolved.trust_warnings(EDITOR_HOW_TO_TRUST)
            return config
        except ConfigError as exc:
            return self._broken(directory, str(exc), config_path, stamp)
        except Exception as exc:  # a broken configuration must never stop the server
            logger.exception("loading the configuration for %s failed", directory)
            return self._broken(directory, f"{type(exc).__name__}: {exc}", config_path, stamp)

    def _broken(
        self,
        directory: Path,
        error: str,
        config_path: Path | None = None,
        stamp: Stamp | None = None,
    ) -> ProjectConfig:
        """Lint with the default settings while the configuration cannot be used."""
        if self._default is None:
            settings = Settings()
            try:
                self._default = (settings, Linter(settings))
            except Exception:
                logger.exception("the default settings failed to load")
                self._default = (settings, None)
        settings, linter = self._default
        root = config_path.parent if config_path is not None else directory
        message = f"{error} (linting with the default settings until it is fixed)"
        return ProjectConfig(config_path, root, settings, linter, stamp, message)

    def forget(self) -> None:
        """Drop every cached configuration (after a watched configuration file changed)."""
        with self._lock:
            self._cache.clear()
            self.generation += 1
