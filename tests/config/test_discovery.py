"""Which configuration file applies: nearest folder first, `.flowlint.toml` before
`flowlint.toml` before `pyproject.toml` (only with `[tool.flowlint]`), `--config`, `--isolated`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ci.conftest import run_flowlint
from tests.config.conftest import check_json, findings

IGNORE_UNHANDLED = 'ignore = ["unhandled-event"]\n'
IGNORE_UNREACHABLE = 'ignore = ["unreachable-widget"]\n'


def _rules(project: Path, *args: str, cwd: Path | None = None) -> set[str]:
    return {rule for _, rule, _, _ in findings(check_json(project, "flows", *args, cwd=cwd))}


def test_defaults_without_configuration(project: Path) -> None:
    assert _rules(project) == {"unknown-transition-target", "unhandled-event", "unreachable-widget"}


def test_pyproject_tool_table_found_from_a_subfolder(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "owl-bank-flows"\n\n[tool.flowlint]\n' + IGNORE_UNHANDLED
    )
    assert "unhandled-event" not in _rules(project)
    # Run from flows/: the file one folder up still applies (paths are then relative to flows/).
    result = run_flowlint("check", "--format", "json", "--no-cache", ".", cwd=project / "flows")
    assert {rule for _, rule, _, _ in findings(result)} == {
        "unknown-transition-target",
        "unreachable-widget",
    }


def test_pyproject_without_tool_table_is_passed_over(project: Path, tmp_path: Path) -> None:
    (tmp_path / "flowlint.toml").write_text(IGNORE_UNREACHABLE)
    (project / "pyproject.toml").write_text('[project]\nname = "no-flowlint-table"\n')
    assert "unreachable-widget" not in _rules(project)


@pytest.mark.parametrize(
    "table",
    [
        "[tool.flowlint]\n" + IGNORE_UNHANDLED,
        '[ tool . "flowlint" ]\n' + IGNORE_UNHANDLED,
        'tool.flowlint.ignore = ["unhandled-event"]\n',
        '[tool]\nflowlint = { ignore = ["unhandled-event"] }\n',
        'tool = { flowlint = { ignore = ["unhandled-event"] } }\n',
        '[tool."\\u0066lowlint"]\n' + IGNORE_UNHANDLED,
    ],
)
def test_every_spelling_of_the_tool_table_is_read(project: Path, table: str) -> None:
    """pyproject.toml files are screened by their text before the TOML parser is imported;
    the screen must let every way of writing [tool.flowlint] through."""
    (project / "pyproject.toml").write_text(table + '[project]\nname = "flowlint-user"\n')
    assert "unhandled-event" not in _rules(project)


def test_unrelated_broken_pyproject_does_not_stop_the_run(project: Path) -> None:
    """A pyproject.toml that cannot configure flowlint is not parsed, so its TOML mistakes
    are not flowlint's to report."""
    (project / "pyproject.toml").write_text('[project]\nname = "flowlint-user\n[tool.ruff]\n')
    assert _rules(project) == {"unknown-transition-target", "unhandled-event", "unreachable-widget"}


def test_file_names_in_one_folder_take_turns(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.flowlint]\n" + 'ignore = ["FL103"]\n')
    (project / "flowlint.toml").write_text(IGNORE_UNREACHABLE)
    assert _rules(project) == {"unknown-transition-target", "unhandled-event"}
    (project / ".flowlint.toml").write_text(IGNORE_UNHANDLED)
    assert _rules(project) == {"unknown-transition-target", "unreachable-widget"}


def test_nearest_folder_wins_and_files_do_not_merge(project: Path) -> None:
    (project / "flowlint.toml").write_text(IGNORE_UNREACHABLE)
    (project / "flows" / "flowlint.toml").write_text(IGNORE_UNHANDLED)
    result = run_flowlint("check", "--format", "json", "--no-cache", ".", cwd=project / "flows")
    assert {rule for _, rule, _, _ in findings(result)} == {
        "unknown-transition-target",
        "unreachable-widget",
    }


def test_explicit_config_and_isolated(project: Path, tmp_path: Path) -> None:
    (project / "flowlint.toml").write_text(IGNORE_UNREACHABLE)
    elsewhere = tmp_path / "ci-settings.toml"
    elsewhere.write_text(IGNORE_UNHANDLED)
    assert "unhandled-event" not in _rules(project, "--config", str(elsewhere))
    assert "unreachable-widget" in _rules(project, "--config", str(elsewhere))
    assert _rules(project, "--isolated") == {
        "unknown-transition-target",
        "unhandled-event",
        "unreachable-widget",
    }


def test_explicit_pyproject_needs_the_tool_table(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    result = check_json(project, "flows", "--config", "pyproject.toml")
    assert result.returncode == 2
    assert "pyproject.toml has no [tool.flowlint] table" in result.stderr


def test_missing_explicit_config_is_exit_2(project: Path) -> None:
    result = check_json(project, "flows", "--config", "nowhere.toml")
    assert result.returncode == 2
    assert "cannot read configuration file nowhere.toml" in result.stderr
