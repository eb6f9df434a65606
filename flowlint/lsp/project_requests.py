"""What the handlers (`flowlint.lsp.handlers`) do across a project's files: tell the projects
about open buffers and re-lint a subflow's parents, take a snapshot of the open documents for
a request, and run that request on a worker thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from flowlint.lsp.analysis import document_path
from flowlint.lsp.project_files import EDITOR_PROJECTS
from flowlint.lsp.project_references import ProjectFiles
from flowlint.lsp.server import FlowlintServer
from flowlint.project.model import Project

R = TypeVar("R")


def buffer_changed(ls: FlowlintServer, uri: str, text: str | None) -> None:
    """Tell the projects about an open buffer's text (None: closed), and when it is a flow
    of a project (a subflow), re-lint the open documents of that project after the dependent
    debounce: their findings depend on its contract (flowlint/lsp/project_files.py)."""
    path = document_path(uri)
    if text is None:
        EDITOR_PROJECTS.drop_buffer(path)
    else:
        EDITOR_PROJECTS.set_buffer(path, text)
    if not EDITOR_PROJECTS.involves(path):
        return
    paths = {document_path(other): other for other in ls.scheduler.states}
    dependents = [paths[other] for other in EDITOR_PROJECTS.dependents(path, list(paths))]
    ls.scheduler.schedule_dependents(dependents)
    if dependents and ls.pull_diagnostics and ls.refresh_supported:
        ls.workspace_diagnostic_refresh(None)


def files_of(ls: FlowlintServer, uri: str) -> tuple[ProjectFiles, str]:
    """The open documents as they are now (for work on another thread), and `uri`'s path."""
    documents = {document_path(u): s.document for u, s in ls.scheduler.states.items()}
    return ProjectFiles.snapshot(documents, ls.workspace.position_codec), document_path(uri)


def project_at(ls: FlowlintServer, path: str, files: ProjectFiles) -> Project | None:
    """The project of the document at `path`, seen through the open buffers; `files` learn
    the project root's `.json` files (a walk of the disk: call it off the event loop)."""
    config = ls.configs.for_path(path)
    project = EDITOR_PROJECTS.for_document(config, path)
    if project is not None:
        files.walked = EDITOR_PROJECTS.json_files(config, path)
    return project


async def off_the_loop(work: Callable[[], R]) -> R:
    """Run work across the project's files (reading and parsing other flows: a few hundred
    milliseconds the first time on a large project) on a worker thread, so the event loop goes
    on taking the user's edits meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(None, work)
