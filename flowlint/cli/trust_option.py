"""`--trust-config-rules`, shared by the commands that read a configuration file, and the
warnings they print when its `rules-dirs` were left out (see `flowlint.config.trust`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from flowlint.config.loader import ResolvedConfig
from flowlint.config.trust import CLI_HOW_TO_TRUST, TRUST_ENV_VAR, TRUST_FLAG, environment_trusts

Command = TypeVar("Command", bound=Callable[..., Any])


def trust_config_rules_option(command: Command) -> Command:
    """Adds `--trust-config-rules` (parameter `trust_config_rules`)."""
    decorate = click.option(
        TRUST_FLAG,
        "trust_config_rules",
        is_flag=True,
        help="Load the rule folders the configuration file names in `rules-dirs`: they are "
        f"Python from the repository and run when loaded (also: {TRUST_ENV_VAR}=1). "
        "Without it they are skipped with a warning.",
    )
    return decorate(command)


def trusts_config_rules(flag: bool) -> bool:
    """The flag, or the environment variable, asks for configured rule folders to load."""
    return flag or environment_trusts(os.environ)


def warn_about_withheld_rules(resolved: ResolvedConfig) -> None:
    """On stderr: which configured rule folders were not loaded and how to opt in. Folder and
    rule names come from the repository's file, so they are escaped like all file text."""
    from flowlint.source.text_safety import escape_unsafe

    for warning in resolved.trust_warnings(CLI_HOW_TO_TRUST):
        click.echo(f"flowlint: warning: {escape_unsafe(warning)}", err=True)
