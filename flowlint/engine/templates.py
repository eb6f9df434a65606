"""What the linter does with a template once it has linted the rendered text.

Every finding is moved from the rendered text to the template through the `OffsetMap`; a
finding about a neutral whole value (a `0` standing in for `${TIMEOUT}`) is dropped, since that
value is made up; a literal that a placeholder produced is no literal; and each placeholder
with no value is named (the linter reports it at its `${...}` as `undefined-placeholder`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowlint.diagnostics import Diagnostic, Position, Range
from flowlint.model.suggest import did_you_mean
from flowlint.source.text import LineIndex
from flowlint.templates.render import Rendering
from flowlint.templates.scan import Placeholder

if TYPE_CHECKING:
    from flowlint.engine.settings import Settings

UNDEFINED_PLACEHOLDER = "undefined-placeholder"
LITERAL_VALUE = "literal-environment-value"


def in_template(
    diagnostics: list[Diagnostic], rendering: Rendering, input_problems: set[str]
) -> list[Diagnostic]:
    """The findings on the rendered text, at their places in the template."""
    lines = LineIndex(rendering.template)
    moved = []
    for diagnostic in diagnostics:
        if diagnostic.rule not in input_problems and _about_neutral(diagnostic, rendering):
            continue
        diagnostic = _moved(diagnostic, rendering, lines)
        if diagnostic.rule == LITERAL_VALUE and rendering.template.startswith(
            "${", diagnostic.start_offset
        ):
            continue  # the value came from a placeholder
        moved.append(diagnostic)
    return moved


def undefined(rendering: Rendering, settings: Settings) -> list[tuple[Placeholder, str]]:
    """Placeholders without a value and the message for each: those the chosen environment
    lacks; with none chosen, those no environment defines (only when environments are
    configured: before that, every name is fine)."""
    name = settings.environment
    if name is not None:
        known = list(settings.environments[name].entries)
        return [
            (
                placeholder,
                f"`${{{placeholder.name}}}` has no value in environment '{name}'"
                f"{did_you_mean(placeholder.name, known)} (add `{placeholder.name} = ...` to "
                "its table)",
            )
            for placeholder in rendering.missing
        ]
    if not settings.environments:
        return []
    profiles = settings.environments.values()
    known = sorted({key for profile in profiles for key in profile.entries})
    return [
        (
            placeholder,
            f"no environment defines `${{{placeholder.name}}}`"
            f"{did_you_mean(placeholder.name, known)} "
            f"(environments: {', '.join(settings.environments)})",
        )
        for placeholder in rendering.placeholders
        if placeholder.name not in known
    ]


def _about_neutral(diagnostic: Diagnostic, rendering: Rendering) -> bool:
    return any(
        start <= diagnostic.start_offset and diagnostic.end_offset <= end
        for start, end in rendering.neutral_spans
    )


def _moved(diagnostic: Diagnostic, rendering: Rendering, lines: LineIndex) -> Diagnostic:
    offsets = rendering.offsets
    start, end = offsets.span_to_template(diagnostic.start_offset, diagnostic.end_offset)
    related = tuple(
        note
        if note.path is not None  # a place in another file (a subflow's): already right
        else note._replace(
            range=_range(lines, *offsets.span_to_template(note.start_offset, note.end_offset)),
            start_offset=offsets.to_template(note.start_offset),
            end_offset=offsets.to_template(note.end_offset, end=True),
        )
        for note in diagnostic.related
    )
    return diagnostic._replace(
        range=_range(lines, start, end), start_offset=start, end_offset=end, related=related
    )


def _range(lines: LineIndex, start: int, end: int) -> Range:
    return Range(Position(*lines.line_column(start)), Position(*lines.line_column(end)))
