"""flowlint diagnostics → LSP diagnostics.

Ranges come from the diagnostic's character offsets, converted through the negotiated position
encoding (never from its 1-based code-point columns, which only UTF-32 clients could use). The
rule code links to the rule's section of docs/rules.md, and `data` carries what code actions
need to find the offending node again.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from flowlint.diagnostics import Diagnostic, RelatedLocation, Severity
from flowlint.engine.linter import Linter
from flowlint.lsp.positions import LineTable
from flowlint.rule import Rule
from flowlint.source.text_safety import escape_unsafe

SOURCE = "flowlint"
RULES_DOCS_URL = "https://github.com/flowlint/flowlint/blob/main/docs/rules.md"

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

_TAGS = {
    # Editors grey out code tagged "unnecessary": exactly what an unreachable widget is.
    "unreachable-widget": [types.DiagnosticTag.Unnecessary],
}


def rule_docs_url(rule: type[Rule]) -> str | None:
    """The rule's section in docs/rules.md (anchors are `<code>-<name>`), for built-in rules."""
    if rule.origin != "builtin":
        return None
    return f"{RULES_DOCS_URL}#{rule.code.lower()}-{rule.name}"


def diagnostic_data(diagnostic: Diagnostic) -> dict[str, Any]:
    """What a code action needs to find the diagnostic's node again."""
    return {
        "rule": diagnostic.rule,
        "widget": diagnostic.widget,
        "pointer": diagnostic.pointer_text,
    }


def to_lsp_diagnostic(
    diagnostic: Diagnostic, lines: LineTable, linter: Linter, uri: str | None = None
) -> types.Diagnostic:
    rule = linter.registry.by_name.get(diagnostic.rule)
    href = rule_docs_url(rule) if rule is not None else None
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=uri, range=lines.range((note.start_offset, note.end_offset))
            )
            if note.path is None
            else _location_elsewhere(note),
            message=escape_unsafe(note.message),
        )
        for note in diagnostic.related
        if uri is not None
    ]
    return types.Diagnostic(
        range=lines.range((diagnostic.start_offset, diagnostic.end_offset)),
        # Shown as text in the editor; `data` keeps the exact widget name for code actions.
        message=escape_unsafe(diagnostic.message),
        severity=_SEVERITIES[diagnostic.severity],
        code=diagnostic.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        tags=_TAGS.get(diagnostic.rule),
        data=diagnostic_data(diagnostic),
        related_information=related or None,
    )


def to_lsp_diagnostics(
    diagnostics: list[Diagnostic], lines: LineTable, linter: Linter, uri: str | None = None
) -> list[types.Diagnostic]:
    return [to_lsp_diagnostic(diagnostic, lines, linter, uri) for diagnostic in diagnostics]


def _location_elsewhere(note: RelatedLocation) -> types.Location:
    """A note in another file (a subflow): its 1-based code-point columns as LSP positions,
    exact on the ASCII JSON structure such notes point at."""
    from pathlib import Path

    start, end = note.range
    return types.Location(
        uri=Path(note.path or "").absolute().as_uri(),
        range=types.Range(
            start=types.Position(line=start.line - 1, character=start.column - 1),
            end=types.Position(line=end.line - 1, character=end.column - 1),
        ),
    )
