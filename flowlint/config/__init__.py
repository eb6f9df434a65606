"""Project configuration: `[tool.flowlint]` in pyproject.toml, `flowlint.toml` or
`.flowlint.toml`, found from the working folder upward (or named with `--config`).

    resolved = load_settings(Path.cwd(), explicit=None, isolated=False)
    linter = Linter(resolved.settings, registry=resolved.registry)

Documented for users in docs/configuration.md.
"""

from flowlint.config.discovery import CONFIG_FILE_NAMES, ConfigFile, find_config_file
from flowlint.config.loader import DEFAULT_CACHE_DIR, ResolvedConfig, load_settings

__all__ = [
    "CONFIG_FILE_NAMES",
    "DEFAULT_CACHE_DIR",
    "ConfigFile",
    "ResolvedConfig",
    "find_config_file",
    "load_settings",
]
