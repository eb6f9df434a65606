"""Open documents: their text as the editor has it, and how offsets move as it is edited.

The server keeps its own copy of every open buffer (instead of pygls' workspace) so that edits
are applied with LSP line semantics and in linear time on megabyte-sized flows. Every edit is
also logged as "characters [start, end) became `length` new characters", which lets a model
built from an older text (the last one that was valid JSON) answer questions about the current
text: an offset in today's buffer is mapped back to where it was in that older text, and
ranges found there are mapped forward again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from flowlint.lsp.positions import LineTable, Span

MAX_LOGGED_EDITS = 64
"""Older edits are folded into one covering edit beyond this many (mapping stays correct
outside the folded region, and costs O(edits) per lookup)."""


@dataclass(frozen=True)
class Edit:
    """Characters [start, old_end) of the text at `revision - 1` were replaced by `new_length`
    characters, giving the text at `revision`."""

    revision: int
    start: int
    old_end: int
    new_length: int

    @property
    def delta(self) -> int:
        return self.new_length - (self.old_end - self.start)


def _fold(first: Edit, second: Edit) -> Edit:
    """One edit with the effect of `first` then `second` (covering both regions)."""
    # The region [start, end) of the text between the two edits covers what both touched;
    # outside it, that text came unchanged from before `first`.
    start = min(first.start, second.start)
    end = max(first.start + first.new_length, second.old_end)
    return Edit(second.revision, start, end - first.delta, end - start + second.delta)


def _common_prefix(first: str, second: str, limit: int) -> int:
    """Length of the common prefix (binary search over slices: C-speed comparisons)."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if first[low:middle] == second[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(first: str, second: str, limit: int) -> int:
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if (
            first[len(first) - middle : len(first) - low]
            == second[len(second) - middle : len(second) - low]
        ):
            low = middle
        else:
            high = middle - 1
    return low


def changed_region(old: str, new: str) -> tuple[int, int, int]:
    """The smallest region that differs: (start, end in `old`, end in `new`)."""
    prefix = _common_prefix(old, new, min(len(old), len(new)))
    suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix)
    return prefix, len(old) - suffix, len(new) - suffix


@dataclass
class OpenDocument:
    """An open buffer: URI, text, LSP version, and the log of edits since older analyses."""

    uri: str
    text: str
    version: int
    language_id: str
    codec: PositionCodec
    revision: int = 0
    """Counts every change to the text (LSP versions are the client's, and may jump)."""
    edits: list[Edit] = field(default_factory=list)
    _lines: LineTable | None = field(default=None, repr=False)

    @property
    def lines(self) -> LineTable:
        """The line table of the current text, built on first use after each change."""
        if self._lines is None or self._lines.text is not self.text:
            self._lines = LineTable(self.text, self.codec)
        return self._lines

    def lines_if_built(self) -> LineTable | None:
        """The line table last built (for any text; compare its `text`), without building
        one: safe to call from another thread."""
        return self._lines

    # -- changing the text ---------------------------------------------------------------------

    def apply_changes(
        self, version: int, changes: list[types.TextDocumentContentChangeEvent]
    ) -> None:
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                lines = self.lines
                start = lines.offset(change.range.start)
                end = max(lines.offset(change.range.end), start)
                self._replace(start, end, change.text)
            else:
                # A whole-document change: log only the part that differs, so the model of
                # the previous text still maps onto everything around it.
                start, old_end, new_end = changed_region(self.text, change.text)
                self._replace(start, old_end, change.text[start:new_end])
        self.version = version

    def _replace(self, start: int, end: int, new_text: str) -> None:
        self.text = self.text[:start] + new_text + self.text[end:]
        self.revision += 1
        self.edits.append(Edit(self.revision, start, end, len(new_text)))
        if len(self.edits) > MAX_LOGGED_EDITS:
            self.edits[0:2] = [_fold(self.edits[0], self.edits[1])]

    def forget_edits_before(self, revision: int) -> None:
        """Drop edits no kept analysis needs (those at or before `revision`)."""
        keep = 0
        while keep < len(self.edits) and self.edits[keep].revision <= revision:
            keep += 1
        if keep:
            del self.edits[:keep]

    # -- mapping offsets between revisions -----------------------------------------------------

    def _edits_after(self, revision: int) -> list[Edit]:
        return [edit for edit in self.edits if edit.revision > revision]

    def to_current(
        self, offset: int, revision: int, *, is_end: bool = False, clamp: bool = False
    ) -> int | None:
        """Where an offset in the text at `revision` is now. An offset inside text replaced
        since is None, or with `clamp` the nearest end of the replacement."""
        for edit in self._edits_after(revision):
            if offset < edit.start or (is_end and offset == edit.start):
                continue
            if offset >= edit.old_end:
                offset += edit.delta
                continue
            if not clamp:
                return None
            offset = edit.start + edit.new_length if is_end else edit.start
        return offset

    def span_to_current(self, span: Span, revision: int, *, clamp: bool = False) -> Span | None:
        start = self.to_current(span[0], revision, clamp=clamp)
        end = self.to_current(span[1], revision, is_end=True, clamp=clamp)
        if start is None or end is None or end < start:
            return None
        return start, end

    def to_revision(self, offset: int, revision: int) -> tuple[int, bool]:
        """Where a current offset was in the text at `revision`, and whether that is exact
        (False: the offset is inside text typed since, and maps to where that typing began)."""
        exact = True
        for edit in reversed(self._edits_after(revision)):
            new_end = edit.start + edit.new_length
            if offset < edit.start:
                continue
            if offset >= new_end:
                offset -= edit.delta
                continue
            if offset != edit.start:
                exact = False
            offset = edit.start
        return offset, exact
