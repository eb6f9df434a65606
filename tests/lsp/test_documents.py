"""Open documents: incremental edits applied as the client meant them, and offsets mapped
between an older text (the last good model) and the current one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from flowlint.lsp.documents import OpenDocument, changed_region
from tests.lsp.support import Text

ORIGINAL = (
    "".join(chr(0x4E00 + i) for i in range(40)) + "\n" + "".join(chr(0x5E00 + i) for i in range(30))
)
"""Every character unique, so where each one went is known."""

EDIT = st.tuples(
    st.floats(0, 1), st.floats(0, 1), st.text(alphabet="xy\n👋", max_size=5), st.booleans()
)


def _document(text: str) -> OpenDocument:
    return OpenDocument("file:///t.json", text, 1, "json", PositionCodec("utf-16"))


@settings(max_examples=200, deadline=None)
@given(edits=st.lists(EDIT, max_size=90))
def test_edits_and_offset_mapping(edits: list[tuple[float, float, str, bool]]) -> None:
    document = _document(ORIGINAL)
    expected = ORIGINAL
    for version, (a, b, inserted, whole) in enumerate(edits, start=2):
        start = int(a * len(expected))
        end = start + int(b * (len(expected) - start) * 0.3)
        new_text = expected[:start] + inserted + expected[end:]
        if whole:
            change: types.TextDocumentContentChangeEvent = (
                types.TextDocumentContentChangeWholeDocument(text=new_text)
            )
        else:
            oracle = Text(expected)
            change = types.TextDocumentContentChangePartial(
                range=types.Range(start=oracle.position(start), end=oracle.position(end)),
                text=inserted,
            )
        document.apply_changes(version, [change])
        expected = new_text
        assert document.text == expected
    for offset, character in enumerate(ORIGINAL):
        now = document.to_current(offset, 0)
        if now is not None:  # None: edited away, or inside folded old edits (unknown)
            assert document.text[now] == character
        if character in document.text and character != "\n":  # typed text may hold newlines
            back, exact = document.to_revision(document.text.index(character), 0)
            if exact:
                assert back == offset


def test_a_whole_document_change_is_narrowed_to_what_differs() -> None:
    assert changed_region("abcdef", "abXdef") == (2, 3, 3)
    assert changed_region("abc", "abc") == (3, 3, 3)
    assert changed_region("", "new") == (0, 0, 3)
    assert changed_region("aaa", "aa") == (2, 3, 2)
