"""The options that choose which files a command walks, shared by `check` and `fmt`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def walk_options(command: F) -> F:
    """`--force-exclude`, `--skip-non-flows` and `--no-respect-gitignore`, in that order."""
    for option in reversed(
        [
            click.option(
                "--force-exclude",
                is_flag=True,
                help="Apply the configured `exclude` globs to files named on the command line too.",
            ),
            click.option(
                "--skip-non-flows",
                is_flag=True,
                help="Skip named files that hold no Studio flow silently, as a directory walk "
                "does (for pre-commit, which passes every changed .json file).",
            ),
            click.option(
                "--no-respect-gitignore",
                is_flag=True,
                help="Also walk files and folders that .gitignore files leave out.",
            ),
        ]
    ):
        command = option(command)
    return command
