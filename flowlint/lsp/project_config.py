"""The project configuration each document is linted with, kept in step with the file on disk.

A document is linted with the configuration `flowlint check` would use for it: the nearest
`flowlint.toml`, `.flowlint.toml` or `pyproject.toml` with a `[tool.flowlint]` table in its
folder or above. Discovery and a `stat` of the file run before every analysis (a few
microseconds), so an edited, created or deleted configuration is picked up even by editors that
do not report file changes; `workspace/didChangeWatchedFiles` additionally triggers an
immediate re-lint of the open documents.
"""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from flowlint.engine import Linter
from flowlint.settings import ConfigError, Settings

logger = logging.getLogger(__name__)

CONFIG_FILE_NAMES = ("flowlint.toml", ".flowlint.toml", "pyproject.toml")
"""Looked for in this order in each folder, from the document's folder upwards."""

MAX_CACHED_CONFIGS = 8

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
            self._relative_cache[path] = cached
        return cached


def _stamp(path: Path) -> Stamp | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def _declares_flowlint(pyproject: Path) -> bool:
    try:
        return "[tool.flowlint" in pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def find_config_file(directory: Path) -> Path | None:
    """The configuration file governing documents in `directory`, if any."""
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILE_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and not _declares_flowlint(candidate):
                continue
            return candidate
    return None


def load_settings(config_path: Path | None) -> Settings:
    """Settings from a configuration file, exactly as `flowlint check` reads them."""
    if config_path is None:
        return Settings()
    try:
        from flowlint import config as config_module  # type: ignore[attr-defined]
    except ImportError:
        return Settings()
    loaded: Settings = config_module.load_settings(config_path)
    return loaded


class ProjectConfigs:
    """Finds and caches the configuration of each document."""

    def __init__(self, fallback_root: Path | None = None) -> None:
        self.fallback_root = fallback_root or Path.cwd()
        self._cache: OrderedDict[Path | None, ProjectConfig] = OrderedDict()
        self.generation = 0
        """Bumped whenever a configuration changes, so cached results can be told stale."""

    def for_path(self, path: str) -> ProjectConfig:
        directory = Path(path).parent if os.path.isabs(path) else self.fallback_root
        config_path = find_config_file(directory)
        stamp = _stamp(config_path) if config_path is not None else None
        cached = self._cache.get(config_path)
        if cached is not None and cached.stamp == stamp:
            self._cache.move_to_end(config_path)
            return cached
        config = self._load(config_path, stamp)
        if cached is not None:
            self.generation += 1
        self._cache[config_path] = config
        while len(self._cache) > MAX_CACHED_CONFIGS:
            self._cache.popitem(last=False)
        return config

    def _load(self, config_path: Path | None, stamp: Stamp | None) -> ProjectConfig:
        root = config_path.parent if config_path is not None else self.fallback_root
        try:
            settings = load_settings(config_path)
            return ProjectConfig(config_path, root, settings, Linter(settings), stamp)
        except ConfigError as exc:
            error = f"{config_path}: {exc}; linting with the default settings meanwhile"
        except Exception as exc:  # a broken config must never stop the server
            logger.exception("loading %s failed", config_path)
            error = f"{config_path}: {type(exc).__name__}: {exc}"
        settings = Settings()
        try:
            linter: Linter | None = Linter(settings)
        except Exception:
            logger.exception("the default settings failed to load")
            linter = None
        return ProjectConfig(config_path, root, settings, linter, stamp, error)

    def forget(self) -> None:
        """Drop every cached configuration (after a watched configuration file changed)."""
        self._cache.clear()
        self.generation += 1
