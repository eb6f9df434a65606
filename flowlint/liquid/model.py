"""What the analysis of one Liquid template yields. Offsets are into the template text.

Named tuples rather than dataclasses: they are created in bulk and cost a tenth of the import
time, which every `flowlint check` pays.
"""

from typing import NamedTuple, Union

Segment = Union[str, int, "tuple[Segment, ...]"]
"""One step of a variable path: a name, an index, or a nested path used as a key
(`items[widgets.menu.Digits]`)."""


class VariablePath(NamedTuple):
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


class FilterUse(NamedTuple):
    """A filter applied somewhere in the template."""

    name: str
    start: int
    end: int


class LiquidProblem(NamedTuple):
    """Why the parser rejected the template, and the span of the offending markup."""

    message: str
    start: int
    end: int


class TemplateAnalysis(NamedTuple):
    """Everything flowlint reads from one template."""

    variables: tuple[VariablePath, ...] = ()
    filters: tuple[FilterUse, ...] = ()
    error: LiquidProblem | None = None
