"""Hover on a `${NAME}` placeholder of a flow template: its value in each environment."""

from __future__ import annotations

from lsprotocol import types

from flowlint.lsp.document_state import DocumentState
from flowlint.reporters.markdown_text import code_span, plain
from flowlint.templates.scan import MARK, placeholders_of


def hover(state: DocumentState, position: types.Position) -> types.Hover | None:
    """The hover for the placeholder under the cursor, or None when there is none."""
    document = state.document
    if MARK not in document.text:
        return None
    offset = document.lines.offset(position)
    found = next(
        (p for p in placeholders_of(document.text) if p.start <= offset < p.end),
        None,
    )
    if found is None:
        return None
    latest = state.latest
    linter = latest.config.linter if latest is not None else None
    profiles = linter.settings.environments if linter is not None else {}
    lines = [f"**{code_span('${' + found.name + '}')}**: template placeholder", ""]
    if not profiles:
        lines.append(
            "No environments are configured: add `[tool.flowlint.environments.<name>]` "
            "tables (docs/environments.md)."
        )
    else:
        lines += ["| environment | value |", "|---|---|"]
        for name, profile in profiles.items():
            entry = profile.entries.get(found.name)
            # Names and values come from the file and the configuration: code spans that
            # escape `|` too, since a table cell ends at a bare `|`.
            shown = "*(not defined)*" if entry is None else code_span(entry.shown(), True)
            if entry is not None and entry.variable is not None and entry.value is not None:
                shown += f" (from {code_span('$' + entry.variable, True)})"
            lines.append(f"| {plain(name)} | {shown} |")
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n".join(lines)),
        range=document.lines.range((found.start, found.end)),
    )
