"""The language server (`flowlint lsp`): a thin LSP adapter over the same engine as the CLI.

- `server`: the pygls server object: client capabilities, publishing, views of the model.
- `handlers`: one small function per LSP request or notification, calling the modules below.
- `documents`: open buffers, the edits applied to them, and per-document analysis state.
- `positions`: character offsets ↔ LSP positions in the negotiated encoding.
- `analysis`: which documents are flows, and running the engine on them.
- `scheduling`: debounced linting and dropping results for outdated versions.
- `project_config`: the project configuration file each document is linted with.
- `diagnostics`: flowlint diagnostics → LSP diagnostics.
- `flow_index`, `liquid_locations`: where every widget is defined and referenced.
- `model_view`: a model built from an older text, answering about the current one.
- `cursor`: what the text around the cursor is (works on half-typed JSON).
- `navigation`, `hover`, `completion`, `code_actions`, `config_edit`: the features
  (`liquid_context` is what Studio's Liquid can read, for hover and completion).
- `project_files`: the project (subflows, Functions) around a document, seen through the open
  buffers, and which documents to re-lint when a subflow changes (`project_requests`: the
  handlers' side of it); `project_navigation`,
  `project_sites`, `project_references`: definition, references and rename across its files.
"""
