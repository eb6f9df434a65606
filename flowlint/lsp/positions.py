"""Character offsets ↔ LSP positions, in the encoding the client negotiated.

flowlint works in character offsets (Python string indices, i.e. Unicode code points). LSP
positions are a 0-based line and a column counted in UTF-8 bytes, UTF-16 code units or code
points, whichever the client and server agreed on at initialization (Neovim asks for UTF-8,
Emacs for UTF-32, VS Code gets UTF-16). The unit counting is delegated to pygls' negotiated
`PositionCodec`; the line table is ours, because LSP lines end only at `\\n`, `\\r\\n` or `\\r`,
while `str.splitlines` (which pygls uses) also breaks at U+2028, form feeds and other
characters that may sit unescaped inside a JSON string.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

Span = tuple[int, int]


def _line_starts(text: str) -> list[int]:
    """Offsets where lines start. Without carriage returns every step runs in C (split, len,
    accumulate): a few milliseconds for a 1 MB flow instead of tens."""
    if "\r" in text:
        return [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
    lengths = map(len, text.split("\n"))
    starts = [0]
    starts.extend(accumulate(map((1).__add__, lengths)))
    starts.pop()  # the running total after the last line is the text's length plus one
    return starts


CHECKPOINT = 1024
"""On a long line with non-ASCII characters, the client-unit column is remembered every this
many characters, so a minified one-line flow converts positions without rescanning the line."""


class LineTable:
    """Line starts of one text, for converting offsets to positions and back."""

    def __init__(self, text: str, codec: PositionCodec) -> None:
        self.text = text
        self.codec = codec
        self._starts = _line_starts(text)
        self._encoding = str(codec.encoding)
        # Whether the client counts code points: then columns need no conversion at all.
        self._counts_code_points = codec.client_num_units("\U0001f600") == 1
        self._checkpoints: dict[int, list[int] | None] = {}

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def _line_bounds(self, line: int) -> tuple[int, int]:
        """Start offset and end offset (before the line break) of a 0-based line."""
        start = self._starts[line]
        if line + 1 < len(self._starts):
            end = self._starts[line + 1]
            if self.text[end - 1] == "\n":
                end -= 2 if end - 2 >= start and self.text[end - 2] == "\r" else 1
            else:
                end -= 1
        else:
            end = len(self.text)
        return start, end

    def _units(self, segment: str) -> int:
        """Length of `segment` in the client's units (the codec's, computed in C for the
        usual encodings)."""
        if segment.isascii():
            return len(segment)
        if self._encoding == "utf-16":
            return len(segment.encode("utf-16-le", "surrogatepass")) // 2
        if self._encoding == "utf-8":
            return len(segment.encode("utf-8", "surrogatepass"))
        return int(self.codec.client_num_units(segment))

    def _line_checkpoints(self, line: int, start: int, end: int) -> list[int] | None:
        """Units before every CHECKPOINT-th character of the line; None for ASCII lines."""
        if line in self._checkpoints:
            return self._checkpoints[line]
        found: list[int] | None = None
        if not self.text[start:end].isascii():
            found = [0]
            for chunk_start in range(start, end, CHECKPOINT):
                chunk = self.text[chunk_start : min(chunk_start + CHECKPOINT, end)]
                found.append(found[-1] + self._units(chunk))
        self._checkpoints[line] = found
        return found

    def position(self, offset: int) -> types.Position:
        """The LSP position of a character offset (clamped to the text)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        start, end = self._line_bounds(line)
        # An offset inside a "\r\n" pair counts as the end of the line.
        column = min(offset, end) - start
        if self._counts_code_points:
            return types.Position(line=line, character=column)
        checkpoints = self._line_checkpoints(line, start, end)
        if checkpoints is None:
            return types.Position(line=line, character=column)
        chunk = column // CHECKPOINT
        base = start + chunk * CHECKPOINT
        units = checkpoints[chunk] + self._units(self.text[base : start + column])
        return types.Position(line=line, character=units)

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.position(span[0]), end=self.position(span[1]))

    def offset(self, position: types.Position) -> int:
        """The character offset of an LSP position; past the end of a line means its end."""
        if position.line < 0:
            return 0
        if position.line >= len(self._starts):
            return len(self.text)
        start, end = self._line_bounds(position.line)
        wanted = max(position.character, 0)
        if self._counts_code_points:
            return min(start + wanted, end)
        checkpoints = self._line_checkpoints(position.line, start, end)
        if checkpoints is None:
            return min(start + wanted, end)
        chunk = max(bisect.bisect_right(checkpoints, wanted) - 1, 0)
        index = start + chunk * CHECKPOINT
        if index >= end:
            return end
        units = checkpoints[chunk]
        while index < end and units < wanted:
            units += self._units(self.text[index])
            index += 1
        return index

    def line_text(self, line: int) -> str:
        """The text of a 0-based line without its line break."""
        start, end = self._line_bounds(line)
        return self.text[start:end]

    def line_start(self, offset: int) -> int:
        """Offset of the start of the line holding `offset`."""
        return self._starts[bisect.bisect_right(self._starts, offset) - 1]

    def line_end(self, offset: int) -> int:
        """Offset of the end of the line holding `offset` (before its line break)."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return self._line_bounds(line)[1]
