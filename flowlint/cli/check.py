"""`flowlint check PATH...`: lint files, directories and stdin; report; set the exit status."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from flowlint import __version__
from flowlint.diagnostics import Severity
from flowlint.reporters import FORMATS, ReportOptions, RunReport, renderer
from flowlint.settings import ConfigError, Settings

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _use_color(choice: str, stream: Any) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _parse_outputs(values: tuple[str, ...]) -> list[tuple[str, str]]:
    outputs = []
    for value in values:
        name, separator, target = value.partition(":")
        if not separator or not target or name not in FORMATS:
            raise click.BadParameter(
                f"'{value}': expected FORMAT:PATH with FORMAT one of {', '.join(sorted(FORMATS))}",
                param_hint="--output",
            )
        outputs.append((name, target))
    return outputs


def _fail(message: str) -> None:
    click.echo(f"flowlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.command("check")
@click.argument("paths", nargs=-1, type=str)
@click.option(
    "--select",
    multiple=True,
    help="Rules to enable: codes, names, code prefixes or categories (comma-separated).",
)
@click.option("--ignore", multiple=True, help="Rules to disable, in the same forms as --select.")
@click.option("--extend-select", multiple=True, help="Rules to enable on top of the defaults.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Lowest severity that makes the exit status 1 [default: error].",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="FORMAT:PATH",
    help="Also write a report in FORMAT to PATH (repeatable).",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour and syntax highlighting (NO_COLOR is honoured).",
)
@click.option("--no-source", is_flag=True, help="Text format: omit the code frames.")
@click.option("--stdin-filename", default=None, help="Name to report for input read from '-'.")
@click.option(
    "--rules-dir",
    multiple=True,
    type=click.Path(),
    help="Also load rules from this folder (repeatable).",
)
@click.option(
    "--max-file-size",
    type=int,
    default=None,
    help="Refuse files larger than this many bytes [default: 20 MiB].",
)
@click.option(
    "--remote-validate",
    is_flag=True,
    help="Also send each definition to Twilio's Flow Validate API (needs credentials; "
    "see docs/twilio.md).",
)
@click.option(
    "--api-url",
    default=None,
    metavar="URL",
    help="Studio API base URL for --remote-validate "
    "[default: $FLOWLINT_STUDIO_API_URL or https://studio.twilio.com].",
)
def check_command(
    paths: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    fail_on: str | None,
    output_format: str,
    outputs: tuple[str, ...],
    color: str,
    no_source: bool,
    stdin_filename: str | None,
    rules_dir: tuple[str, ...],
    max_file_size: int | None,
    remote_validate: bool,
    api_url: str | None,
) -> None:
    """Check Studio flow files (PATHS: files, directories walked for *.json, or - for stdin)."""
    settings = Settings()
    if select:
        settings.select = _split(select)
    settings.ignore.extend(_split(ignore))
    settings.extend_select.extend(_split(extend_select))
    if fail_on:
        settings.fail_on = Severity.parse(fail_on)
    if max_file_size is not None:
        if max_file_size <= 0:
            raise click.BadParameter(
                "must be a positive number of bytes", param_hint="--max-file-size"
            )
        settings.max_file_size = max_file_size
    settings.rules_dirs.extend(Path(folder) for folder in rules_dir)
    extra_outputs = _parse_outputs(outputs)

    from flowlint.engine import Linter

    try:
        linter = Linter(settings)
    except ConfigError as exc:
        _fail(str(exc))
        return
    remote = None
    if remote_validate:  # imported only when asked: plain checks never load an HTTP client
        from flowlint.twilio.errors import TwilioSetupError
        from flowlint.twilio.remote_validation import RemoteValidator

        try:
            remote = RemoteValidator.from_environment(api_url, os.environ)
        except TwilioSetupError as exc:
            _fail(str(exc))
            return
    results, io_errors = run_checks(linter, list(paths) or ["."], stdin_filename)
    if remote is not None:
        io_errors += remote.validate_results(linter, results)

    report = RunReport(results=results, registry=linter.registry, version=__version__)
    stream = sys.stdout
    options = ReportOptions(
        color=_use_color(color, stream) and output_format == "text",
        show_source=not no_source,
        fail_on=settings.fail_on.label,
    )
    click.echo(renderer(output_format)(report, options), nl=False, color=options.color)
    for name, target in extra_outputs:
        text = renderer(name)(report, ReportOptions(color=False, fail_on=settings.fail_on.label))
        try:
            Path(target).write_text(text, encoding="utf-8")
        except OSError as exc:
            click.echo(f"flowlint: error: cannot write {target}: {exc.strerror or exc}", err=True)
            io_errors += 1
    sys.exit(exit_status(results, settings.fail_on, io_errors))


def exit_status(results: list[Any], fail_on: Severity, io_errors: int) -> int:
    if io_errors:
        return EXIT_ERROR
    worst = max(
        (diagnostic.severity for result in results for diagnostic in result.diagnostics),
        default=None,
    )
    return EXIT_FINDINGS if worst is not None and worst >= fail_on else EXIT_CLEAN


def run_checks(linter: Any, paths: list[str], stdin_filename: str | None) -> tuple[list[Any], int]:
    """Check every target; returns the results (in discovery order) and the I/O error count."""
    from flowlint.engine import FileResult
    from flowlint.files import Target, WalkProblem, discover

    results: list[FileResult] = []
    io_errors = 0
    for item in discover(paths, linter.settings.include, linter.settings.exclude):
        if isinstance(item, WalkProblem):
            click.echo(f"flowlint: warning: {item.path}: {item.message}", err=True)
            continue
        assert isinstance(item, Target)
        if item.path == "-":
            name = stdin_filename or "<stdin>"
            data = sys.stdin.buffer.read()
            results.append(linter.lint_bytes(data, name, explicit=True))
            continue
        try:
            data = read_file(item.path, linter.settings.max_file_size)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            click.echo(f"flowlint: error: cannot read {item.path}: {reason}", err=True)
            io_errors += 1
            results.append(FileResult(item.path, error=reason))
            continue
        results.append(linter.lint_bytes(data, item.path, explicit=item.explicit))
    return results, io_errors


def read_file(path: str, max_size: int) -> bytes:
    """Read a file, reading at most max_size + 1 bytes so an oversized file is never loaded."""
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(21, "is a directory", path)
    with target.open("rb") as handle:
        return handle.read(max_size + 1)
