"""Every flow of the real corpus: formatting never changes what the JSON means, is
idempotent, and refuses (rather than mangles) what it cannot format."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowlint.fmt import CannotFormat, format_flow_text
from flowlint.fmt.formatter import format_flow_text as format_text
from tests.fmt.corpus import corpus_files, parsed

pytestmark = pytest.mark.skipif(not corpus_files(), reason="the real corpus is not available")


def _outcomes() -> list[tuple[Path, str, str | CannotFormat]]:
    outcomes: list[tuple[Path, str, str | CannotFormat]] = []
    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        try:
            outcomes.append((path, text, format_flow_text(text)))
        except CannotFormat as problem:
            outcomes.append((path, text, problem))
    return outcomes


def test_meaning_is_kept_and_formatting_is_idempotent() -> None:
    formatted = [(path, text, out) for path, text, out in _outcomes() if isinstance(out, str)]
    assert len(formatted) >= 100  # 110 of the 122 flows parse
    for path, text, out in formatted:
        assert parsed(out) == parsed(text), path.name
        assert format_text(out) == out, path.name
        assert out.endswith("}\n") and "\t" not in out.split('"')[0], path.name


def test_key_order_is_the_console_order_after_formatting() -> None:
    for path, _, out in _outcomes():
        if not isinstance(out, str):
            continue
        value = parsed(out)
        if "states" not in value:
            continue
        assert [
            key for key in value if key in ("description", "states", "initial_state", "flags")
        ] == [key for key in ("description", "states", "initial_state", "flags") if key in value], (
            path.name
        )
        for widget in value["states"]:
            order = [key for key in widget if key in ("name", "type", "transitions", "properties")]
            assert order == sorted(order, key=["name", "type", "transitions", "properties"].index)


def test_files_that_are_not_json_are_refused_not_changed() -> None:
    refused = [(path, out) for path, _, out in _outcomes() if isinstance(out, CannotFormat)]
    assert refused, "the corpus holds invalid templates (`${...}` outside strings)"
    for path, problem in refused:
        assert problem.invalid, path.name
        assert "not valid JSON" in problem.message or "duplicate key" in problem.message, path.name
