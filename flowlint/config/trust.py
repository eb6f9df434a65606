"""Whether the `rules-dirs` of a configuration file may be loaded: they are Python from the
repository, and loading a rule module runs it.

A configuration file comes with the repository, and the repository may be a pull request
from a stranger. So its `rules-dirs` load only when the person running flowlint says so:
`--trust-config-rules` or `FLOWLINT_TRUST_CONFIG_RULES=1` on the command line, and in the
language server `initializationOptions.trustedWorkspace: true` (the VS Code extension sends
`vscode.workspace.isTrusted`). Without that, the folders are left out with a warning that says
how to opt in. `--rules-dir` on the command line is always honoured: the user typed it.
See docs/security.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

TRUST_FLAG = "--trust-config-rules"
TRUST_ENV_VAR = "FLOWLINT_TRUST_CONFIG_RULES"
TRUST_INIT_OPTION = "trustedWorkspace"

_YES = ("1", "true", "yes", "on")

CLI_HOW_TO_TRUST = f"pass {TRUST_FLAG} or set {TRUST_ENV_VAR}=1 if you trust this repository"
EDITOR_HOW_TO_TRUST = (
    "trust the workspace (VS Code), or set the initialization option "
    f"`{TRUST_INIT_OPTION}: true` in your editor's flowlint client, if you trust this repository"
)


def environment_trusts(environ: Mapping[str, str]) -> bool:
    """Whether `FLOWLINT_TRUST_CONFIG_RULES` asks for configured rule folders to be loaded."""
    return environ.get(TRUST_ENV_VAR, "").strip().lower() in _YES


def not_loaded_note() -> str:
    """What `flowlint config --show` writes beside `rules-dirs` that were left out."""
    return f"not loaded: needs {TRUST_FLAG} or {TRUST_ENV_VAR}=1"


def withheld_warning(where: str, folders: Sequence[str], how_to_trust: str) -> str:
    """The warning for rule folders a configuration names but that were not loaded.

    `where` names the file and key (`.flowlint.toml: rules-dirs`)."""
    listing = ", ".join(folders)
    return (
        f"{where}: not loading the rule folders {listing}: they are Python code from the "
        f"repository and run when loaded; {how_to_trust} (docs/security.md)"
    )


def unknown_names_warning(where: str, names: Sequence[str]) -> str:
    """The warning for rule names the configuration uses that only its unloaded folders
    could define: they are left out of this run rather than failing it."""
    listing = ", ".join(f"'{name}'" for name in names)
    return (
        f"{where}: ignoring {listing}: no loaded rule matches (the configured rules-dirs "
        "were not loaded)"
    )
