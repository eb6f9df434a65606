"""Which open documents are Studio flows, and linting them with the CLI's engine.

An `Analysis` is an immutable snapshot: the text of one version of a document, the engine's
`FileResult` for it (diagnostics, JSON tree, flow model) and the LSP diagnostics made from it.
Handlers read snapshots; only the scheduler creates them, on the analysis thread.

Which documents get diagnostics:
- files matching the project's `exclude` globs: none;
- files matching the project's `include` globs: always, like files named on the command line
  (a syntax error or "not a flow" is reported);
- files named `*.flow.json` (the extension the bundled editor clients use for flows): always,
  like `include` matches;
- `*.flowtest.yaml` files (`flowlint test` scenarios): always, checked against their format
  and the flow they name (flowlint/lsp/flowtest_documents.py);
- any other JSON document: only when it looks like a flow (the engine's own test for files
  found by a directory walk). A document that was a flow keeps being treated as one while it is
  half-typed, so its syntax errors are reported even after everything is deleted.
"""

from __future__ import annotations

import enum
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.uris import to_fs_path

from flowlint.engine.linter import FileResult, Linter
from flowlint.engine.settings import path_matches
from flowlint.lsp.diagnostics import to_lsp_diagnostics
from flowlint.lsp.flowtest_documents import flowtest_diagnostics, is_test_file
from flowlint.lsp.positions import LineTable
from flowlint.model.documents import classify
from flowlint.model.widget_memo import WidgetMemo
from flowlint.source.tree import parse_json

if TYPE_CHECKING:
    from flowlint.lsp.documents import OpenDocument
    from flowlint.lsp.flow_index import FlowIndex
    from flowlint.lsp.project_config import ProjectConfig

JSON_LANGUAGE_IDS = frozenset({"json", "jsonc", "studio-flow"})
FLOW_SUFFIX = ".flow.json"

_SURROGATE = re.compile("[\ud800-\udfff]")


class Selection(enum.Enum):
    IGNORED = "ignored"
    """Not JSON, or excluded by the project configuration."""
    SNIFFED = "sniffed"
    """Linted only if it looks like a flow."""
    EXPLICIT = "explicit"
    """Matches the project's `include` globs: always linted."""


def document_path(uri: str) -> str:
    """The file-system path of a `file:` URI, else the URI itself (untitled buffers)."""
    return to_fs_path(uri) or uri


def select(uri: str, language_id: str, config: ProjectConfig) -> Selection:
    path = document_path(uri)
    if language_id not in JSON_LANGUAGE_IDS and not path.lower().endswith(".json"):
        return Selection.IGNORED
    relative = config.relative_path(path)
    settings = config.settings
    if _excluded(relative, settings.exclude):
        return Selection.IGNORED
    if path.lower().endswith(FLOW_SUFFIX) or any(
        path_matches(relative, pattern) for pattern in settings.include
    ):
        return Selection.EXPLICIT
    return Selection.SNIFFED


def _excluded(relative: str, patterns: list[str]) -> bool:
    """Whether the file, or a folder it is in, matches an `exclude` glob (as a directory walk
    of `flowlint check` skips both)."""
    if not patterns:
        return False
    parts = relative.split("/")
    candidates = ["/".join(parts[:depth]) for depth in range(len(parts), 0, -1)]
    return any(path_matches(candidate, pattern) for candidate in candidates for pattern in patterns)


@dataclass
class Analysis:
    """One analysed version of a document."""

    uri: str
    version: int
    revision: int
    text: str
    lines: LineTable
    config: ProjectConfig
    result: FileResult | None
    """None when the document is not linted (not a flow, or ignored)."""
    diagnostics: list[types.Diagnostic] = field(default_factory=list)
    config_generation: int = 0
    is_test_file: bool = False
    """A `*.flowtest.yaml` document: diagnostics, but no flow model."""
    request_cache: dict[Any, Any] = field(default_factory=dict, repr=False)
    """Answers that depend only on this snapshot (e.g. the widget-name completion items),
    kept with it so they are dropped with it."""
    _index: FlowIndex | None = field(default=None, repr=False)
    _index_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def is_flow(self) -> bool:
        return self.result is not None

    @property
    def has_diagnostics(self) -> bool:
        """Whether flowlint judges this document at all (else it stays silent on it)."""
        return self.is_flow or self.is_test_file

    @property
    def model_usable(self) -> bool:
        """Whether this snapshot has a JSON tree and at least one flow to navigate."""
        result = self.result
        return (
            result is not None
            and result.tree is not None
            and result.document is not None
            and bool(result.document.flows)
        )

    @property
    def index(self) -> FlowIndex:
        """Where widgets are defined and referenced (built on first use, once)."""
        with self._index_lock:
            if self._index is None:
                from flowlint.lsp.flow_index import FlowIndex

                assert self.result is not None and self.result.tree is not None
                assert self.result.document is not None
                self._index = FlowIndex(self.result.tree, self.result.document)
            return self._index


