//! Zed extension: starts `flowlint lsp` on stdio for JSON and YAML buffers (the server checks
//! Studio flows and `*.flowtest.yaml` files, and skips other documents).
//!
//! NOT VERIFIED: written from the zed_extension_api documentation; it has not been compiled
//! (crates.io is out of reach where it was written) nor loaded in Zed.
//!
//! The command comes from the user's settings when given
//! (`"lsp": {"flowlint": {"binary": {"path": ..., "arguments": [...]}}}`),
//! else `flowlint` found on the worktree's PATH, with the argument `lsp`.

use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct FlowlintExtension;

impl zed::Extension for FlowlintExtension {
    fn new() -> Self {
        FlowlintExtension
    }

    fn language_server_command(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let configured_path = binary.as_ref().and_then(|binary| binary.path.clone());
        let configured_arguments = binary.and_then(|binary| binary.arguments);

        let command = match configured_path {
            Some(path) => path,
            None => worktree.which("flowlint").ok_or_else(|| {
                "flowlint was not found on PATH. Install it (pipx install flowlint) or set \
                 lsp.flowlint.binary.path in your Zed settings."
                    .to_string()
            })?,
        };
        Ok(zed::Command {
            command,
            args: configured_arguments.unwrap_or_else(|| vec!["lsp".to_string()]),
            env: worktree.shell_env(),
        })
    }
}

zed::register_extension!(FlowlintExtension);
