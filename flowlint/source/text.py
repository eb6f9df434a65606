"""Bytes → text, and offsets → line/column.

Every position flowlint reports starts as a character offset into the decoded text. This module
turns offsets into 1-based lines and columns (columns count Unicode code points, like Python
string indices) and, for the language server, into UTF-8 or UTF-16 code units.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

_NEWLINE = re.compile(r"\r\n|\r|\n")
_OTHER_BREAKS = re.compile("[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
BOM = "\ufeff"


class DecodeError(Exception):
    """The bytes are not UTF-8; `offset` is the character offset where decoding stopped."""

    def __init__(self, message: str, offset: int, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column


def decode_source(data: bytes) -> str:
    """Decode UTF-8 (with or without a BOM). Raises DecodeError with the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        index = LineIndex(good)
        offset = len(good)
        line, column = index.line_column(offset)
        byte = data[exc.start]
        raise DecodeError(
            f"the file is not valid UTF-8: byte 0x{byte:02x} at byte offset {exc.start} "
            f"cannot be decoded ({exc.reason}); Studio flows are UTF-8 JSON",
            offset,
            line,
            column,
        ) from None


class LineIndex:
    """Maps character offsets to (line, column), both 1-based.

    The table of line starts is built on first need. A command-line run with a handful of
    findings never needs it: each of its first `DIRECT_LOOKUPS` lookups counts the line breaks
    before the offset in C (a 1 MB flow: ~0.2 ms each, against ~8 ms for the table). Lookups
    beyond that, and every other method, use the table.
    """

    DIRECT_LOOKUPS = 16

    def __init__(self, text: str) -> None:
        self.text = text
        self._table: list[int] | None = None
        self._direct_lookups_left = self.DIRECT_LOOKUPS
        self._has_return: bool | None = None

    @property
    def _starts(self) -> list[int]:
        if self._table is None:
            self._table = _line_starts(self.text)
        return self._table

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_column(self, offset: int) -> tuple[int, int]:
        text = self.text
        offset = max(0, min(offset, len(text)))
        if self._table is None and self._direct_lookups_left > 0:
            self._direct_lookups_left -= 1
            if self._has_return is None:
                self._has_return = "\r" in text
            return _count_line_column(text, offset, self._has_return)
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """Inverse of line_column (1-based in, character offset out), clamped to the text."""
        line = max(1, min(line, len(self._starts)))
        start = self._starts[line - 1]
        end = self._starts[line] if line < len(self._starts) else len(self.text)
        return min(start + max(column - 1, 0), end)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its line break."""
        start = self._starts[line - 1]
        end = self._starts[line] if line < len(self._starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_start(self, line: int) -> int:
        return self._starts[line - 1]


def _line_starts(text: str) -> list[int]:
    """Offsets where each line starts; lines end at \\r\\n, \\r or \\n, as in editors and LSP."""
    if _OTHER_BREAKS.search(text) is None:
        # str.splitlines also splits on \\v, \\f, \\x1c-\\x1e, \\x85, \\u2028 and \\u2029, which
        # editors and LSP do not count as line breaks; without them it is the same split,
        # done in C (a 1 MB flow: ~3 ms instead of ~30 ms).
        starts = list(accumulate(map(len, text.splitlines(keepends=True)), initial=0))
        if text and text[-1] not in "\r\n":
            starts.pop()  # the text's end is not the start of another line
        return starts
    return [0, *(match.end() for match in _NEWLINE.finditer(text))]


def _count_line_column(text: str, offset: int, has_return: bool) -> tuple[int, int]:
    """(line, column) of `offset` found by counting line breaks before it, with the table's
    answer: an offset between the \\r and \\n of one break belongs to the line the \\r ends."""
    if offset and text[offset - 1] == "\r" and text.startswith("\n", offset):
        line, column = _count_line_column(text, offset - 1, has_return)
        return line, column + 1
    breaks = text.count("\n", 0, offset)
    line_start = text.rfind("\n", 0, offset) + 1
    if has_return:
        breaks += text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
        line_start = max(line_start, text.rfind("\r", 0, offset) + 1)
    return breaks + 1, offset - line_start + 1
