"""`flowlint check PATH...`: lint files, directories and stdin; report; set the exit status."""

from __future__ import annotations

import enum
import gc
import os
import sys
from pathlib import Path
from typing import Any

import click

from flowlint import __version__
from flowlint.cli.check_fixes import FixMode, echo_fix_summary, fix_options, run_fix_phase
from flowlint.cli.color import use_color
from flowlint.cli.trust_option import (
    trust_config_rules_option,
    trusts_config_rules,
    warn_about_withheld_rules,
)
from flowlint.cli.walk_options import walk_options
from flowlint.diagnostics import Severity
from flowlint.engine.presets import PRESETS
from flowlint.engine.settings import ConfigError, Settings, path_matches
from flowlint.reporters import FORMATS, ReportOptions, RunReport, renderer
from flowlint.reporters.shown import lowest_shown, shown_results
from flowlint.run.atomic import write_atomically
from flowlint.run.cache import ResultCache
from flowlint.run.files import Skipped, Target, WalkProblem, discover
from flowlint.run.parallel import default_jobs
from flowlint.run.progress import wanted as progress_wanted
from flowlint.run.project_root import project_root, reported_path
from flowlint.source.text_safety import escape_unsafe

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
STATISTICS_FORMATS = ("text", "concise", "json")


class Verbosity(enum.Enum):
    """How much `check` says beyond the findings: -q drops the summary, progress bar and
    notes; -qq/--silent also the report on standard output (errors still go to stderr)."""

    NORMAL = 0
    QUIET = -1
    SILENT = -2


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


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


