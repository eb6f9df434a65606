"""Keeping python-liquid's lexer linear on hostile templates.

python-liquid tokenizes with one big regular expression whose alternatives backtrack to the
end of the text in three cases, once per start position, so their cost grows with the
square of the template (a message of 8,000 `{{` took 14 s, 200 KB did not finish in an
hour, and no signal can interrupt the `re` module):

- an output `{{` or a tag `{%` with no `}}` / `%}` anywhere after it (each `{` of a run of
  `{{{{…` is tried again);
- a `{% raw %}` or `{% doc %}` with no `endraw` / `enddoc` after it;
- a long run of whitespace inside `{{ … }}` or `{% … %}`.

`bounded_source(text)` finds the first unclosed construct and cuts the text there (the
library reports the first problem anyway; the message for the cut-off construct comes from
parsing a short piece of it), and shortens whitespace runs, keeping a map back to the
original offsets. Each step is one linear scan.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

LONG_WHITESPACE = 64
"""Whitespace runs longer than this are shortened to this length."""

PIECE_LENGTH = 256
"""How much of an unclosed construct is handed to python-liquid for its error message."""

_WHITESPACE_RUN = re.compile(r"\s{" + str(LONG_WHITESPACE + 1) + ",}")
_RAW_OR_DOC = re.compile(r"\{%-?\s*(raw|doc)\s*-?%\}")


class BoundedSource(NamedTuple):
    """What python-liquid may safely read, and how to find original offsets again."""

    text: str
    """The template, cut before its first unclosed construct, whitespace runs shortened."""
    unclosed_at: int
    """Original offset of the first unclosed construct, or -1 if there is none."""
    run_ends: tuple[int, ...]
    """Offsets in `text` where a shortened run ends, ascending."""
    removed: tuple[int, ...]
    """Characters removed up to and including each of those runs."""

    def original_offset(self, offset: int) -> int:
        """The offset in the original template of `offset` in `text`."""
        if offset < 0 or not self.run_ends:
            return offset
        index = bisect_right(self.run_ends, offset)
        return offset + (self.removed[index - 1] if index else 0)


def first_unclosed(text: str) -> int:
    """Offset of the first `{{`, `{%`, `{% raw %}` or `{% doc %}` that is never closed."""
    candidates = []
    last_output_end = text.rfind("}}")
    output = text.find("{{", last_output_end + 2 if last_output_end >= 0 else 0)
    if output >= 0:
        candidates.append(output)
    last_tag_end = text.rfind("%}")
    tag = text.find("{%", last_tag_end + 2 if last_tag_end >= 0 else 0)
    if tag >= 0:
        candidates.append(tag)
    if "{%" in text:
        for name in ("raw", "doc"):
            closing = [match.end() for match in re.finditer(r"\{%-?\s*end" + name, text)]
            start = closing[-1] if closing else 0
            for opening in _RAW_OR_DOC.finditer(text, start):
                if opening.group(1) == name:
                    candidates.append(opening.start())
                    break
    return min(candidates, default=-1)


def bounded_source(text: str) -> BoundedSource:
    """`text` made safe for python-liquid's lexer (see the module docstring)."""
    unclosed = first_unclosed(text)
    kept = text if unclosed < 0 else text[:unclosed]
    if not _WHITESPACE_RUN.search(kept):
        return BoundedSource(kept, unclosed, (), ())
    pieces: list[str] = []
    run_ends: list[int] = []
    removed: list[int] = []
    total_removed = 0
    position = 0
    length = 0
    for run in _WHITESPACE_RUN.finditer(kept):
        pieces.append(kept[position : run.start() + LONG_WHITESPACE])
        length += run.start() + LONG_WHITESPACE - position
        total_removed += len(run.group()) - LONG_WHITESPACE
        run_ends.append(length)
        removed.append(total_removed)
        position = run.end()
    pieces.append(kept[position:])
    return BoundedSource("".join(pieces), unclosed, tuple(run_ends), tuple(removed))
