"""Positions: every node of a JSON text is found at its exact span, escapes and emoji included."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from flowlint.source.pointer import format_pointer, parse_pointer
from flowlint.source.text import LineIndex, decode_source
from flowlint.source.tree import parse_json


def _walk(value: object, pointer: tuple[str | int, ...] = ()):  # type: ignore[no-untyped-def]
    yield pointer, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(child, (*pointer, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, (*pointer, index))


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_values, st.sampled_from([None, 0, 2]), st.booleans())
def test_every_span_decodes_to_its_value(
    value: object, indent: int | None, ascii_only: bool
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    tree = parse_json(text).tree
    assert tree is not None
    for pointer, expected in _walk(value):
        span = tree.value_span(pointer)
        assert span is not None
        assert json.loads(text[span[0] : span[1]]) == expected
        if pointer and isinstance(pointer[-1], str):
            key_span = tree.key_span(pointer)
            assert (
                key_span is not None and json.loads(text[key_span[0] : key_span[1]]) == pointer[-1]
            )
        if span[1] > span[0]:
            found, _ = tree.node_at(span[0])
            assert found[: len(pointer)] == pointer or found == pointer


def test_nearest_span_falls_back_to_the_parent() -> None:
    tree = parse_json('{"states": [{"name": "a"}]}').tree
    assert tree is not None
    prefix, span = tree.nearest_span(("states", 0, "properties", "body"))
    assert prefix == ("states", 0) and span == (12, 25)


def test_pointer_round_trip() -> None:
    pointer = ("states", 3, "properties", "a/b~c")
    assert format_pointer(pointer) == "/states/3/properties/a~1b~0c"
    assert parse_pointer("/states/3/properties/a~1b~0c") == pointer
    assert parse_pointer("#/states/3/properties/timeout") == ("states", 3, "properties", "timeout")


def test_line_columns_count_characters_and_bom_is_stripped() -> None:
    text = decode_source('\ufeff{"a": "😀é", "b": 1}'.encode())
    assert text.startswith("{")
    tree = parse_json(text).tree
    assert tree is not None
    span = tree.value_span(("b",))
    assert span is not None
    assert LineIndex(text).line_column(span[0]) == (1, 18)


def test_syntax_error_positions() -> None:
    for text, offset, message in [
        ('{"a": 1,}', 8, "expected an object key"),
        ("[1 2]", 3, "expected ',' between items"),
        ('{"a": 1} {"b": 2}', 9, "extra data after the JSON value"),
        ('{"a": tru}', 6, "expected a JSON value"),
    ]:
        problem = parse_json(text).syntax
        assert problem is not None
        assert problem.span[0] == offset, text
        assert problem.message.startswith(message), problem.message


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab \n\r\u2028\x85\x0b", max_size=30))
def test_line_index_counts_only_cr_lf_and_crlf_as_line_breaks(text: str) -> None:
    import re

    expected = [0, *(match.end() for match in re.finditer(r"\r\n|\r|\n", text))]
    index = LineIndex(text)
    assert index.line_count == len(expected)
    for line, start in enumerate(expected, 1):
        assert index.line_start(line) == start


_LINE_TEXT = st.lists(st.sampled_from(["a", "é", "\r", "\n", "\r\n", "\u2028", "\x0b", "😀"]))


@settings(max_examples=300, deadline=None)
@given(_LINE_TEXT.map("".join))
def test_line_column_matches_a_character_by_character_count(text: str) -> None:
    """Every offset, including one between a \r and its \n (it is on the \r's line)."""
    index = LineIndex(text)
    line, column = 1, 1
    for offset in range(len(text) + 1):
        assert index.line_column(offset) == (line, column), (text, offset)
        if offset == len(text):
            break
        character = text[offset]
        if character == "\n" or (character == "\r" and not text.startswith("\n", offset + 1)):
            line, column = line + 1, 1
        else:
            column += 1


def test_parse_keeps_duplicates_and_errors_exact() -> None:
    text = '{"states": [{"name": "a"}], "states": [{"name": "b"}, {"name": "c"}]}'
    parsed = parse_json(text)
    assert parsed.tree is not None
    assert parsed.tree.value == json.loads(text)
    assert [d.key for d in parsed.duplicates] == ["states"]
    assert parsed.tree.value_span(("states", 1)) == (text.index('{"name": "c"}'), len(text) - 2)
    broken = '{"states": [{"name": "a"},, {"name": "b"}]}'
    problem = parse_json(broken).syntax
    assert problem is not None and problem.span[0] == broken.index(",,") + 1
