"""The engine's hook for templates: lint the rendered text, report in the template.

Every finding is moved from the rendered text to the template through the `OffsetMap`; a
finding about a neutral whole value (a `0` standing in for `${TIMEOUT}`) is dropped, since that
value is made up; and each placeholder with no value is reported at its `${...}`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowlint.diagnostics import Diagnostic, Position, Range, Severity
from flowlint.source.text import LineIndex
from flowlint.suggest import did_you_mean
from flowlint.templates.render import Rendering, render
from flowlint.templates.scan import Placeholder

if TYPE_CHECKING:
    from flowlint.engine import FileResult, Linter

UNDEFINED_PLACEHOLDER = "undefined-placeholder"
LITERAL_VALUE = "literal-environment-value"


def lint_template(linter: Linter, template: str, result: FileResult, *, explicit: bool) -> bool:
    """Lint `template` into `result` if it is a template; False (nothing done) if it is not."""
    settings = linter.settings
    rendering = render(template, settings.environment_values)
    if not rendering.is_template:
        return False
    linter.lint_concrete(rendering.text, result, explicit=explicit)
    if result.skipped:
        return True
    result.text = template
    result.line_index = None
    if rendering.text != template:
        result.tree = None  # its offsets are the rendered text's, not the file's
    lines = result.lines()
    result.diagnostics = [
        _in_template(diagnostic, rendering, lines)
        for diagnostic in result.diagnostics
        if diagnostic.rule in linter.input_problems or not _about_neutral(diagnostic, rendering)
    ]
    # A value that a placeholder produced is no literal written in the file.
    result.diagnostics = [
        diagnostic
        for diagnostic in result.diagnostics
        if diagnostic.rule != LITERAL_VALUE
        or not template.startswith("${", diagnostic.start_offset)
    ]
    found = len(result.diagnostics)
    for placeholder in _undefined(rendering, linter):
        linter._engine_diagnostic(
            result,
            UNDEFINED_PLACEHOLDER,
            _message(placeholder, linter),
            None,
            (placeholder.start, placeholder.end),
        )
    added = result.diagnostics[found:]
    if settings.environment is None:  # no environment chosen: a hint to define it, not an error
        added = [
            d if d.rule in linter.overridden else d._replace(severity=Severity.WARNING)
            for d in added
        ]
    result.diagnostics = result.diagnostics[:found] + linter._filter(result.path, added)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return True


def _about_neutral(diagnostic: Diagnostic, rendering: Rendering) -> bool:
    return any(
        start <= diagnostic.start_offset and diagnostic.end_offset <= end
        for start, end in rendering.neutral_spans
    )


def _in_template(diagnostic: Diagnostic, rendering: Rendering, lines: LineIndex) -> Diagnostic:
    offsets = rendering.offsets
    start, end = offsets.span_to_template(diagnostic.start_offset, diagnostic.end_offset)
    related = tuple(
        note._replace(
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


def _undefined(rendering: Rendering, linter: Linter) -> list[Placeholder]:
    """Placeholders the chosen environment lacks; with none chosen, those no environment
    defines (only when environments are configured: before that, every name is fine)."""
    settings = linter.settings
    if settings.environment is not None:
        return rendering.missing
    if not settings.environments:
        return []
    return [
        placeholder
        for placeholder in rendering.placeholders
        if not any(placeholder.name in p.entries for p in settings.environments.values())
    ]


def _message(placeholder: Placeholder, linter: Linter) -> str:
    settings = linter.settings
    name = placeholder.name
    if settings.environment is not None:
        known = list(settings.environments[settings.environment].entries)
        return (
            f"`${{{name}}}` has no value in environment '{settings.environment}'"
            f"{did_you_mean(name, known)} (add `{name} = ...` to its table)"
        )
    known = sorted({key for p in settings.environments.values() for key in p.entries})
    return (
        f"no environment defines `${{{name}}}`{did_you_mean(name, known)} "
        f"(environments: {', '.join(settings.environments)})"
    )
