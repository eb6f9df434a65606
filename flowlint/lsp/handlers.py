"""The LSP handlers of `flowlint lsp`: each hands its request to the module that does the work
(no analysis happens here).

Handlers never let an exception escape: a failure is logged to stderr and the request gets an
empty answer, so no input can take the server down.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcContentModified, JsonRpcException, JsonRpcInvalidParams
from pygls.uris import to_fs_path

from flowlint import __version__
from flowlint.lsp import (
    code_actions,
    completion,
    config_edit,
    formatting,
    hover,
    navigation,
    project_files,
    project_navigation,
    project_references,
    project_requests,
    template_hover,
)
from flowlint.lsp.analysis import document_path
from flowlint.lsp.document_state import DocumentState
from flowlint.lsp.documents import OpenDocument
from flowlint.lsp.flowtest_documents import is_test_file
from flowlint.lsp.model_view import view_of
from flowlint.lsp.server import FlowlintServer
from flowlint.source.text_safety import escape_unsafe

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

CONFIG_WATCH_GLOBS = ("**/pyproject.toml", "**/flowlint.toml", "**/.flowlint.toml")
STATUS_COMMAND = "flowlint.status"


class RequestFailed(JsonRpcException):
    """An error answer the client shows to the user (LSP RequestFailed)."""

    CODE = -32803


server = FlowlintServer()


# -- handler guards ----------------------------------------------------------------------------


def guarded(default: Any) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Log and swallow any exception of a handler, answering `default` instead."""

    def decorate(handler: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(handler)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return handler(*args, **kwargs)
            except JsonRpcException:
                raise
            except Exception:
                logger.exception("%s failed", getattr(handler, "__name__", "handler"))
                return default  # type: ignore[no-any-return]

        return run

    return decorate


def guarded_async(
    default: Any,
) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    def decorate(handler: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(handler)
        async def run(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return await handler(*args, **kwargs)
            except (JsonRpcException, asyncio.CancelledError):
                raise
            except Exception:
                logger.exception("%s failed", getattr(handler, "__name__", "handler"))
                return default  # type: ignore[no-any-return]

        return run

    return decorate


# -- lifecycle ---------------------------------------------------------------------------------------


@server.feature(types.INITIALIZE)
@guarded(None)
def initialize(ls: FlowlintServer, params: types.InitializeParams) -> None:
    ls.configure(params)


@server.feature(types.INITIALIZED)
@guarded(None)
def initialized(ls: FlowlintServer, params: types.InitializedParams) -> None:
    if not ls.watches_files():
        return
    watchers = [types.FileSystemWatcher(glob_pattern=glob) for glob in CONFIG_WATCH_GLOBS]
    ls.client_register_capability(
        types.RegistrationParams(
            registrations=[
                types.Registration(
                    id="flowlint-config-files",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=watchers
                    ),
                )
            ]
        )
    )


@server.feature(types.SHUTDOWN)
@guarded(None)
def shutdown(ls: FlowlintServer, params: None) -> None:
    ls.scheduler.shutdown()


# -- documents -----------------------------------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded(None)
def did_open(ls: FlowlintServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    document = OpenDocument(
        item.uri, item.text, item.version, item.language_id, ls.workspace.position_codec
    )
    ls.scheduler.open(DocumentState(document))
    project_requests.buffer_changed(ls, item.uri, item.text)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@guarded(None)
def did_change(ls: FlowlintServer, params: types.DidChangeTextDocumentParams) -> None:
    state = ls.scheduler.states.get(params.text_document.uri)
    if state is None:
        return
    state.document.apply_changes(params.text_document.version, list(params.content_changes))
    ls.scheduler.schedule(state.document.uri)
    project_requests.buffer_changed(ls, state.document.uri, state.document.text)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
@guarded(None)
def did_save(ls: FlowlintServer, params: types.DidSaveTextDocumentParams) -> None:
    if project_files.EDITOR_PROJECTS.involves(document_path(params.text_document.uri)):
        # A subflow or Function changed: its parents' findings may have too.
        project_files.EDITOR_PROJECTS.forget()
        ls.scheduler.schedule_all()
        return
    ls.scheduler.schedule(params.text_document.uri, delay=0)
    # A flow saved may add or remove the widgets that open test files name.
    for uri in list(ls.scheduler.states):
        if is_test_file(uri) and uri != params.text_document.uri:
            ls.scheduler.schedule(uri, delay=0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@guarded(None)
def did_close(ls: FlowlintServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.scheduler.close(params.text_document.uri)
    ls.clear(params.text_document.uri)
    project_requests.buffer_changed(ls, params.text_document.uri, None)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@guarded(None)
def did_change_watched_files(ls: FlowlintServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.configs.forget()
    project_files.EDITOR_PROJECTS.forget()
    ls.scheduler.schedule_all()
    if ls.pull_diagnostics and ls.refresh_supported:
        ls.workspace_diagnostic_refresh(None)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
@guarded(None)
def did_change_configuration(
    ls: FlowlintServer, params: types.DidChangeConfigurationParams
) -> None:
    """Editor settings do not affect linting (the project configuration does); accepted so
    that clients which always send them (Neovim) are not answered with a warning."""


# -- diagnostics (pull) ----------------------------------------------------------------------------


@server.feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(
        identifier="flowlint", inter_file_dependencies=False, workspace_diagnostics=False
    ),
)
@guarded_async(types.FullDocumentDiagnosticReport(items=[]))
async def pull_diagnostics(
    ls: FlowlintServer, params: types.DocumentDiagnosticParams
) -> types.FullDocumentDiagnosticReport | types.UnchangedDocumentDiagnosticReport:
    analysis = await ls.scheduler.current(params.text_document.uri)
    if analysis is None:
        return types.FullDocumentDiagnosticReport(items=[])
    state = ls.scheduler.states.get(params.text_document.uri)
    if state is not None and state.document.revision != analysis.revision:
        # The text kept changing while we waited: an answer for an older text would be wrong.
        raise JsonRpcContentModified("the document changed while it was being linted")
    result_id = f"{analysis.revision}.{analysis.config_generation}"
    if params.previous_result_id == result_id:
        return types.UnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.FullDocumentDiagnosticReport(items=analysis.diagnostics, result_id=result_id)


# -- navigation ----------------------------------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_HOVER)
@guarded(None)
def on_hover(ls: FlowlintServer, params: types.HoverParams) -> types.Hover | None:
    state = ls.scheduler.states.get(params.text_document.uri)
    if state is None:
        return None
    placeholder = template_hover.hover(state, params.position)
    if placeholder is not None:
        return placeholder
    return hover.hover(state, view_of(state), params.position)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@guarded([])
def on_definition(ls: FlowlintServer, params: types.DefinitionParams) -> list[types.Location]:
    view = ls.view(params.text_document.uri)
    if view is None:
        return []
    here = navigation.definition(view, params.position)
    if here:
        return here
    project = project_files.EDITOR_PROJECTS.for_document(
        view.analysis.config, document_path(params.text_document.uri)
    )
    return project_navigation.definition(view, params.position, project)


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@guarded_async([])
async def on_references(ls: FlowlintServer, params: types.ReferenceParams) -> list[types.Location]:
    view = ls.view(params.text_document.uri)
    if view is None:
        return []
    include_declaration = params.context.include_declaration
    here = navigation.references(view, params.position, include_declaration)
    if here:
        return here
    files, path = project_requests.files_of(ls, params.text_document.uri)
    return await project_requests.off_the_loop(
        lambda: project_references.references(
            files,
            path,
            params.position,
            project_requests.project_at(ls, path, files),
            include_declaration,
        )
    )


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
@guarded_async(None)
async def on_prepare_rename(
    ls: FlowlintServer, params: types.PrepareRenameParams
) -> types.PrepareRenamePlaceholder | None:
    view = ls.view(params.text_document.uri)
    here = navigation.prepare_rename(view, params.position) if view is not None else None
    if here is not None:
        return here
    files, path = project_requests.files_of(ls, params.text_document.uri)
    return await project_requests.off_the_loop(
        lambda: project_references.prepare_rename(
            files, path, params.position, project_requests.project_at(ls, path, files)
        )
    )


@server.feature(types.TEXT_DOCUMENT_RENAME)
@guarded_async(None)
async def on_rename(ls: FlowlintServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    view = ls.exact_view(params.text_document.uri)
    if view is None:
        raise RequestFailed("fix the JSON syntax errors first: rename needs a valid flow")
    try:
        if not navigation.names_widget(view, params.position):
            files, path = project_requests.files_of(ls, params.text_document.uri)

            def across_files() -> types.WorkspaceEdit | None:
                project = project_requests.project_at(ls, path, files)
                if not project_references.is_contract(files, path, params.position, project):
                    return None
                return project_references.rename(
                    files, path, params.position, params.new_name, project, ls.document_changes
                )

            edit = await project_requests.off_the_loop(across_files)
            if edit is not None:
                return edit
        edits = navigation.rename_edits(view, params.position, params.new_name)
    except navigation.RenameRefused as refused:
        raise RequestFailed(str(refused)) from None
    return navigation.workspace_edit(view, edits, ls.document_changes)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@guarded([])
def on_document_symbol(
    ls: FlowlintServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol]:
    view = ls.view(params.text_document.uri)
    return navigation.document_symbols(view) if view is not None else []


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(
        trigger_characters=completion.TRIGGER_CHARACTERS, resolve_provider=True
    ),
)
@guarded(None)
def on_completion(
    ls: FlowlintServer, params: types.CompletionParams
) -> types.CompletionList | None:
    state = ls.scheduler.states.get(params.text_document.uri)
    if state is None:
        return None
    result = completion.complete(
        state.document, view_of(state), params.position, ls.completion_support
    )
    if result.item_defaults is not None and isinstance(result.item_defaults.data, dict):
        result.item_defaults.data["uri"] = state.document.uri
    for item in result.items:
        if isinstance(item.data, dict):
            item.data["uri"] = state.document.uri
    return result


@server.feature(types.COMPLETION_ITEM_RESOLVE)
@guarded(None)
def on_completion_resolve(ls: FlowlintServer, item: types.CompletionItem) -> types.CompletionItem:
    uri = item.data.get("uri") if isinstance(item.data, dict) else None
    view = ls.view(uri) if isinstance(uri, str) else None
    return completion.resolve(item, view)


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
@guarded(None)
def on_formatting(
    ls: FlowlintServer, params: types.DocumentFormattingParams
) -> list[types.TextEdit] | None:
    state = ls.scheduler.states.get(params.text_document.uri)
    return formatting.formatting_edits(state.document) if state is not None else None


# -- code actions ----------------------------------------------------------------------------------


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, code_actions.FIX_ALL]
    ),
)
@guarded([])
def on_code_action(ls: FlowlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    wanted = params.context.only
    if wanted is not None and _wants_fix_all(wanted):
        view = ls.exact_view(uri)
        linter = ls.configs.for_path(document_path(uri)).linter
        action = code_actions.fix_all(view, linter) if view and linter else None
        return [action] if action is not None else []
    diagnostics = [d for d in params.context.diagnostics if d.source == "flowlint"]
    if not diagnostics:
        return []
    actions = []
    view = ls.exact_view(uri)
    config = ls.configs.for_path(document_path(uri))
    if view is not None:
        actions.extend(code_actions.quick_fixes(view, config.linter, diagnostics))
    actions.extend(
        code_actions.ignore_actions(config, document_path(uri), _workspace_folders(ls), diagnostics)
    )
    return actions


def _wants_fix_all(kinds: Sequence[str]) -> bool:
    """Whether the client asks for source.fixAll.flowlint (or a kind that contains it)."""
    return any(
        kind == code_actions.FIX_ALL or code_actions.FIX_ALL.startswith(f"{kind}.")
        for kind in kinds
    )


def _workspace_folders(ls: FlowlintServer) -> list[Path]:
    """The client's workspace folders (else the root it started with)."""
    folders = [to_fs_path(folder.uri) for folder in ls.workspace.folders.values()]
    return [Path(folder) for folder in folders if folder] or [ls.configs.fallback_root]


@server.command(code_actions.IGNORE_COMMAND)
@guarded(None)
def ignore_rule_for_widget(ls: FlowlintServer, arguments: Any) -> None:
    request = config_edit.WidgetIgnoreRequest.from_arguments(arguments)
    if request is None:
        raise JsonRpcInvalidParams("flowlint: expected config, document, widget and rule")
    folders = _workspace_folders(ls)
    # A document outside the workspace is refused before its folders are searched for a
    # configuration.
    allowed = config_edit.workspace_config_path(None, request.document_path, folders)
    if allowed is not None:
        in_use = ls.configs.for_path(str(request.document_path)).config_path
        allowed = config_edit.workspace_config_path(in_use, request.document_path, folders)
    try:
        config_edit.check_request(request, allowed)
    except config_edit.ConfigEditError as refused:
        raise JsonRpcInvalidParams(f"flowlint: {refused}") from None
    try:
        message = config_edit.append_widget_ignore(request)
    except config_edit.ConfigEditError as error:
        ls.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Error, message=escape_unsafe(f"flowlint: {error}", keep="\n")
            )
        )
        return
    ls.configs.forget()
    project_files.EDITOR_PROJECTS.forget()
    ls.scheduler.schedule_all()
    if ls.pull_diagnostics and ls.refresh_supported:
        ls.workspace_diagnostic_refresh(None)
    ls.window_show_message(
        types.ShowMessageParams(
            type=types.MessageType.Info, message=escape_unsafe(message, keep="\n")
        )
    )


@server.command(STATUS_COMMAND)
@guarded(None)
def status(ls: FlowlintServer, *arguments: Any) -> dict[str, Any]:
    """What the server is doing, for troubleshooting (and tests)."""
    scheduler = ls.scheduler
    encoding = ls.workspace.position_encoding
    return {
        "version": __version__,
        "openDocuments": len(scheduler.states),
        "analysesRun": scheduler.analyses_run,
        "analysesDropped": scheduler.analyses_dropped,
        "linting": (
            {"uri": scheduler.running[0], "version": scheduler.running[1]}
            if scheduler.running
            else None
        ),
        "diagnostics": "pull" if ls.pull_diagnostics else "push",
        "debounceMs": round(scheduler.debounce * 1000),
        "positionEncoding": str(getattr(encoding, "value", encoding)),
        "trustedWorkspace": ls.configs.trusted,
    }
