"""The project around an open document, for the editor: which flows and Functions it works with
(`flowlint.project`), and which documents to re-lint when one of them is saved. Going to
definition into them is `flowlint.lsp.project_navigation`.

Projects are read from disk, per configuration root and folder, and kept until a file of
theirs is saved or a watched file changes: a subflow's unsaved edits count once saved.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from lsprotocol import types

from flowlint.lsp.project_config import ProjectConfig
from flowlint.project.model import Place, Project
from flowlint.run.project_sources import find_project


class EditorProjects:
    """Projects by (configuration root, document folder), read on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._projects: dict[tuple[str, str], Project | None] = {}

    def for_document(self, config: ProjectConfig, path: str) -> Project | None:
        """The project of the document at `path` (None for untitled buffers and files that
        belong to none)."""
        if not os.path.isabs(path):
            return None
        key = (str(config.root), os.path.dirname(path))
        with self._lock:
            if key in self._projects:
                return self._projects[key]
        project = find_project(config.root, [path], config.settings, always_walk=True)
        with self._lock:
            self._projects[key] = project
        return project

    def involves(self, path: str) -> bool:
        """Whether a known project holds the file (a flow or a Function source)."""
        absolute = os.path.abspath(path)
        with self._lock:
            projects = [project for project in self._projects.values() if project is not None]
        return any(
            project.flow_at(absolute) is not None
            or any(function.path == absolute for function in project.functions)
            for project in projects
        )

    def forget(self) -> None:
        with self._lock:
            self._projects.clear()


EDITOR_PROJECTS = EditorProjects()


def place_location(place: Place) -> types.Location:
    """A place in another file as an LSP location (its 1-based code-point columns, exact on
    the ASCII JSON structure places point at)."""
    start, end = place.range
    return types.Location(
        uri=Path(place.path).absolute().as_uri(),
        range=types.Range(
            start=types.Position(line=start.line - 1, character=start.column - 1),
            end=types.Position(line=end.line - 1, character=end.column - 1),
        ),
    )
