"""flowlint.source.text_safety: what is escaped, how, and that JSON data survives exactly."""

from __future__ import annotations

import json

from flowlint.source.text_safety import (
    escape_unsafe,
    escape_unsafe_in_json,
    escape_unsafe_with_columns,
)


def test_controls_and_bidi_are_written_as_python_writes_them() -> None:
    text = "a\x1b[2J\t\n\r\x00\x7f\x9b\u202e\u2066\u200f\u061c\u2028\ud800\ufffe b"
    assert escape_unsafe(text) == (
        "a\\x1b[2J\\t\\n\\r\\x00\\x7f\\x9b\\u202e\\u2066\\u200f\\u061c\\u2028\\ud800\\ufffe b"
    )


def test_ordinary_text_is_unchanged() -> None:
    text = "café 日本 🦉 \\n %0A ::set-env"
    assert escape_unsafe(text) == text


def test_keep_leaves_a_format_s_own_line_breaks() -> None:
    assert escape_unsafe("one\ntwo\x1b", keep="\n") == "one\ntwo\\x1b"


def test_columns_follow_each_character_into_the_escaped_text() -> None:
    escaped, columns = escape_unsafe_with_columns('"x\u202ey"')
    assert escaped == '"x\\u202ey"'
    assert columns == [0, 1, 2, 8, 9, 10]
    plain, identity = escape_unsafe_with_columns("abc")
    assert (plain, identity) == ("abc", [0, 1, 2, 3])


def test_json_keeps_the_data_and_writes_no_raw_control_character() -> None:
    data = {"name": "a\x9b\u202e\x1b\n\u2028", "list": [1, 2]}
    document = escape_unsafe_in_json(json.dumps(data, indent=2, ensure_ascii=False))
    assert json.loads(document) == data
    assert "\\u009b" in document and "\\u202e" in document and "\\u2028" in document
    assert "\x9b" not in document and "\u202e" not in document
