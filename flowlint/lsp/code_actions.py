"""Code actions for flowlint diagnostics.

Quick fixes are the rules' own fixes (`Diagnostic.fix`, see flowlint/fix/), the same the
command line applies with `--fix`: each diagnostic the client sends is matched with the
finding of the current analysis, and its edits are converted to the client's position units.
Safe fixes are preferred actions; `source.fixAll.flowlint` applies every safe fix, repeatedly,
exactly as `flowlint check --fix` does.

For every diagnostic about a widget, "ignore this rule for this widget" appends a
per-widget ignore to the project configuration (run as a server command, so the file is
written and the documents re-linted at once).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from flowlint.lsp.config_edit import WidgetIgnoreRequest, workspace_config_path
from flowlint.lsp.model_view import ModelView
from flowlint.lsp.project_config import ProjectConfig
from flowlint.source.edits import Applicability, Edit
from flowlint.source.text_safety import escape_unsafe

if TYPE_CHECKING:
    from flowlint.diagnostics import Diagnostic
    from flowlint.engine.linter import FileResult, Linter
    from flowlint.lsp.positions import LineTable

IGNORE_COMMAND = "flowlint.ignoreRuleForWidget"
FIX_ALL = "source.fixAll.flowlint"


def _data(diagnostic: types.Diagnostic) -> dict[str, Any]:
    data = diagnostic.data
    return data if isinstance(data, dict) else {}


def current_result(view: ModelView, linter: Linter | None) -> FileResult | None:
    """The lint of exactly the current text: the analysis itself, or (when only a model of the
    current text was built, without rules) a fresh lint of it."""
    result = view.analysis.result
    if result is None or result.text is None:
        return None
    if result.diagnostics or view.analysis.diagnostics or linter is None:
        return result
    return linter.lint_text(result.text, result.path)


def _finding(result: FileResult, sent: types.Diagnostic) -> Diagnostic | None:
    """The analysed finding the client's diagnostic stands for (same rule, node, message)."""
    data = _data(sent)
    for diagnostic in result.diagnostics:
        if (
            diagnostic.rule == data.get("rule")
            and diagnostic.pointer_text == data.get("pointer")
            and escape_unsafe(diagnostic.message) == sent.message
        ):
            return diagnostic
    return None


def text_edits(lines: LineTable, edits: tuple[Edit, ...]) -> list[types.TextEdit]:
    """Edits in character offsets → LSP text edits in the client's units."""
    return [
        types.TextEdit(range=lines.range((edit.start, edit.end)), new_text=edit.text)
        for edit in edits
    ]


def quick_fixes(
    view: ModelView, linter: Linter | None, diagnostics: list[types.Diagnostic]
) -> list[types.CodeAction]:
    """The rules' fixes for the given diagnostics (the view must match the current text)."""
    actions: list[types.CodeAction] = []
    result = current_result(view, linter)
    if result is None:
        return actions
    for sent in diagnostics:
        finding = _finding(result, sent)
        if finding is None or finding.fix is None:
            continue
        fix = finding.fix
        title = fix.title + (" (unsafe)" if fix.applicability is Applicability.UNSAFE else "")
        actions.append(
            types.CodeAction(
                title=escape_unsafe(title),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[sent],
                is_preferred=fix.applicability is Applicability.SAFE
                or fix.applicability is Applicability.DISPLAY,
                edit=types.WorkspaceEdit(
                    changes={view.document.uri: text_edits(view.document.lines, fix.edits)}
                ),
            )
        )
    return actions


def fix_all(view: ModelView, linter: Linter) -> types.CodeAction | None:
    """`source.fixAll.flowlint`: every safe fix, applied until nothing changes, as one edit of
    the span that changed."""
    from flowlint.fix.loop import fix_text

    result = current_result(view, linter)
    if result is None or result.text is None:
        return None
    text = result.text
    outcome = fix_text(linter, text, result.path, unsafe=False, result=result)
    if outcome.text == text:
        return None
    start = 0
    limit = min(len(text), len(outcome.text))
    while start < limit and text[start] == outcome.text[start]:
        start += 1
    end = 0
    while end < limit - start and text[-1 - end] == outcome.text[-1 - end]:
        end += 1
    edit = Edit(start, len(text) - end, outcome.text[start : len(outcome.text) - end])
    count = sum(outcome.fixed.values())
    return types.CodeAction(
        title=f"Fix all safe flowlint findings ({count})",
        kind=FIX_ALL,
        edit=types.WorkspaceEdit(
            changes={view.document.uri: text_edits(view.document.lines, (edit,))}
        ),
    )


def ignore_actions(
    config: ProjectConfig,
    document_path: str,
    workspace_folders: list[Path],
    diagnostics: list[types.Diagnostic],
) -> list[types.CodeAction]:
    """Actions "Ignore <rule> for widget <name>", for every diagnostic naming a widget in a
    document of a workspace folder."""
    if not Path(document_path).is_absolute():
        return []  # an untitled buffer: no file a per-widget ignore could name
    config_path = workspace_config_path(config.config_path, Path(document_path), workspace_folders)
    if config_path is None:
        return []  # outside the workspace: no configuration file the server may edit
    actions = []
    seen = set()
    for diagnostic in diagnostics:
        data = _data(diagnostic)
        rule, widget = data.get("rule"), data.get("widget")
        if not isinstance(rule, str) or not isinstance(widget, str) or (rule, widget) in seen:
            continue
        seen.add((rule, widget))
        request = WidgetIgnoreRequest(config_path, Path(document_path), widget, rule)
        actions.append(
            types.CodeAction(
                title=escape_unsafe(f"Ignore {rule} for widget '{widget}' (in {config_path.name})"),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                command=types.Command(
                    title="Ignore rule for widget",
                    command=IGNORE_COMMAND,
                    arguments=[request.to_arguments()],
                ),
            )
        )
    return actions
