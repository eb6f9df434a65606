"""`flowlint test`: run flows offline against the cases of `*.flowtest.yaml` files.

Exit statuses: 0 every case passed (and coverage met --fail-under), 1 a case failed or coverage
is under --fail-under, 2 a test file or its flow cannot be used, or no test file was found.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from flowlint.source.text_safety import escape_unsafe

if TYPE_CHECKING:
    from flowlint.simulate.coverage import FlowCoverage
    from flowlint.simulate.flow_file import FlowFile
    from flowlint.simulate.suite import FileResult

EXIT_PASSED = 0
EXIT_FAILED = 1
EXIT_UNUSABLE = 2


@click.command("test", short_help="Run flows offline against *.flowtest.yaml test cases.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-k",
    "keyword",
    default=None,
    metavar="TEXT",
    help="Run only the cases whose name contains TEXT (case-insensitive).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "junit", "github"]),
    default="text",
    show_default=True,
    help="Output format (github: workflow-command annotations of failed cases and, with "
    "--coverage, of untested transitions, then the text report).",
)
@click.option(
    "--junit-xml",
    "junit_xml",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="FILE",
    help="Also write the results as JUnit XML to FILE (for CI test reports), whatever --format.",
)
@click.option(
    "--coverage",
    is_flag=True,
    help="Report, per flow, the transitions the cases took and the ones they did not.",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    default=None,
    metavar="PERCENT",
    help="Exit 1 when a flow's transition coverage is under PERCENT (implies --coverage).",
)
@click.option(
    "--coverage-report",
    type=click.Choice(["json", "sarif"]),
    default=None,
    help="Also write the coverage report (implies --coverage) to --coverage-output, for CI "
    "annotations of untested branches.",
)
@click.option(
    "--coverage-output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="FILE",
    help="Where --coverage-report writes [default: flowtest-coverage.json / .sarif].",
)
@click.option(
    "--scaffold",
    "scaffold_flow",
    type=click.Path(path_type=Path),
    default=None,
    metavar="FLOW",
    help="Print a starting test file for FLOW (one passing case per path the simulator can "
    "drive) instead of running tests: flowlint test --scaffold f.json > f.flowtest.yaml",
)
def test_command(
    paths: tuple[Path, ...],
    keyword: str | None,
    output_format: str,
    junit_xml: Path | None,
    coverage: bool,
    fail_under: float | None,
    coverage_report: str | None,
    coverage_output: Path | None,
    scaffold_flow: Path | None,
) -> None:
    """Run Studio flows offline against the cases of *.flowtest.yaml files in PATHS (files or
    folders; default: the current folder). See docs/testing.md for the file format."""
    from flowlint.simulate.reports import json_report, junit_report, text_report
    from flowlint.simulate.suite import find_test_files, run_test_file

    if scaffold_flow is not None:
        _scaffold(scaffold_flow)
        return
    started = time.perf_counter()
    test_files = find_test_files(list(paths) or [Path(".")])
    if not test_files:
        click.echo("flowlint test: no *.flowtest.yaml file found", err=True)
        sys.exit(EXIT_UNUSABLE)
    files = [run_test_file(path, keyword) for path in test_files]
    want_coverage = coverage or fail_under is not None or coverage_report is not None
    reports = _coverage(files) if want_coverage else None
    if coverage_report is not None and reports is not None:
        _write_coverage(reports, coverage_report, coverage_output)
    seconds = time.perf_counter() - started
    if junit_xml is not None:
        _write_report(junit_xml, junit_report(files, seconds))
    if output_format == "json":
        click.echo(json_report(files, seconds, reports), nl=False)
    elif output_format == "junit":
        click.echo(junit_report(files, seconds), nl=False)
    elif output_format == "github":
        from flowlint.simulate.reports_github import github_report

        click.echo(github_report(files, seconds, reports), nl=False)
    else:
        click.echo(text_report(files, seconds, reports), nl=False)
    if any(file.error is not None for file in files):
        sys.exit(EXIT_UNUSABLE)
    if any(not result.passed for file in files for result in file.results):
        sys.exit(EXIT_FAILED)
    if fail_under is not None and reports and any(r.percent < fail_under for r in reports):
        click.echo(f"flowlint test: transition coverage is under {fail_under:g}%", err=True)
        sys.exit(EXIT_FAILED)
    sys.exit(EXIT_PASSED)


def _coverage(files: list[FileResult]) -> list[FlowCoverage]:
    """One report per flow; cases of several test files for the same flow add up."""
    from flowlint.simulate.coverage import flow_coverage

    taken: dict[Path, set[tuple[str, int]]] = {}
    flows: dict[Path, FlowFile] = {}
    for file in files:
        if file.flow_file is None:
            continue
        key = file.flow_file.path.resolve()
        flows.setdefault(key, file.flow_file)
        bucket = taken.setdefault(key, set())
        for result in file.results:
            bucket |= result.run.taken
    return [flow_coverage(flows[key], taken[key]) for key in flows]


def _scaffold(path: Path) -> None:
    from flowlint.simulate.flow_file import FlowFileError, read_flow_file
    from flowlint.simulate.scaffold import scaffold

    try:
        flow_file = read_flow_file(path)
    except FlowFileError as exc:
        click.echo(escape_unsafe(f"flowlint test: {exc}"), err=True)
        sys.exit(EXIT_UNUSABLE)
    written = scaffold(flow_file.flow, path.name)
    click.echo(written.text, nl=False)
    cases = "1 case" if written.driven == 1 else f"{written.driven} cases"
    paths = "1 path" if written.paths == 1 else f"{written.paths} paths"
    click.echo(escape_unsafe(f"flowlint test: {cases} written for {paths} of {path}"), err=True)
    sys.exit(EXIT_PASSED)


def _write_coverage(reports: list[FlowCoverage], kind: str, output: Path | None) -> None:
    import json

    from flowlint.simulate.coverage_sarif import coverage_sarif
    from flowlint.simulate.reports import coverage_json

    if kind == "sarif":
        text = coverage_sarif(reports)
    else:
        text = json.dumps([coverage_json(report) for report in reports], indent=2) + "\n"
    _write_report(output or Path(f"flowtest-coverage.{kind}"), text)


def _write_report(target: Path, text: str) -> None:
    from flowlint.run.atomic import write_atomically

    try:
        write_atomically(target, text)
    except OSError as exc:
        click.echo(
            escape_unsafe(f"flowlint test: cannot write {target}: {exc.strerror or exc}"), err=True
        )
        sys.exit(EXIT_UNUSABLE)
