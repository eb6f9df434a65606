"""The language server (`flowlint lsp`): a thin LSP adapter over the same engine as the CLI.

- `server`: the pygls server, its handlers and how they reach the modules below.
- `documents`: open buffers, the edits applied to them, and per-document analysis state.
- `positions`: character offsets ↔ LSP positions in the negotiated encoding.
- `analysis`: which documents are flows, and running the engine on them (with reuse).
- `scheduling`: debounced linting and dropping results for outdated versions.
- `project_config`: the project configuration file each document is linted with.
- `diagnostics`: flowlint diagnostics → LSP diagnostics.
- `flow_index`: where every widget is defined and referenced in an analysed document.
- `cursor`: what the text around the cursor is (works on half-typed JSON).
- `navigation`, `hover`, `completion`, `code_actions`: the features.
"""
