"""What the server keeps about one open document: its text and its latest analyses."""

from __future__ import annotations

from dataclasses import dataclass

from flowlint.lsp.analysis import Analysis
from flowlint.lsp.documents import OpenDocument
from flowlint.model.widget_memo import WidgetMemo


@dataclass
class DocumentState:
    """Everything the server keeps about one open document."""

    document: OpenDocument
    latest: Analysis | None = None
    """The most recent analysis, whatever its outcome."""
    last_good: Analysis | None = None
    """The most recent analysis of text that was a valid flow (kept while the buffer is
    broken, for navigation and completion)."""
    memo: WidgetMemo | None = None
    """Per-widget results of the previous lint, reused by the next
    (flowlint/model/widget_memo.py); used only on the analysis thread."""

    def install(self, analysis: Analysis, *, fresh: bool) -> None:
        """Keep a finished analysis: as the latest result when its text is still current, and
        as the navigation model when it holds a usable flow (even if outdated)."""
        if fresh:
            self.latest = analysis
        if analysis.model_usable and (
            self.last_good is None or analysis.revision >= self.last_good.revision
        ):
            self.last_good = analysis
        kept = [a.revision for a in (self.latest, self.last_good) if a is not None]
        if kept:
            self.document.forget_edits_before(min(kept))

    @property
    def ever_a_flow(self) -> bool:
        return self.last_good is not None and self.last_good.is_flow
