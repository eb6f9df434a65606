"""Decoded-string offsets map back to file offsets through every kind of JSON escape."""

from __future__ import annotations

import json

import pytest

from flowlint.source.string_offsets import decoded_offsets, string_span
from flowlint.source.tree import parse_json


@pytest.mark.parametrize(
    "value",
    [
        "plain {{ a.b }} text",
        'quote \\" {{ a.b }}',
        "new\nline {{ a.b }}",
        "tab\t and backslash \\ {{ a.b }}",
        "é and \u00e9 {{ a.b }}",
        "emoji 😀 {{ a.b }}",
        "lone surrogate \ud83d {{ a.b }}",
        "slash / {{ a.b }}",
    ],
)
@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_every_decoded_character_maps_to_its_source(value: str, ensure_ascii: bool) -> None:
    text = '{"body": ' + json.dumps(value, ensure_ascii=ensure_ascii) + "}"
    tree = parse_json(text).tree
    assert tree is not None
    start = value.index("{{")
    end = value.index("}}") + 2
    span = string_span(tree, ("body",), start, end)
    assert span is not None
    assert text[span[0] : span[1]] == "{{ a.b }}"
    literal = tree.value_span(("body",))
    assert literal is not None
    offsets = decoded_offsets(text, literal)
    assert len(offsets) == len(value) + 1
    for index, character in enumerate(value):
        raw = text[offsets[index] : offsets[index + 1]]
        assert json.loads('"' + raw + '"') == character


def test_surrogate_pair_escape_is_one_character() -> None:
    text = '{"body": "\\ud83d\\ude00{{ x }}"}'
    tree = parse_json(text).tree
    assert tree is not None
    assert tree.value == {"body": "😀{{ x }}"}
    assert string_span(tree, ("body",), 1, 8) == (22, 29)
    assert text[22:29] == "{{ x }}"


def test_offsets_past_the_string_are_clamped_and_non_strings_give_none() -> None:
    text = '{"body": "a\\nb", "n": 3}'
    tree = parse_json(text).tree
    assert tree is not None
    assert string_span(tree, ("body",), 0, 99) == (10, 14)
    assert string_span(tree, ("n",), 0, 1) is None
    assert string_span(tree, ("missing",), 0, 1) is None
