"""Workspace symbols: the widgets of every flow file in the workspace folders, by name.

Open documents are read from the editor's buffer; other files from disk, walked like
`flowlint check <folder>` walks (`*.json`), each parsed once per (size, mtime) and skipped when
larger than `MAX_FILE_BYTES` (a workspace symbol search must stay quick)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.workspace import PositionCodec

from flowlint.lsp.positions import LineTable
from flowlint.model.documents import classify
from flowlint.run.files import Target, discover
from flowlint.source.text_safety import escape_unsafe
from flowlint.source.tree import parse_json

MAX_FILE_BYTES = 5_000_000
MAX_RESULTS = 1_000


@dataclass(frozen=True)
class WidgetEntry:
    name: str
    widget_type: str
    flow: str
    span: tuple[int, int]


def widgets_in_text(text: str) -> list[WidgetEntry]:
    """The named widgets of a flow file's text with the spans of their names (none when the
    text is not a valid flow)."""
    parsed = parse_json(text)
    if parsed.tree is None:
        return []
    document = classify(parsed.tree.value)
    found = []
    for flow in document.flows:
        for widget in flow.widgets:
            span = parsed.tree.value_span(widget.name_pointer)
            if widget.name is not None and span is not None:
                found.append(WidgetEntry(widget.name, widget.type or "", flow.label or "", span))
    return found


class WorkspaceSymbols:
    """Widget names of the workspace's flow files, cached per file."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[tuple[int, int], str, list[WidgetEntry]]] = {}

    def _from_disk(self, path: str) -> tuple[str, list[WidgetEntry]] | None:
        try:
            info = os.stat(path)
        except OSError:
            return None
        stamp = (info.st_size, info.st_mtime_ns)
        cached = self._files.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1], cached[2]
        if info.st_size > MAX_FILE_BYTES:
            return None
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        entries = widgets_in_text(text)
        self._files[path] = (stamp, text, entries)
        return text, entries

    def search(
        self,
        query: str,
        folders: Iterable[Path],
        open_texts: dict[str, str],
        codec: PositionCodec,
    ) -> list[types.WorkspaceSymbol]:
        """Widgets whose name holds `query`'s characters in order (case-insensitive), from
        the open buffers (by path) and the files on disk."""
        seen: set[str] = set()
        results: list[types.WorkspaceSymbol] = []
        paths: list[str] = list(open_texts)
        for folder in folders:
            for target in discover([str(folder)]):
                if isinstance(target, Target):
                    paths.append(target.path)
        for path in paths:
            resolved = os.path.abspath(path)
            if resolved in seen:
                continue
            seen.add(resolved)
            if path in open_texts:
                text = open_texts[path]
                entries = widgets_in_text(text)
            else:
                loaded = self._from_disk(resolved)
                if loaded is None:
                    continue
                text, entries = loaded
            matching = [entry for entry in entries if _matches(query, entry.name)]
            if not matching:
                continue
            lines = LineTable(text, codec)
            uri = Path(resolved).as_uri()
            for entry in matching:
                results.append(
                    types.WorkspaceSymbol(
                        name=escape_unsafe(entry.name),
                        kind=types.SymbolKind.Function,
                        container_name=escape_unsafe(
                            f"{entry.widget_type} · {Path(resolved).name}"
                        ),
                        location=types.Location(uri=uri, range=lines.range(entry.span)),
                    )
                )
                if len(results) >= MAX_RESULTS:
                    return results
        return results


def _matches(query: str, name: str) -> bool:
    """Fuzzy: the query's characters appear in the name in order (case-insensitive)."""
    remaining = iter(name.lower())
    return all(character in remaining for character in query.lower())
