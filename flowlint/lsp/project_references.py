"""Find references and rename across the files of a project: a subflow's output keys and
parameters (`flowlint.lsp.project_sites` finds where they are written).

Open documents are read from their buffers (so ranges and edits fit what the editor shows, and
a rename carries each buffer's version); other files from disk. A rename is refused, with the
reason, when the new key cannot be written in Liquid dot notation, when the subflow already has
a key of that name, or when a file that takes part is not valid JSON right now.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class OpenBuffer:
    """An open document as it was when a request arrived."""

    uri: str
    version: int
    text: str
    document: OpenDocument


@dataclass
class ProjectFiles:
    """The open documents (by absolute path) as a request found them, and how to count
    columns for the client. Taken on the event loop, so the work can run on another thread
    while the buffers change."""

    open_documents: dict[str, OpenBuffer]
    codec: PositionCodec

    @classmethod
    def snapshot(cls, documents: dict[str, OpenDocument], codec: PositionCodec) -> ProjectFiles:
        return cls(
            {
                path: OpenBuffer(document.uri, document.version, document.text, document)
                for path, document in documents.items()
            },
            codec,
        )

    walked: list[str] = field(default_factory=list)
    """The `.json` files of the project root (`EditorProjects.json_files`)."""
    _disk: dict[str, str | None] = field(default_factory=dict)
    _lines: dict[str, LineTable] = field(default_factory=dict)

    def text(self, path: str) -> str | None:
        """The open buffer's text, else the file's (read once per request)."""
        buffer = self.open_documents.get(path)
        if buffer is not None:
            return buffer.text
        if path not in self._disk:
            self._disk[path] = disk_text(path)
        return self._disk[path]

    def uri(self, path: str) -> str:
        buffer = self.open_documents.get(path)
        return buffer.uri if buffer is not None else Path(path).as_uri()

    def lines(self, path: str, text: str) -> LineTable:
        buffer = self.open_documents.get(path)
        if buffer is not None and buffer.text is text:
            built = buffer.document.lines_if_built()
            if built is not None and built.text is text:
                return built
        known = self._lines.get(path)
        if known is None or known.text is not text:
            known = self._lines[path] = LineTable(text, self.codec)
        return known

    def offset(self, path: str, position: types.Position) -> int | None:
        """The offset of a position in an open document (None: not open)."""
        buffer = self.open_documents.get(path)
        return self.lines(path, buffer.text).offset(position) if buffer is not None else None


def _contract_here(
    files: ProjectFiles, path: str, offset: int | None, project: Project | None
) -> tuple[Contract, str] | None:
    """The contract at `offset` of the current text of `path`, with that text."""
    text = files.text(path)
    if project is None or offset is None or text is None:
        return None
    parsed = PARSES.parse(path, text)
    contract = contract_at(parsed, offset, project) if parsed is not None else None
    return (contract, text) if contract is not None else None


def _search(files: ProjectFiles, contract: Contract, path: str, project: Project) -> SiteSearch:
    candidates = candidate_paths(project, path, list(files.open_documents), files.walked)
    return contract_sites(contract, candidates, files.text, project)


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
    offset = files.offset(path, position)
    found = _contract_here(files, path, offset, project)
    if project is None or found is None:
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
    offset = files.offset(path, position)
    found = _contract_here(files, path, offset, project)
    if project is None or found is None or offset is None:
        return None
    contract, text = found
    for site in _search(files, contract, path, project).sites:
        start, end = site.span
        if site.path == path and start <= offset <= end:
            current = files.lines(path, text).range(site.name_span)
            return types.PrepareRenamePlaceholder(range=current, placeholder=contract.key)
    return None


def is_contract(
    files: ProjectFiles, path: str, position: types.Position, project: Project | None
) -> bool:
    """Whether the cursor is on an output or parameter key of a project subflow."""
    return _contract_here(files, path, files.offset(path, position), project) is not None


def check_new_key(contract: Contract, search: SiteSearch, new: str) -> None:
    """Raise RenameRefused unless `new` can replace the contract's key everywhere."""
    what = "output" if contract.kind is ContractKind.OUTPUT else "parameter"
    if not LIQUID_SAFE_NAME.fullmatch(new):
        raise RenameRefused(
            f"'{new}' cannot be used as a subflow {what} name: use letters, digits and "
            "underscores, not starting with a digit, so that Liquid can read it with dots"
        )
    if new != contract.key and new in search.taken:
        if contract.kind is ContractKind.OUTPUT:
            raise RenameRefused(f"the subflow already sets an output named '{new}'")
        raise RenameRefused(
            f"a parameter named '{new}' is already passed to or read by the subflow"
        )
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
    offset = files.offset(path, position)
    found = _contract_here(files, path, offset, project)
    if project is None or found is None:
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
        buffer = files.open_documents.get(path)
        changes.append(
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=files.uri(path), version=buffer.version if buffer else None
                ),
                edits=list(edits),
            )
        )
    return types.WorkspaceEdit(document_changes=changes)
