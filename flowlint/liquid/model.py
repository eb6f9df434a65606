"""What the analysis of one Liquid template yields. Offsets are into the template text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

Segment = Union[str, int, "tuple[Segment, ...]"]
"""One step of a variable path: a name, an index, or a nested path used as a key
(`items[widgets.menu.Digits]`)."""


@dataclass(frozen=True)
class VariablePath:
    """A variable the template reads, e.g. `widgets.lookup.parsed.name`."""

    segments: tuple[Segment, ...]
    start: int
    end: int
    filters: tuple[str, ...] = ()
    """Filters applied directly to this variable in an output (`{{ x | default: 'a' }}`)."""
    tested: bool = False
    """The variable is (part of) the condition of an `if`, `elsif`, `unless` or `case` tag."""

    @property
    def names(self) -> tuple[str, ...]:
        """The leading run of plain-name segments (`widgets.a.b[0].c` → widgets, a, b)."""
        names = []
        for segment in self.segments:
            if not isinstance(segment, str):
                break
            names.append(segment)
        return tuple(names)


@dataclass(frozen=True)
class FilterUse:
    """A filter applied somewhere in the template."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class LiquidProblem:
    """Why the parser rejected the template, and the span of the offending markup."""

    message: str
    start: int
    end: int


@dataclass(frozen=True)
class TemplateAnalysis:
    """Everything flowlint reads from one template."""

    variables: tuple[VariablePath, ...] = ()
    filters: tuple[FilterUse, ...] = ()
    error: LiquidProblem | None = None
