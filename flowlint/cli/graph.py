"""`flowlint graph FILE`: draw a flow's widget graph as Mermaid, Graphviz DOT or SVG.

The file is checked with the project's configuration first, so widgets with findings are
marked. SVG needs Graphviz's `dot` program; without it the command says so and suggests the
formats that need nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click

from flowlint.cli.trust_option import (
    trust_config_rules_option,
    trusts_config_rules,
    warn_about_withheld_rules,
)
from flowlint.engine.settings import ConfigError
from flowlint.source.text_safety import escape_unsafe

DOT_TIMEOUT_SECONDS = 120
MISSING_DOT = (
    "--format svg needs Graphviz's `dot` program, which is not on PATH; install Graphviz "
    "(apt-get install graphviz, brew install graphviz, choco install graphviz) or use "
    "--format mermaid or --format dot"
)


def _fail(message: str) -> None:
    # Messages quote paths, flow names and Graphviz's errors about labels: text from files.
    click.echo(f"flowlint: error: {escape_unsafe(message)}", err=True)
    sys.exit(2)


def program_on_path(name: str, search_path: str | None = None) -> str | None:
    """`name` found in the absolute folders of PATH only.

    A relative or empty PATH entry (`.`, `bin`, `::`) means the working folder, which is
    often a repository someone else wrote: a `dot` checked into it must not be what runs.
    (On Windows `shutil.which` also looks in the working folder first, whatever PATH says.)"""
    folders = (os.environ.get("PATH", "") if search_path is None else search_path).split(os.pathsep)
    absolute = os.pathsep.join(folder for folder in folders if os.path.isabs(folder))
    found = shutil.which(name, path=absolute) if absolute else None
    if found is None or not os.path.isabs(found):
        return None
    if os.path.dirname(os.path.abspath(found)) == os.getcwd() and os.getcwd() not in folders:
        return None  # Windows' implicit working-folder lookup
    return found


def render_svg(dot_text: str) -> str:
    """Lay out DOT with Graphviz. Raises click.ClickException-like exits on failure."""
    program = program_on_path("dot")
    if program is None:
        _fail(MISSING_DOT)
        return ""
    try:
        finished = subprocess.run(
            [program, "-Tsvg"],
            input=dot_text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=DOT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        _fail(f"Graphviz `dot` failed: {exc}")
        return ""
    if finished.returncode != 0:
        _fail(f"Graphviz `dot` failed (status {finished.returncode}): {finished.stderr.strip()}")
    return finished.stdout


@click.command("graph", short_help="Draw a flow's widget graph (mermaid, dot, svg).")
@click.argument("paths", type=str, nargs=-1)
@click.option(
    "--project",
    is_flag=True,
    help="Draw the project instead: its flows and Functions (PATHS: files or folders, "
    "default .), with their run-subflow and run-function calls and findings marked.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["mermaid", "dot", "svg"]),
    default="mermaid",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the picture to this file instead of standard output.",
)
@click.option(
    "--markdown",
    is_flag=True,
    help="Mermaid: wrap in a ```mermaid fence, ready to paste into a GitHub comment.",
)
@click.option(
    "--flow",
    "flow_selector",
    default=None,
    help="For files with several flows (list pages): the flow to draw, by name, SID or "
    "position (0-based); default: all of them.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Configuration file for the findings marked on the picture.",
)
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@trust_config_rules_option
def graph_command(
    paths: tuple[str, ...],
    project: bool,
    output_format: str,
    output: Path | None,
    markdown: bool,
    flow_selector: str | None,
    config_path: Path | None,
    isolated: bool,
    trust_config_rules: bool,
) -> None:
    """Draw the widget graph of the flow in PATH (- for stdin): transitions labelled with their
    events, unreachable widgets dashed, transitions to missing widgets in red, widgets with
    findings filled by severity. With --project, draw how the flows of PATHS call each other
    and the repository's Functions."""
    from flowlint.config import load_settings
    from flowlint.engine.linter import Linter
    from flowlint.graph.pictures import dot, layout, mermaid
    from flowlint.source.reading import read_file

    try:
        resolved = load_settings(
            Path.cwd(),
            config_path,
            isolated,
            trust_rules_dirs=trusts_config_rules(trust_config_rules),
        )
        warn_about_withheld_rules(resolved)
        resolved.anchor_globs(Path.cwd())
        linter = Linter(resolved.settings, registry=resolved.registry)
    except ConfigError as exc:
        _fail(str(exc))
        return
    if project:
        text = _project_picture(linter, resolved.path, list(paths) or ["."], output_format)
        _emit(text, output_format, markdown, output)
        return
    if len(paths) != 1:
        _fail("graph draws one flow file (PATH), or a project with --project")
        return
    path = paths[0]
    try:
        data = (
            sys.stdin.buffer.read()
            if path == "-"
            else read_file(path, resolved.settings.max_file_size)
        )
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror or exc}")
        return
    result = linter.lint_bytes(data, "<stdin>" if path == "-" else path, explicit=True)
    flows = result.document.flows if result.document is not None else []
    if not flows:
        reason = result.diagnostics[0].message if result.diagnostics else "no Studio flow in it"
        _fail(f"cannot draw {path}: {reason}")
        return
    numbered = list(enumerate(flows))
    if flow_selector is not None:
        numbered = [
            (number, flow)
            for number, flow in numbered
            if flow_selector in (str(number), flow.label, flow.data.get("friendly_name"))
        ]
        if not numbered:
            labels = ", ".join(
                f"{number}: {flow.label or '-'}" for number, flow in enumerate(flows)
            )
            _fail(f"--flow {flow_selector!r} matches no flow in {path} (its flows: {labels})")
            return
    pictures = [
        layout(
            flow,
            result.diagnostics,
            f"f{number}_" if len(flows) > 1 else "w",
            flow.label or f"flow {number}",
        )
        for number, flow in numbered
    ]
    if output_format == "mermaid":
        text = mermaid(pictures)
    else:
        text = dot(pictures, Path(path).name if path != "-" else "stdin")
    _emit(text, output_format, markdown, output)


def _emit(text: str, output_format: str, markdown: bool, output: Path | None) -> None:
    """Finish the picture (Markdown fence, SVG layout) and write it out."""
    from flowlint.run.atomic import write_atomically

    if output_format == "mermaid" and markdown:
        text = f"```mermaid\n{text}```\n"
    if output_format == "svg":
        text = render_svg(text)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomically(output, text)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")


def _project_picture(
    linter: Any, config_file: Path | None, paths: list[str], output_format: str
) -> str:
    """Check the flows under `paths` with the project around them and draw the project."""
    from flowlint.project.picture import project_dot, project_layout, project_mermaid
    from flowlint.run.batch import check_targets
    from flowlint.run.files import Target, discover
    from flowlint.run.project_root import project_root
    from flowlint.run.project_sources import find_project

    settings = linter.settings
    targets = [
        item
        for item in discover(paths, settings.include, settings.exclude)
        if isinstance(item, Target) and item.path != "-"
    ]
    linter.project = find_project(
        project_root(config_file, Path.cwd()), [t.path for t in targets], settings
    )
    outcome = check_targets(linter, targets, jobs=1, keep_trees=True)
    files = [
        (
            result.path,
            result.document.flows if result.document is not None else [],
            result.diagnostics,
        )
        for result in outcome.results
    ]
    if not any(flows for _, flows, _ in files):
        _fail(f"no Studio flow found in {', '.join(paths)}")
    picture = project_layout(files, linter.project)
    if output_format == "mermaid":
        return project_mermaid(picture)
    return project_dot(picture, "project")