@click.command("check", short_help="Check Studio flow files and report problems.")
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
    "--show-severity",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Lowest severity the reports show; a finding that reaches --fail-on is always shown, "
    "and so is a file that could not be checked [default: warning].",
)
@click.option(
    "--exit-zero/--no-exit-zero",
    default=None,
    help="Exit 0 even when findings reach --fail-on (failures to check still exit 2).",
)
@click.option(
    "--preset",
    type=click.Choice(PRESETS),
    default=None,
    help="strict: every rule, opt-in ones included, with every option at its strict value "
    "[default: default].",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Print how many findings each rule has instead of the findings (json: adds a "
    "`statistics` array).",
)
@click.option(
    "-q",
    "--quiet",
    count=True,
    help="Print the findings only: no summary line, progress bar or notes (-qq: as --silent).",
)
@click.option(
    "-s",
    "--silent",
    is_flag=True,
    help="Print nothing on standard output; only the exit status (and errors on stderr) tell.",
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
@trust_config_rules_option
@click.option(
    "--max-file-size",
    type=int,
    default=None,
    help="Refuse files larger than this many bytes [default: 20 MiB].",
)
@click.option(
    "--timeout",
    "file_timeout",
    type=float,
    default=None,
    metavar="SECONDS",
    help="Stop checking a file after this long and report check-timeout [default: 60].",
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
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Use this configuration file [default: the nearest .flowlint.toml, flowlint.toml or "
    "pyproject.toml with [tool.flowlint], from the working folder upward].",
)
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option(
    "--env",
    "environment",
    default=None,
    metavar="NAME",
    help="Render ${NAME} templates with this environment's values before checking "
    "[default: lint each placeholder as a neutral value] (docs/environments.md).",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Report only findings this baseline file does not record.",
)
@click.option(
    "--write-baseline",
    "write_baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Record every current finding in this baseline file and report none.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Check files in this many processes [default: all cores].",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the results cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Results cache folder [default: .flowlint_cache beside the configuration file, "
    "else in the working folder].",
)
@walk_options
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="List on stderr what directory walks skipped and why.",
)
@fix_options
def check_command(
    paths: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    fail_on: str | None,
    show_severity: str | None,
    exit_zero: bool | None,
    preset: str | None,
    statistics: bool,
    quiet: int,
    silent: bool,
    output_format: str,
    outputs: tuple[str, ...],
    color: str,
    no_source: bool,
    stdin_filename: str | None,
    rules_dir: tuple[str, ...],
    trust_config_rules: bool,
    max_file_size: int | None,
    file_timeout: float | None,
    remote_validate: bool,
    api_url: str | None,
    config_path: Path | None,
    isolated: bool,
    environment: str | None,
    baseline_path: Path | None,
    write_baseline_path: Path | None,
    jobs: int | None,
    no_cache: bool,
    cache_dir: Path | None,
    force_exclude: bool,
    skip_non_flows: bool,
    no_respect_gitignore: bool,
    verbose: bool,
    fix: bool,
    unsafe_fixes: bool,
    show_diff: bool,
    fix_only: bool,
) -> None:
    """Check Studio flow files (PATHS: files, directories walked for *.json, or - for stdin)."""
    # A check is one short process whose parsed flow, model and widget graph (hundreds of
    # thousands of objects) stay alive until the report: the collector's passes scan them
    # again and again and free nothing. So it does not run by itself here; each loop over
    # files collects after each file instead (`flowlint.run.batch`, `flowlint.fix.files`,
    # `flowlint.project.facts`): a new loop over files needs the same. Measured in
    # docs/performance.md.
    gc.disable()
    if max_file_size is not None and max_file_size <= 0:
        raise click.BadParameter("must be a positive number of bytes", param_hint="--max-file-size")
    if file_timeout is not None and not file_timeout > 0:
        raise click.BadParameter("must be a positive number of seconds", param_hint="--timeout")
    extra_outputs = _parse_outputs(outputs)
    if statistics and output_format not in STATISTICS_FORMATS:
        raise click.BadParameter(
            f"--statistics works with --format {', '.join(STATISTICS_FORMATS)}",
            param_hint="--statistics",
        )
    verbosity = Verbosity.SILENT if silent or quiet >= 2 else Verbosity(-quiet)

    from flowlint.config import load_settings
    from flowlint.engine.linter import Linter

    try:
        resolved = load_settings(
            Path.cwd(),
            config_path,
            isolated,
            trust_rules_dirs=trusts_config_rules(trust_config_rules),
        )
        warn_about_withheld_rules(resolved)
        resolved.apply_command_line(
            select=_split(select) or None,
            ignore=_split(ignore),
            extend_select=_split(extend_select),
            fail_on=Severity.parse(fail_on) if fail_on else None,
            max_file_size=max_file_size,
            file_timeout=file_timeout,
            rules_dirs=[Path(folder) for folder in rules_dir],
            environment=environment,
            show_severity=Severity.parse(show_severity) if show_severity else None,
            exit_zero=exit_zero,
            preset=preset,
        )
        resolved.anchor_globs(Path.cwd())
        settings = resolved.settings
        linter = Linter(settings, registry=resolved.registry)
        baseline = _read_baseline(baseline_path, write_baseline_path)
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
    targets = discover_targets(
        list(paths) or ["."],
        settings,
        force_exclude,
        skip_non_flows,
        respect_gitignore=not no_respect_gitignore,
        verbose=verbose,
        baseline_files=[path for path in (baseline_path, write_baseline_path) if path],
    )
    from flowlint.run.project_sources import find_project

    # The flows and Functions of the project: subflow and Function contracts.
    linter.project = find_project(
        project_root(resolved.path, Path.cwd()),
        [target.path for target in targets],
        settings,
        respect_gitignore=not no_respect_gitignore,
        note=lambda message: click.echo(escape_unsafe(f"flowlint: note: {message}"), err=True),
    )
    if verbose and linter.project is not None:
        for facts in linter.project.flows:
            named = ", ".join(
                [*([f"SID {facts.sid}"] if facts.sid else []), *facts.other_sids]
                + ([f"name '{facts.friendly_name}'"] if facts.friendly_name else [])
            )
            where = os.path.relpath(facts.path)
            click.echo(
                escape_unsafe(
                    f"flowlint: project flow {where} ({named or 'no SID'}; from {facts.source})"
                ),
                err=True,
            )
    fix_mode = FixMode.from_flags(fix, unsafe_fixes, show_diff, fix_only)
    fix_run, io_errors = run_fix_phase(linter, targets, fix_mode) if fix_mode.active else (None, 0)
    if fix_mode.diff or fix_mode.only:
        echo_fix_summary(fix_run, fix_mode, [])
        changed = fix_run is not None and bool(fix_run.files)
        _finish(EXIT_ERROR if io_errors else EXIT_FINDINGS if fix_mode.diff and changed else 0)
        return
    results, check_errors = run_checks(
        linter,
        targets,
        stdin_filename=stdin_filename,
        # Remote validation needs each file's parsed flows, which neither the cache nor the
        # worker processes keep.
        jobs=1 if remote is not None else jobs or default_jobs(),
        cache=None
        if no_cache or remote is not None
        else ResultCache(_cache_folder(cache_dir, resolved.effective_cache_dir), settings),
        show_progress=verbosity is Verbosity.NORMAL
        and progress_wanted(sys.stderr, output_format, len(targets)),
        keep_trees=remote is not None,
    )
    io_errors += check_errors
    if remote is not None:
        io_errors += remote.validate_results(linter, results)
    if verbose:
        for result in results:
            if result.skipped:
                click.echo(f"flowlint: skipped {result.path}: {result.skip_reason}", err=True)
    # A baseline neither records nor hides input problems: they are not accepted findings
    # but files that were not checked.
    set_aside = _set_aside(results, linter.input_problems)
    if write_baseline_path is not None:
        io_errors += _write_baseline(write_baseline_path, baseline, results, verbosity)
    elif baseline is not None:
        _apply_baseline(baseline, results, linter, verbosity)
    for result, problems in set_aside:
        result.diagnostics = sorted(result.diagnostics + problems, key=lambda d: d.sort_key())

    root = project_root(resolved.path, Path.cwd())
    _report_relative_to(root, results)

    def report_for(name: str) -> RunReport:
        shown = shown_results(results, lowest_shown(settings, name), linter.input_problems)
        return RunReport(results=shown, registry=linter.registry, version=__version__, root=root)

    stream = sys.stdout
    options = ReportOptions(
        color=use_color(color, stream) and output_format == "text",
        show_source=not no_source,
        fail_on=settings.fail_on.label,
        summary=verbosity is Verbosity.NORMAL,
        statistics=statistics,
    )
    if verbosity is not Verbosity.SILENT:
        text = renderer(output_format)(report_for(output_format), options)
        click.echo(text, nl=False, color=options.color)
    for name, target in extra_outputs:
        text = renderer(name)(
            report_for(name), ReportOptions(color=False, fail_on=settings.fail_on.label)
        )
        try:
            write_atomically(Path(target), text)
        except OSError as exc:
            click.echo(f"flowlint: error: cannot write {target}: {exc.strerror or exc}", err=True)
            io_errors += 1
    if fix_mode.active and verbosity is Verbosity.NORMAL:
        echo_fix_summary(fix_run, fix_mode, results)
    status = exit_status(results, settings.fail_on, io_errors, linter.tool_failures)
    # --exit-zero forgives findings, never a failure to check (exit 2 stays 2).
    _finish(EXIT_CLEAN if status == EXIT_FINDINGS and settings.exit_zero else status)


def _finish(status: int) -> None:
    """Exit without tearing down every object of the run one by one: for a 1 MB flow the
    interpreter's clean-up is a noticeable share of the whole command. Output is flushed first."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def exit_status(
    results: list[Any], fail_on: Severity, io_errors: int, tool_failures: set[str]
) -> int:
    """2 when flowlint failed to do its job (a file it could not read, a rule that crashed,
    a report it could not write), else 1 when a finding is at or above `fail_on`, else 0."""
    findings = [diagnostic for result in results for diagnostic in result.diagnostics]
    if io_errors or any(diagnostic.rule in tool_failures for diagnostic in findings):
        return EXIT_ERROR
    worst = max((diagnostic.severity for diagnostic in findings), default=None)
    return EXIT_FINDINGS if worst is not None and worst >= fail_on else EXIT_CLEAN


def discover_targets(
    paths: list[str],
    settings: Settings,
    force_exclude: bool,
    skip_non_flows: bool,
    *,
    respect_gitignore: bool = True,
    verbose: bool = False,
    baseline_files: list[Path] | None = None,
) -> list[Target]:
    """The files to check, in a stable order; walk problems are warned about on stderr, and
    with `verbose` what the walk skipped is listed there too."""
    baselines = {os.path.abspath(path) for path in baseline_files or []}
    targets: list[Target] = []
    found = discover(paths, settings.include, settings.exclude, respect_gitignore=respect_gitignore)
    for item in found:
        if isinstance(item, WalkProblem):
            click.echo(escape_unsafe(f"flowlint: warning: {item.path}: {item.message}"), err=True)
            continue
        if isinstance(item, Skipped):
            if verbose:
                click.echo(f"flowlint: skipped {item.path}: {item.reason}", err=True)
            continue
        if item.path != "-" and os.path.abspath(item.path) in baselines:
            if verbose:
                click.echo(f"flowlint: skipped {item.path}: the baseline file", err=True)
            continue
        if item.path != "-" and item.explicit:
            if force_exclude and _excluded(item.path, settings.exclude):
                continue
            if skip_non_flows:
                item = Target(item.path, explicit=False)
        targets.append(item)
    return targets


def _set_aside(results: list[Any], names: set[str]) -> list[tuple[Any, list[Any]]]:
    """Take the findings of rules in `names` out of `results`; returns them per result."""
    taken = []
    for result in results:
        problems = [d for d in result.diagnostics if d.rule in names]
        if problems:
            result.diagnostics = [d for d in result.diagnostics if d.rule not in names]
            taken.append((result, problems))
    return taken


def _report_relative_to(root: Path, results: list[Any]) -> None:
    """Spell every reported path relative to the project root (see flowlint/run/project_root.py)."""
    for result in results:
        shown = reported_path(result.path, root)
        if shown != result.path:
            result.path = shown
            result.diagnostics = [d._replace(path=shown) for d in result.diagnostics]
        if any(note.path for d in result.diagnostics for note in d.related):
            # Notes in other files (a subflow's widget) are spelled the same way.
            result.diagnostics = [
                d._replace(
                    related=tuple(
                        note._replace(path=reported_path(note.path, root)) if note.path else note
                        for note in d.related
                    )
                )
                for d in result.diagnostics
            ]


def _excluded(path: str, patterns: list[str]) -> bool:
    """Whether an `exclude` glob matches the file or one of its folders (as in a walk)."""
    parts = path.replace("\\", "/").split("/")
    prefixes = ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]
    return any(path_matches(prefix, glob) for prefix in prefixes for glob in patterns)


def run_checks(
    linter: Any,
    targets: list[Target],
    *,
    stdin_filename: str | None,
    jobs: int,
    cache: Any,
    show_progress: bool,
    keep_trees: bool = False,
) -> tuple[list[Any], int]:
    """Check every target; returns the results (in discovery order) and the I/O error count."""
    from flowlint.run.batch import check_targets
    from flowlint.run.progress import NoProgress, ProgressBar

    progress = ProgressBar(len(targets), sys.stderr) if show_progress else NoProgress()
    outcome = check_targets(
        linter,
        targets,
        stdin_filename=stdin_filename,
        jobs=jobs,
        cache=cache,
        progress=progress,
        keep_trees=keep_trees,
    )
    for message in outcome.messages:  # they name files of the checked tree
        click.echo(escape_unsafe(message), err=True)
    return outcome.results, outcome.io_errors


def _cache_folder(flag: Path | None, configured: Path) -> Path:
    """`--cache-dir` (with `~` expanded, as `--cache-dir=~/x` reaches us unexpanded), else the
    configured or default folder."""
    return flag.expanduser() if flag is not None else configured


def _read_baseline(baseline_path: Path | None, write_path: Path | None) -> Any:
    if write_path is not None:
        from flowlint.run.baseline import check_baseline_target

        check_baseline_target(write_path)
    if baseline_path is None:
        return None
    from flowlint.run.baseline import read_baseline

    # `--baseline F --write-baseline F` creates F on the first run.
    updating = write_path is not None and os.path.abspath(write_path) == os.path.abspath(
        baseline_path
    )
    return read_baseline(baseline_path, missing_ok=updating)


def _apply_baseline(baseline: Any, results: list[Any], linter: Any, verbosity: Verbosity) -> None:
    from flowlint.run.baseline import apply_baseline, unused_entries_result

    outcome = apply_baseline(baseline, results)
    stale = unused_entries_result(baseline, outcome, results, linter)
    if stale is not None:
        results.append(stale)
    if outcome.hidden and verbosity is Verbosity.NORMAL:
        click.echo(
            f"flowlint: {outcome.hidden} finding{'s' if outcome.hidden != 1 else ''} recorded "
            f"in the baseline {baseline.path} not reported",
            err=True,
        )


def _write_baseline(path: Path, baseline: Any, results: list[Any], verbosity: Verbosity) -> int:
    """Record the findings, then report none of them; returns 1 if the file cannot be written."""
    from flowlint.run.baseline import apply_baseline, entries_outside_run, write_baseline

    keep = []
    dropped = 0
    same_folder = baseline is not None and os.path.dirname(
        os.path.abspath(baseline.path)
    ) == os.path.dirname(os.path.abspath(path))
    if same_folder:  # entries are relative to the baseline's folder, so they carry over as is
        keep = entries_outside_run(baseline, results)
    try:
        count = write_baseline(path, results, keep)
    except OSError as exc:
        click.echo(
            f"flowlint: error: cannot write baseline {path}: {exc.strerror or exc}", err=True
        )
        return 1
    if baseline is not None:
        outcome = apply_baseline(baseline, results)
        dropped = len(outcome.unused) - len(keep)
    for result in results:
        result.diagnostics = []
    note = f"; dropped {dropped} entries that no longer match" if dropped > 0 else ""
    if verbosity is Verbosity.NORMAL:
        click.echo(f"flowlint: wrote {count} entries to the baseline {path}{note}", err=True)
    return 0
