"""A flow model seen from the current buffer.

Requests arrive with positions in the current text, but the newest flow model may come from an
older text: the buffer is half-typed, or the debounced lint has not run yet. `ModelView` pairs
the last good analysis with the open document and translates offsets between the two through
the edits made since. When the texts are the same, every translation is the identity.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from flowlint.lsp.analysis import Analysis
from flowlint.lsp.document_state import DocumentState
from flowlint.lsp.documents import OpenDocument
from flowlint.lsp.flow_index import FlowIndex
from flowlint.model.documents import Document
from flowlint.source.tree import JsonTree

Span = tuple[int, int]


@dataclass
class ModelView:
    document: OpenDocument
    analysis: Analysis

    @property
    def fresh(self) -> bool:
        """Whether the model was built from exactly the current text."""
        return self.analysis.revision == self.document.revision

    @property
    def index(self) -> FlowIndex:
        return self.analysis.index

    @property
    def tree(self) -> JsonTree:
        result = self.analysis.result
        assert result is not None and result.tree is not None
        return result.tree

    @property
    def model(self) -> Document:
        result = self.analysis.result
        assert result is not None and result.document is not None
        return result.document

    def offset_at(self, position: types.Position) -> tuple[int, bool]:
        """The model offset of a position in the current text, and whether it is exact."""
        current = self.document.lines.offset(position)
        if self.fresh:
            return current, True
        return self.document.to_revision(current, self.analysis.revision)

    def current_span(self, span: Span, *, clamp: bool = False) -> Span | None:
        """Where a span of the model's text is in the current text: None if edited away, or
        with `clamp` stretched over the edits that touch it."""
        if self.fresh:
            return span
        return self.document.span_to_current(span, self.analysis.revision, clamp=clamp)

    def current_range(self, span: Span, *, clamp: bool = False) -> types.Range | None:
        current = self.current_span(span, clamp=clamp)
        if current is None:
            return None
        return self.document.lines.range(current)


def view_of(state: DocumentState) -> ModelView | None:
    """The view over the last good model of a document, if it ever had one."""
    analysis = state.last_good
    if analysis is None or not analysis.model_usable:
        return None
    return ModelView(state.document, analysis)
