"""Starting the language server: the handler modules register their features on the one
`server` when imported; then it speaks LSP over stdin/stdout."""

from __future__ import annotations

from flowlint.lsp import editor_handlers, handlers  # noqa: F401  (imported for their registrations)


def serve() -> None:
    """Speak LSP over stdin/stdout until the client says exit; exit with the status the
    specification asks for (0 only after a shutdown request)."""
    raise SystemExit(handlers.server.serve_stdio())
