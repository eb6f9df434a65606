"""The project around an open document, for the editor: which flows and Functions it works with
(`flowlint.project`), which open documents depend on a flow, and the open buffers that stand in
for files on disk. Going to definition into them is `flowlint.lsp.project_navigation`;
references and rename across them, `flowlint.lsp.project_references`.

Projects are found on disk, per configuration root and folder, and kept until a file of theirs
is saved or a watched file changes. An open buffer of a project flow replaces that file's facts
(its unsaved contract counts at once); while the buffer is not a valid flow (half-typed JSON),
the last contract read from it, else from disk, stays in force, so parents do not flicker with
findings about a subflow that is merely being typed.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import threading
from dataclasses import replace
from pathlib import Path

from lsprotocol import types

from flowlint.lsp.project_config import ProjectConfig
from flowlint.project.facts import read_flow_facts
from flowlint.project.model import FlowFacts, Place, Project
from flowlint.run.project_sources import MAX_PROJECT_FILES, find_project, project_json_files


class EditorProjects:
    """Projects by (configuration root, document folder), read on first use, seen through the
    open buffers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._projects: dict[tuple[str, str], Project | None] = {}
        self._buffers: dict[str, tuple[int, str]] = {}
        """Open buffers by absolute path: (a stamp that changes with the text, the text)."""
        self._buffer_facts: dict[str, tuple[int, FlowFacts | None]] = {}
        """The facts read from each buffer (stamp they were read at; None: not a flow yet)."""
        self._overlaid: dict[tuple[str, str], tuple[int, Project | None]] = {}
        self._walked: dict[str, list[str]] = {}
        self._stamps = itertools.count(1)
        self._generation = 0

    def for_document(
        self, config: ProjectConfig, path: str, *, linting: bool = False
    ) -> Project | None:
        """The project of the document at `path` (None for untitled buffers and files that
        belong to none), with the open buffers' contracts in place of their files'.

        `linting`: for the lint of that document, whose rules read the contracts of the
        flows it runs, never its own: its own buffer is not read again (40 ms a keystroke on
        a 130 kB subflow) when it changed; the last facts read from it stand in."""
        if not os.path.isabs(path):
            return None
        key = (str(config.root), os.path.dirname(path))
        with self._lock:
            known = key in self._projects
            base = self._projects.get(key)
            overlaid = self._overlaid.get(key)
            generation = self._generation
        if not known:
            base = find_project(config.root, [path], config.settings, always_walk=True)
            with self._lock:
                self._projects[key] = base
        if base is None:
            return None
        if overlaid is not None and overlaid[0] == generation:
            return overlaid[1]
        own = os.path.abspath(path)
        if linting and base.flow_at(own) is not None and self._outdated(own):
            return self._overlay(base, keep=own)  # not kept: the others need the fresh one
        project = self._overlay(base)
        with self._lock:
            if self._generation == generation:
                self._overlaid[key] = (generation, project)
        return project

    def _outdated(self, path: str) -> bool:
        """Whether the buffer of `path` changed since its facts were last read."""
        with self._lock:
            buffer = self._buffers.get(path)
            known = self._buffer_facts.get(path)
        return buffer is not None and (known is None or known[0] != buffer[0])

    def _overlay(self, base: Project, keep: str | None = None) -> Project:
        """`base` with each open flow's buffer facts (`keep`'s last ones, without reading)."""
        flows = [
            self._last_flow(facts) if facts.path == keep else self._buffer_flow(facts)
            for facts in base.flows
        ]
        if all(new is old for new, old in zip(flows, base.flows, strict=True)):
            return base
        digest = hashlib.sha256(base.fingerprint.encode())
        for facts in flows:
            digest.update(facts.digest.encode())
        # New lookup tables: replace() would hand the base's to __post_init__.
        return replace(
            base, flows=flows, fingerprint=digest.hexdigest()[:24], _by_sid={}, _by_path={}
        )

    def _last_flow(self, facts: FlowFacts) -> FlowFacts:
        with self._lock:
            known = self._buffer_facts.get(facts.path)
        return known[1] if known is not None and known[1] is not None else facts

    def _buffer_flow(self, facts: FlowFacts) -> FlowFacts:
        """The facts of an open buffer of this flow's file, or `facts` (from disk) when it is
        not open or has never been a valid flow."""
        with self._lock:
            buffer = self._buffers.get(facts.path)
            known = self._buffer_facts.get(facts.path)
        if buffer is None:
            return facts
        stamp, text = buffer
        if known is None or known[0] != stamp:
            read = read_flow_facts(
                facts.path,
                text.encode("utf-8", errors="replace"),
                sid=facts.sid,
                friendly_name=facts.friendly_name,
            )
            if read is not None:
                read = replace(
                    read, sid=facts.sid, source=facts.source, other_sids=facts.other_sids
                )
            elif known is not None:
                read = known[1]  # half-typed: the last contract read from the buffer stands
            known = (stamp, read)
            with self._lock:
                if self._buffers.get(facts.path, (None,))[0] == stamp:
                    self._buffer_facts[facts.path] = known
        return known[1] if known[1] is not None else facts

    def json_files(self, config: ProjectConfig, path: str) -> list[str]:
        """The `.json` files of the project root around `path` (the bounded walk discovery
        does; empty outside a project root), read once per root until `forget`."""
        key = str(config.root)
        with self._lock:
            known = self._walked.get(key)
        if known is None:
            found = project_json_files(config.root, [path], config.settings)
            known = [os.path.abspath(one) for one in found[:MAX_PROJECT_FILES]]
            with self._lock:
                self._walked[key] = known
        return known

    # -- open buffers ------------------------------------------------------------------------

    def set_buffer(self, path: str, text: str) -> None:
        """An open document's current text (cheap: read lazily, when a project needs it)."""
        if not os.path.isabs(path):
            return
        with self._lock:
            self._buffers[os.path.abspath(path)] = (next(self._stamps), text)
            self._generation += 1

    def drop_buffer(self, path: str) -> None:
        """The document was closed: its file on disk counts again."""
        absolute = os.path.abspath(path)
        with self._lock:
            self._buffers.pop(absolute, None)
            self._buffer_facts.pop(absolute, None)
            self._generation += 1

    def buffer_text(self, path: str) -> str | None:
        with self._lock:
            buffer = self._buffers.get(os.path.abspath(path))
        return buffer[1] if buffer is not None else None

    # -- who depends on whom -------------------------------------------------------------------

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

    def dependents(self, path: str, candidates: list[str]) -> list[str]:
        """The `candidates` (paths of open documents) whose project holds the flow at `path`,
        other than that file itself: the documents to re-lint when it changes."""
        absolute = os.path.abspath(path)
        with self._lock:
            folders = {
                folder
                for (_, folder), project in self._projects.items()
                if project is not None and project.flow_at(absolute) is not None
            }
        return [
            candidate
            for candidate in candidates
            if os.path.abspath(candidate) != absolute and os.path.dirname(candidate) in folders
        ]

    def forget(self) -> None:
        """Read the projects from disk again (a file was saved, or a watched file changed);
        the open buffers stay."""
        with self._lock:
            self._projects.clear()
            self._overlaid.clear()
            self._walked.clear()
            self._generation += 1


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
