"""A unified diff of two versions of a file's text, safe to print.

`check --fix --diff`, `fmt --diff` and `diff` (for files that are not flows) print it. Lines
break only at `\\r\\n`, `\\r` and `\\n`: a JSON string may hold U+2028 or NEL as they are, and
`str.splitlines` would cut the line there. Control and bidirectional characters of the file
are escaped on each line (`text_safety`), so a diff of a hostile flow shows what is there
instead of acting on the terminal; tabs and each line's own ending are kept, so a diff of
ordinary text still applies with `patch`.
"""

from __future__ import annotations

import difflib
import re

from flowlint.source.text_safety import escape_unsafe

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")

NO_NEWLINE = "\n\\ No newline at end of file\n"


def lines_of(text: str) -> list[str]:
    """The lines of `text`, each with its ending (the last one may have none)."""
    return _LINE.findall(text)


def unified_diff(before: str, after: str, from_label: str, to_label: str) -> str:
    """The change from `before` to `after`; empty when they are equal."""
    out: list[str] = []
    for line in difflib.unified_diff(
        lines_of(before), lines_of(after), fromfile=from_label, tofile=to_label
    ):
        body = line.rstrip("\r\n")
        ending = line[len(body) :] or NO_NEWLINE
        out.append(escape_unsafe(body, keep="\t") + ending)
    return "".join(out)
