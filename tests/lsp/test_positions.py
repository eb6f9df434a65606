"""Offsets ↔ LSP positions in UTF-8, UTF-16 and UTF-32, against an independent oracle (plain
tests of the module: the end-to-end tests cover the same over stdio)."""

from __future__ import annotations

import bisect
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from flowlint.lsp import positions
from flowlint.lsp.positions import LineTable

TEXT = st.text(alphabet='ab {}"\n\r\u2028é👋—', max_size=60)


def _units(segment: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(segment.encode("utf-8"))
    if encoding == "utf-16":
        return len(segment.encode("utf-16-le")) // 2
    return len(segment)


def _expected(text: str, offset: int, encoding: str) -> tuple[int, int, bool]:
    """(line, column, whether `offset` is a place a client can name) per the LSP spec: lines
    end at \\n, \\r\\n or \\r only."""
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]
    line = bisect.bisect_right(starts, offset) - 1
    start = starts[line]
    if line + 1 < len(starts):
        following = starts[line + 1]
        end = following - (2 if text[following - 2 : following] == "\r\n" else 1)
    else:
        end = len(text)
    return line, _units(text[start : min(offset, end)], encoding), offset <= end


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
@pytest.mark.parametrize("checkpoint", [3, 1024])
@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_positions_match_the_spec_and_round_trip(encoding: str, checkpoint: int, text: str) -> None:
    saved = positions.CHECKPOINT
    positions.CHECKPOINT = checkpoint  # tiny checkpoints exercise the long-line path
    try:
        _check(text, encoding)
    finally:
        positions.CHECKPOINT = saved


def _check(text: str, encoding: str) -> None:
    table = LineTable(text, PositionCodec(encoding))
    for offset in range(len(text) + 1):
        line, column, nameable = _expected(text, offset, encoding)
        position = table.position(offset)
        assert (position.line, position.character) == (line, column)
        if nameable:
            assert table.offset(position) == offset


def test_a_position_past_the_end_of_a_line_is_its_end() -> None:
    table = LineTable("ab\ncd", PositionCodec("utf-16"))
    assert table.offset(types.Position(line=0, character=99)) == 2
    assert table.offset(types.Position(line=7, character=0)) == 5


def test_u2028_inside_a_string_is_not_a_line_break() -> None:
    text = '{"body": "a\u2028b", "next": "x"}'
    table = LineTable(text, PositionCodec("utf-16"))
    assert table.position(text.index('"next"')) == types.Position(line=0, character=16)
