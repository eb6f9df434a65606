"""The language server object: what it learned from the client at initialization, how it
publishes diagnostics, and the views of the model its handlers (`flowlint.lsp.handlers`) use.

Diagnostics are pushed (`textDocument/publishDiagnostics`) to clients that cannot pull, and
served on `textDocument/diagnostic` to clients that can (pushing to those as well would show
every finding twice).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from flowlint import __version__
from flowlint.config.trust import TRUST_INIT_OPTION
from flowlint.lsp import completion
from flowlint.lsp.analysis import Analysis, document_path, model_of_current_text
from flowlint.lsp.document_state import DocumentState
from flowlint.lsp.model_view import ModelView, view_of
from flowlint.lsp.project_config import ProjectConfigs
from flowlint.lsp.protocol import FlowlintProtocol, Utf8Input
from flowlint.lsp.scheduling import AnalysisScheduler
from flowlint.source.text_safety import escape_unsafe

logger = logging.getLogger(__name__)


class FlowlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("flowlint", __version__, protocol_cls=FlowlintProtocol)
        self.configs = ProjectConfigs()
        self.scheduler = AnalysisScheduler(self.configs, self._publish)
        self.pull_diagnostics = False
        self.refresh_supported = False
        self.document_changes = False
        self.completion_support = completion.ClientSupport()
        self._published: set[str] = set()
        self._reported_config_errors: set[str] = set()

    protocol: FlowlintProtocol

    def serve_stdio(self) -> int:
        """Speak LSP over stdin/stdout until `exit` (or the end of input); the exit status:
        0 only when `shutdown` came first, as the specification says."""
        # Utf8Input has the two methods of a binary stream that pygls reads with.
        self.start_io(Utf8Input(sys.stdin.buffer), sys.stdout.buffer)  # type: ignore[arg-type]
        status = self.protocol.exit_status
        if status is None:  # input ended without `exit`
            status = 0 if self.protocol._shutdown else 1
        return status

    # -- reading client capabilities and options ---------------------------------------------

    def configure(self, params: types.InitializeParams) -> None:
        capabilities = params.capabilities
        text_document = capabilities.text_document
        workspace = capabilities.workspace
        self.pull_diagnostics = bool(text_document and text_document.diagnostic)
        self.refresh_supported = bool(
            workspace and workspace.diagnostics and workspace.diagnostics.refresh_support
        )
        self.document_changes = bool(
            workspace and workspace.workspace_edit and workspace.workspace_edit.document_changes
        )
        completion_capability = text_document.completion if text_document else None
        item = completion_capability.completion_item if completion_capability else None
        defaults = (
            completion_capability.completion_list.item_defaults or []
            if completion_capability and completion_capability.completion_list
            else []
        )
        self.completion_support = completion.ClientSupport(
            insert_replace=bool(item and item.insert_replace_support),
            default_edit_range="editRange" in defaults,
            default_data="data" in defaults,
            snippets=bool(item and item.snippet_support),
        )
        root = params.root_uri and to_fs_path(params.root_uri)
        if params.workspace_folders:
            root = to_fs_path(params.workspace_folders[0].uri) or root
        if root:
            self.configs.fallback_root = Path(root)
        options = params.initialization_options
        if isinstance(options, dict):
            debounce = options.get("debounceMs")
            if (
                isinstance(debounce, int | float)
                and not isinstance(debounce, bool)
                and debounce >= 0
            ):
                self.scheduler.debounce = debounce / 1000
            mode = options.get("diagnostics")
            if mode in ("push", "pull"):
                self.pull_diagnostics = mode == "pull"
            # Only a literal `true`: anything else leaves the repository's rule folders unloaded.
            self.configs.trusted = options.get(TRUST_INIT_OPTION) is True

    def watches_files(self) -> bool:
        workspace = self.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        return bool(watched and watched.dynamic_registration)

    # -- diagnostics ---------------------------------------------------------------------------

    def _publish(self, state: DocumentState, analysis: Analysis) -> None:
        self._report_config_error(analysis)
        uri = state.document.uri
        if self.pull_diagnostics:
            return
        if not analysis.has_diagnostics and uri not in self._published:
            return  # not a flow or a test file, and nothing of ours to clear: stay silent
        if analysis.diagnostics:
            self._published.add(uri)
        else:
            self._published.discard(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, version=analysis.version, diagnostics=analysis.diagnostics
            )
        )

    def clear(self, uri: str) -> None:
        if uri in self._published and not self.pull_diagnostics:
            self._published.discard(uri)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    def _report_config_error(self, analysis: Analysis) -> None:
        """Problems with the configuration, each shown once (and logged) when a flow is linted."""
        config = analysis.config
        if not analysis.is_flow:
            return
        for problem in [config.error, *config.warnings]:
            if problem is None or problem in self._reported_config_errors:
                continue
            self._reported_config_errors.add(problem)
            logger.warning("%s", problem)
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Warning,
                    message=escape_unsafe(f"flowlint: {problem}", keep="\n"),
                )
            )

    # -- views of the model ------------------------------------------------------------------

    def view(self, uri: str) -> ModelView | None:
        state = self.scheduler.states.get(uri)
        return view_of(state) if state is not None else None

    def exact_view(self, uri: str) -> ModelView | None:
        """A view whose model is built from exactly the current text (None if that text is
        not a valid flow); for edits, which must not be computed from an older text."""
        state = self.scheduler.states.get(uri)
        if state is None:
            return None
        view = view_of(state)
        if view is not None and view.fresh:
            return view
        config = self.configs.for_path(document_path(uri))
        analysis = model_of_current_text(state.document, config)
        return ModelView(state.document, analysis) if analysis is not None else None
