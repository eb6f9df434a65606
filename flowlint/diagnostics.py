"""What a finding is: rule, severity, message, widget and an exact range in the file."""

import enum
from typing import Any, NamedTuple

from flowlint.source.edits import Fix
from flowlint.source.pointer import Pointer, format_pointer


class Severity(enum.IntEnum):
    """How bad a finding is. Ordered, so `severity >= fail_on` decides the exit code."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}: use error, warning or info") from None


class Position(NamedTuple):
    """A 1-based line and a 1-based column counted in characters (Unicode code points)."""

    line: int
    column: int


class Range(NamedTuple):
    start: Position
    end: Position


class RelatedLocation(NamedTuple):
    """Another place a finding concerns, with a note (SARIF relatedLocations, LSP
    relatedInformation): e.g. the other widgets of an unreachable island, or the subflow
    file's widget a parent flow's run-subflow contract is about (then `path` names that
    file; None means the finding's own file)."""

    message: str
    range: Range
    start_offset: int
    end_offset: int
    path: str | None = None


class Diagnostic(NamedTuple):
    """One finding, ready to report. Offsets are kept for editors with other column units.

    A named tuple rather than a frozen dataclass: immutable and comparable all the same, and
    its class costs a seventh as much to create when every command starts (~0.15 ms, not 1.1).
    """

    path: str
    code: str
    rule: str
    severity: Severity
    message: str
    widget: str | None
    pointer: Pointer
    range: Range
    start_offset: int
    end_offset: int
    related: tuple[RelatedLocation, ...] = ()
    fix: Fix | None = None
    """What the rule proposes to repair the finding (see flowlint/fix/)."""

    @property
    def pointer_text(self) -> str:
        return format_pointer(self.pointer)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.range.start.line, self.range.start.column, self.code, self.message)

    def to_plain(self) -> list[Any]:
        """The diagnostic without its path, as lists, strings and numbers: what the results
        cache stores as JSON."""
        start, end = self.range
        plain = [
            self.code,
            self.rule,
            int(self.severity),
            self.message,
            self.widget,
            list(self.pointer),
            [start.line, start.column, end.line, end.column],
            [self.start_offset, self.end_offset],
        ]
        if self.related or self.fix is not None:
            plain.append(
                [
                    [
                        note.message,
                        [note.range.start.line, note.range.start.column],
                        [note.range.end.line, note.range.end.column],
                        [note.start_offset, note.end_offset],
                        *([note.path] if note.path is not None else []),
                    ]
                    for note in self.related
                ]
            )
        if self.fix is not None:
            plain.append(self.fix.to_plain())
        return plain

    @classmethod
    def from_plain(cls, path: str, raw: list[Any]) -> "Diagnostic":
        """The inverse of `to_plain` for a file at `path`."""
        code, rule, severity, message, widget, pointer, lines, offsets = raw[:8]
        related = tuple(
            RelatedLocation(
                note[0],
                Range(Position(*note[1]), Position(*note[2])),
                note[3][0],
                note[3][1],
                note[4] if len(note) > 4 else None,
            )
            for note in (raw[8] if len(raw) > 8 else ())
        )
        start_line, start_column, end_line, end_column = lines
        fix = Fix.from_plain(raw[9]) if len(raw) > 9 else None
        return cls(
            path=path,
            code=code,
            rule=rule,
            severity=Severity(severity),
            message=message,
            widget=widget,
            pointer=tuple(pointer),
            range=Range(Position(start_line, start_column), Position(end_line, end_column)),
            start_offset=offsets[0],
            end_offset=offsets[1],
            related=related,
            fix=fix,
        )
