"""`flowlint fmt PATH...`: rewrite flow files in the layout the Studio Console exports.

Exit statuses: 0 when every file is formatted (or, with --check/--diff, already was); 1 when
--check or --diff found a file that would change; 2 when a file could not be formatted (not
JSON, a duplicate key, not a flow when named, unreadable, changed on disk while formatting) or
the configuration is broken. An error wins over 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from flowlint.cli.walk_options import walk_options
from flowlint.source.text_safety import escape_unsafe

EXIT_CLEAN, EXIT_WOULD_CHANGE, EXIT_ERROR = 0, 1, 2


def _say(message: str) -> None:
    click.echo(escape_unsafe(message), err=True)


@click.command("fmt", short_help="Format flow files in the layout the Studio Console exports.")
@click.argument("paths", nargs=-1, type=str)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file would change.")
@click.option(
    "--diff", "show_diff", is_flag=True, help="Write nothing; print what would change as a diff."
)
@click.option(
    "--normalize-offsets",
    is_flag=True,
    help="Also snap widget positions (`offset`) to the Console's 10-pixel grid.",
)
@click.option("--stdin-filename", default=None, help="Name to report for input read from '-'.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Use this configuration file (for `include`, `exclude` and `max-file-size`).",
)
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@walk_options
@click.option("--verbose", "-v", is_flag=True, help="Also list unchanged and skipped files.")
def fmt_command(
    paths: tuple[str, ...],
    check: bool,
    show_diff: bool,
    normalize_offsets: bool,
    stdin_filename: str | None,
    config_path: Path | None,
    isolated: bool,
    force_exclude: bool,
    skip_non_flows: bool,
    no_respect_gitignore: bool,
    verbose: bool,
) -> None:
    """Format Studio flow files the way the Console exports them (PATHS: files, directories
    walked for *.json, or - to read stdin and write stdout). See docs/fmt.md."""
    from flowlint.cli.check import discover_targets
    from flowlint.config import load_settings
    from flowlint.engine.settings import ConfigError
    from flowlint.fmt.run import FormatRun

    try:
        resolved = load_settings(Path.cwd(), config_path, isolated)
        resolved.anchor_globs(Path.cwd())
    except ConfigError as exc:
        _say(f"flowlint: error: {exc}")
        sys.exit(EXIT_ERROR)
    settings = resolved.settings
    targets = discover_targets(
        list(paths) or ["."],
        settings,
        force_exclude,
        skip_non_flows,
        respect_gitignore=not no_respect_gitignore,
        verbose=verbose,
    )
    run = FormatRun(
        write=not (check or show_diff),
        show_diff=show_diff,
        normalize_offsets=normalize_offsets,
        max_size=settings.max_file_size,
        verbose=verbose,
        say=_say,
        out=sys.stdout.buffer,
    )
    for target in targets:
        if target.path == "-":
            run.stdin(sys.stdin.buffer.read(), stdin_filename or "-")
        else:
            run.file(target.path, explicit=target.explicit)
    run.summary()
    sys.exit(
        EXIT_ERROR
        if run.errors
        else EXIT_WOULD_CHANGE
        if run.changed and (check or show_diff)
        else EXIT_CLEAN
    )
