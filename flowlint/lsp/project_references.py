"""Find references and rename across the files of a project: a subflow's output keys and
parameters (`flowlint.lsp.project_sites` finds where they are written).

Open documents are read from their buffers (so ranges and edits fit what the editor shows, and
a rename carries each buffer's version); other files from disk. A rename is refused, with the
reason, when the new key cannot be written in Liquid dot notation, when the subflow already has
a key of that name, or when a file that takes part is not valid JSON right now.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from flowlint.lsp.documents import OpenDocument
from flowlint.lsp.navigation import LIQUID_SAFE_NAME, RenameRefused
from flowlint.lsp.positions import LineTable
from flowlint.lsp.project_sites import (
    PARSES,
    Contract,
    ContractKind,
    ContractSite,
    SiteSearch,
    candidate_paths,
    contract_at,
    contract_sites,
    disk_text,
)
from flowlint.project.model import Project


@dataclass
class ProjectFiles:
    """The open documents (by absolute path) and how to count columns for the client."""

    open_documents: dict[str, OpenDocument]
    codec: PositionCodec

    def text(self, path: str) -> str | None:
        document = self.open_documents.get(path)
        return document.text if document is not None else disk_text(path)

    def uri(self, path: str) -> str:
        document = self.open_documents.get(path)
        return document.uri if document is not None else Path(path).as_uri()

    def lines(self, path: str, text: str) -> LineTable:
        document = self.open_documents.get(path)
        if document is not None and document.text is text:
            return document.lines
        return LineTable(text, self.codec)


def _contract_here(
    files: ProjectFiles, path: str, offset: int, project: Project
) -> tuple[Contract, str] | None:
    """The contract at `offset` of the current text of `path`, with that text."""
    text = files.text(path)
    parsed = PARSES.parse(path, text) if text is not None else None
    if parsed is None:
        return None
    contract = contract_at(parsed, offset, project)
    return (contract, text) if contract is not None and text is not None else None


def _search(files: ProjectFiles, contract: Contract, path: str, project: Project) -> SiteSearch:
    candidates = candidate_paths(project, path, list(files.open_documents))
    return contract_sites(contract, candidates, files.text)


def _range(files: ProjectFiles, site: ContractSite, span: tuple[int, int]) -> types.Range | None:
    text = files.text(site.path)
    return files.lines(site.path, text).range(span) if text is not None else None


def references(
    files: ProjectFiles,
    path: str,
    position: types.Position,
    project: Project | None,
    include_declaration: bool,
) -> list[types.Location]:
    """Every place in the project that writes the output or parameter key under the cursor."""
    if project is None or path not in files.open_documents:
        return []
    offset = files.open_documents[path].lines.offset(position)
    found = _contract_here(files, path, offset, project)
    if found is None:
        return []
    locations = []
    for site in _search(files, found[0], path, project).sites:
        if site.declaration and not include_declaration:
            continue
        current = _range(files, site, site.span)
        if current is not None:
            locations.append(types.Location(uri=files.uri(site.path), range=current))
    return locations


def prepare_rename(
    files: ProjectFiles, path: str, position: types.Position, project: Project | None
) -> types.PrepareRenamePlaceholder | None:
    if project is None or path not in files.open_documents:
        return None
    document = files.open_documents[path]
    offset = document.lines.offset(position)
    found = _contract_here(files, path, offset, project)
    if found is None:
        return None
    contract, _ = found
    for site in _search(files, contract, path, project).sites:
        start, end = site.span
        if site.path == path and start <= offset <= end:
            current = document.lines.range(site.name_span)
            return types.PrepareRenamePlaceholder(range=current, placeholder=contract.key)
    return None


def is_contract(
    files: ProjectFiles, path: str, position: types.Position, project: Project | None
) -> bool:
    """Whether the cursor is on an output or parameter key of a project subflow."""
    if project is None or path not in files.open_documents:
        return False
    offset = files.open_documents[path].lines.offset(position)
    return _contract_here(files, path, offset, project) is not None


def check_new_key(contract: Contract, search: SiteSearch, new: str) -> None:
    """Raise RenameRefused unless `new` can replace the contract's key everywhere."""
    what = "output" if contract.kind is ContractKind.OUTPUT else "parameter"
    if not LIQUID_SAFE_NAME.fullmatch(new):
        raise RenameRefused(
            f"'{new}' cannot be used as a subflow {what} name: use letters, digits and "
            "underscores, not starting with a digit, so that Liquid can read it with dots"
        )
    if new != contract.key and new in search.taken:
        where = "sets" if contract.kind is ContractKind.OUTPUT else "already passes or reads"
        raise RenameRefused(f"the subflow {where} a {what} named '{new}' already")
    if search.unreadable:
        names = ", ".join(Path(path).name for path in search.unreadable)
        raise RenameRefused(f"fix the JSON syntax errors first: {names} is not a valid flow")


def rename(
    files: ProjectFiles,
    path: str,
    position: types.Position,
    new_name: str,
    project: Project | None,
    use_document_changes: bool,
) -> types.WorkspaceEdit:
    """One workspace edit renaming the key under the cursor in the subflow and every parent."""
    if project is None or path not in files.open_documents:
        raise RenameRefused("there is no subflow output or parameter here to rename")
    offset = files.open_documents[path].lines.offset(position)
    found = _contract_here(files, path, offset, project)
    if found is None:
        raise RenameRefused("there is no subflow output or parameter here to rename")
    contract, _ = found
    search = _search(files, contract, path, project)
    check_new_key(contract, search, new_name)
    per_file: dict[str, list[types.TextEdit]] = {}
    if new_name != contract.key:
        for site in search.sites:
            if site.liquid:
                replacement = f".{new_name}" if site.bracketed else new_name
            else:
                replacement = json.dumps(new_name)
            current = _range(files, site, site.span)
            if current is not None:
                edit = types.TextEdit(range=current, new_text=replacement)
                per_file.setdefault(site.path, []).append(edit)
    return _workspace_edit(files, per_file, use_document_changes)


def _workspace_edit(
    files: ProjectFiles, per_file: dict[str, list[types.TextEdit]], use_document_changes: bool
) -> types.WorkspaceEdit:
    """Versioned edits for open documents (the client refuses them if the buffer moved on),
    unversioned ones (`version: null`) for files on disk; a plain `changes` map for clients
    without `documentChanges`."""
    if not use_document_changes:
        return types.WorkspaceEdit(
            changes={files.uri(path): edits for path, edits in per_file.items()}
        )
    changes = []
    for path, edits in per_file.items():
        document = files.open_documents.get(path)
        changes.append(
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=files.uri(path), version=document.version if document else None
                ),
                edits=list(edits),
            )
        )
    return types.WorkspaceEdit(document_changes=changes)
