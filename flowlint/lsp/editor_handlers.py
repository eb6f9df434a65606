"""The LSP handlers of the editor conveniences: document highlight, folding, code lenses,
workspace symbols and semantic tokens for Liquid. Registered on the one server object of
`flowlint.lsp.handlers` (`flowlint.lsp.startup` imports both); each hands its request to the module
that does the work."""

from __future__ import annotations

from lsprotocol import types
from pygls.uris import to_fs_path

from flowlint.lsp import liquid_tokens, widget_views
from flowlint.lsp.handlers import _workspace_folders, guarded, server
from flowlint.lsp.server import FlowlintServer
from flowlint.lsp.workspace_symbols import WorkspaceSymbols

_symbols = WorkspaceSymbols()


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
@guarded([])
def on_document_highlight(
    ls: FlowlintServer, params: types.DocumentHighlightParams
) -> list[types.DocumentHighlight]:
    view = ls.view(params.text_document.uri)
    return widget_views.highlights(view, params.position) if view is not None else []


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
@guarded([])
def on_folding_range(
    ls: FlowlintServer, params: types.FoldingRangeParams
) -> list[types.FoldingRange]:
    view = ls.view(params.text_document.uri)
    return widget_views.folding_ranges(view) if view is not None else []


@server.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))
@guarded([])
def on_code_lens(ls: FlowlintServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    view = ls.view(params.text_document.uri)
    return widget_views.code_lenses(view) if view is not None else []


@server.feature(
    types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
    types.SemanticTokensLegend(
        token_types=liquid_tokens.TOKEN_TYPES, token_modifiers=liquid_tokens.TOKEN_MODIFIERS
    ),
)
@guarded(types.SemanticTokens(data=[]))
def on_semantic_tokens(
    ls: FlowlintServer, params: types.SemanticTokensParams
) -> types.SemanticTokens:
    view = ls.view(params.text_document.uri)
    if view is None:
        return types.SemanticTokens(data=[])
    return types.SemanticTokens(data=liquid_tokens.encode(view, liquid_tokens.liquid_tokens(view)))


@server.feature(types.WORKSPACE_SYMBOL)
@guarded([])
def on_workspace_symbol(
    ls: FlowlintServer, params: types.WorkspaceSymbolParams
) -> list[types.WorkspaceSymbol]:
    open_texts = {}
    for uri, state in ls.scheduler.states.items():
        path = to_fs_path(uri)
        if path:
            open_texts[path] = state.document.text
    return _symbols.search(
        params.query, _workspace_folders(ls), open_texts, ls.workspace.position_codec
    )