def analyse(
    document: OpenDocument,
    text: str,
    version: int,
    revision: int,
    config: ProjectConfig,
    *,
    ever_a_flow: bool = False,
    memo: WidgetMemo | None = None,
) -> Analysis:
    """Lint one version of a document (runs on the analysis thread). `ever_a_flow`: an
    earlier version was a flow, so this one is linted even when it no longer looks like one.
    `memo`: the document's per-widget results of its previous lint, reused where the text of
    a widget is unchanged (flowlint/model/widget_memo.py)."""
    text = valid_unicode(text)
    # The document usually still holds this very text, with its line table already built.
    current = document.lines
    lines = current if current.text is text else LineTable(text, document.codec)
    if is_test_file(document.uri):
        diagnostics = flowtest_diagnostics(document.uri, text, lines)
        return Analysis(
            document.uri,
            version,
            revision,
            text,
            lines,
            config,
            None,
            diagnostics,
            is_test_file=True,
        )
    selection = select(document.uri, document.language_id, config)
    if selection is Selection.IGNORED or config.linter is None:
        return Analysis(document.uri, version, revision, text, lines, config, None)
    explicit = selection is Selection.EXPLICIT or ever_a_flow
    path = config.relative_path(document_path(document.uri))
    # The subflows and Functions this document works with (one analysis thread: no race).
    from flowlint.lsp.project_files import EDITOR_PROJECTS  # model_view imports this module

    config.linter.project = EDITOR_PROJECTS.for_document(
        config, document_path(document.uri), linting=True
    )
    result = _lint(config.linter, text, path, explicit, memo)
    if result.skipped:
        return Analysis(document.uri, version, revision, text, lines, config, None)
    return Analysis(
        document.uri,
        version,
        revision,
        text,
        lines,
        config,
        result,
        to_lsp_diagnostics(result.diagnostics, lines, config.linter, document.uri),
    )


def valid_unicode(text: str) -> str:
    """The text with U+FFFD in place of each lone surrogate (a client can send one, e.g. from
    a UTF-16 buffer cut in the middle of a pair; no file can hold it, and rules that encode
    text would fail on it). Offsets and positions do not move: both are one code point and
    one UTF-16 unit."""
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text)


def _lint(
    linter: Linter, text: str, path: str, explicit: bool, memo: WidgetMemo | None
) -> FileResult:
    if len(text) > linter.settings.max_file_size:
        if not explicit and '"states"' not in text:
            return FileResult(path, skipped=True)
        # Same outcome as the CLI on a file that size: refused unread.
        return linter.lint_bytes(text.encode("utf-8", errors="replace"), path, explicit=explicit)
    result = linter.lint_text(text, path, explicit=explicit, memo=memo)
    if result.unparsable_unnamed:  # a package.json being typed: not ours to judge
        return FileResult(path, skipped=True)
    return result


def model_of_current_text(document: OpenDocument, config: ProjectConfig) -> Analysis | None:
    """A model-only snapshot of the document's current text (no rules run), or None when that
    text is not a valid flow. For requests that edit the text and so must not work from an
    older model (rename, quick fixes)."""
    parsed = parse_json(document.text)
    if parsed.tree is None:
        return None
    model = classify(parsed.tree.value)
    if not model.flows:
        return None
    result = FileResult(
        document_path(document.uri),
        text=document.text,
        kind=model.kind,
        document=model,
        tree=parsed.tree,
    )
    return Analysis(
        document.uri,
        document.version,
        document.revision,
        document.text,
        document.lines,
        config,
        result,
    )
