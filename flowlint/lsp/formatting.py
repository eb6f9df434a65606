"""`textDocument/formatting`: the `flowlint fmt` layout as edits to the open document.

The edits replace only the lines that change (a reformatted widget does not move the cursor
out of an untouched one), each range in the original text as LSP asks. The client's
`tabSize`/`insertSpaces` are not used: the layout is the Console's, two spaces, whatever the
editor's own settings. A buffer that is not a flow or not valid JSON gets no edits (`null`),
so formatting never half-rewrites a file being typed.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import accumulate

from lsprotocol import types

from flowlint.fmt import CannotFormat, format_flow_text
from flowlint.lsp.documents import OpenDocument

_LINE = re.compile(r"[^\n]*\n|[^\n]+$")

MAX_DIFFED_LINES = 50_000
"""Above this, one edit replaces the whole text (the line diff would cost more than it saves)."""


def formatting_edits(document: OpenDocument) -> list[types.TextEdit] | None:
    """The edits that give `document` the Console layout: [] when it has it already, None
    when it cannot be formatted."""
    try:
        formatted = format_flow_text(document.text)
    except CannotFormat:
        return None
    if formatted == document.text:
        return []
    lines = document.lines
    return [
        types.TextEdit(range=lines.range(span), new_text=text)
        for span, text in changed_lines(document.text, formatted)
    ]


def changed_lines(old: str, new: str) -> list[tuple[tuple[int, int], str]]:
    """(span in `old`, replacement) for each run of lines that differs, in order."""
    old_lines = _LINE.findall(old)
    new_lines = _LINE.findall(new)
    if len(old_lines) + len(new_lines) > MAX_DIFFED_LINES:
        return [((0, len(old)), new)]
    starts = list(accumulate(map(len, old_lines), initial=0))
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    return [
        ((starts[first], starts[last]), "".join(new_lines[start:end]))
        for tag, first, last, start, end in matcher.get_opcodes()
        if tag != "equal"
    ]
