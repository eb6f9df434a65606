"""`--env`, `--config` and `-o` for the commands that use environment profiles (`render`,
`templatize`), and reading and writing the flow files they transform."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from flowlint.engine.settings import DEFAULT_MAX_FILE_SIZE, ConfigError
from flowlint.source.reading import read_file

Command = TypeVar("Command", bound=Callable[..., Any])

EXIT_ERROR = 2


def environment_options(command: Command) -> Command:
    """Adds `--env NAME` (required) and `--config`."""
    for decorate in reversed(
        [
            click.option(
                "--env",
                "environment",
                required=True,
                metavar="NAME",
                help="The environment profile: [tool.flowlint.environments.NAME].",
            ),
            click.option(
                "--config",
                "config_path",
                type=click.Path(dir_okay=False, path_type=Path),
                default=None,
                help="Use this configuration file [default: the nearest one, as for check].",
            ),
        ]
    ):
        command = decorate(command)
    return command


def output_option(what: str) -> Callable[[Command], Command]:
    """`-o/--output FILE`: where to write `what` (standard output when not given)."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"Write the {what} here [default: standard output].",
    )


def fail(message: str) -> None:
    from flowlint.source.text_safety import escape_unsafe

    click.echo(escape_unsafe(f"flowlint: error: {message}"), err=True)
    sys.exit(EXIT_ERROR)


def load_environment(config_path: Path | None, environment: str) -> Any:
    """The profile `--env` names, read from the configuration (exit status 2 on a mistake)."""
    from flowlint.config import load_settings
    from flowlint.templates.profiles import ProfileError, chosen_values

    try:
        settings = load_settings(Path.cwd(), config_path).settings
        chosen_values(settings.environments, environment)  # unset variables are errors here
    except (ConfigError, ProfileError) as exc:
        fail(str(exc))
        raise  # unreachable: fail() exits
    return settings.environments[environment]


def read_flow(path: str) -> str:
    """The flow file's text, exactly (a byte order mark kept), or exit status 2."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(DEFAULT_MAX_FILE_SIZE + 1)
        else:
            data = read_file(path, DEFAULT_MAX_FILE_SIZE)
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror or exc}")
    if len(data) > DEFAULT_MAX_FILE_SIZE:
        fail(f"{path} is larger than {DEFAULT_MAX_FILE_SIZE:,} bytes; Studio takes 1 MB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(f"{path} is not UTF-8 (byte offset {exc.start}); Studio flows are UTF-8 JSON")
    raise AssertionError("unreachable")


def write_output(text: str, output: Path | None) -> None:
    """To `output` (replaced atomically), else to standard output, byte for byte."""
    if output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
        return
    from flowlint.run.atomic import write_atomically

    try:
        write_atomically(output, text)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
