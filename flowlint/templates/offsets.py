"""Map offsets of a rendered template back to the template text.

Text copied unchanged maps one to one; a substituted value maps as a whole onto its
placeholder, so a finding inside a value points at the `${NAME}` that produced it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass
class OffsetMap:
    """Segments of the rendered text, each with the template span it came from."""

    _rendered_starts: list[int] = field(default_factory=list)
    _segments: list[tuple[int, int, int, int, bool]] = field(default_factory=list)
    """(rendered start, rendered end, template start, template end, copied unchanged)."""

    def add(self, rendered: tuple[int, int], template: tuple[int, int], copied: bool) -> None:
        """Append the next segment (segments come in rendered order)."""
        if rendered[0] == rendered[1] and copied:
            return
        self._rendered_starts.append(rendered[0])
        self._segments.append((*rendered, *template, copied))

    def to_template(self, offset: int, *, end: bool = False) -> int:
        """The template offset of a rendered offset; `end` for the end of a span (a span
        ending at a substituted value's end ends at its placeholder's end)."""
        if not self._segments:
            return offset
        index = bisect_right(self._rendered_starts, offset) - 1
        if end:
            # The end of a span belongs to the segment it closes, not the one it opens.
            while index > 0 and self._segments[index][0] == offset:
                index -= 1
        index = max(index, 0)
        r_start, r_end, t_start, t_end, copied = self._segments[index]
        if copied:
            return t_start + min(max(offset - r_start, 0), t_end - t_start)
        if offset <= r_start and not end:
            return t_start
        return t_end if end or offset >= r_end else t_start

    def span_to_template(self, start: int, end: int) -> tuple[int, int]:
        mapped_start = self.to_template(start)
        return mapped_start, max(mapped_start, self.to_template(end, end=True))
