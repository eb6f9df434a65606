"""`flowlint fmt` on unedited Console exports of the real corpus: nothing but whitespace may
change, and a file that is byte for byte what the Console wrote must come back as it was
(with a final line break)."""

from __future__ import annotations

import pytest

from flowlint.fmt import format_flow_text
from tests.fmt.corpus import corpus_files, is_console_export, is_console_text, parsed, tokens

pytestmark = pytest.mark.skipif(not corpus_files(), reason="the real corpus is not available")


def _exports() -> list[tuple[str, str]]:
    found = []
    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        try:
            value = parsed(text)
        except ValueError:
            continue
        if is_console_export(value):
            found.append((path.name, text))
    return found


def test_console_exports_change_only_in_whitespace() -> None:
    exports = _exports()
    assert len(exports) >= 70  # 80 in the corpus of 122 flows
    changed = [name for name, text in exports if tokens(format_flow_text(text)) != tokens(text)]
    assert changed == []


def test_console_text_comes_back_unchanged() -> None:
    exact = [(name, text) for name, text in _exports() if is_console_text(text, parsed(text))]
    assert len(exact) >= 40  # 49 in the corpus
    changed = [name for name, text in exact if format_flow_text(text) != text.rstrip("\n") + "\n"]
    assert changed == []
