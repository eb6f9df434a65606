"""A configuration file's `rules-dirs` is Python from the repository: no command imports it
unless the person running flowlint opts in (`--trust-config-rules`,
`FLOWLINT_TRUST_CONFIG_RULES=1`); `--rules-dir` on the command line is always honoured.
docs/security.md, "Code flowlint runs"."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_flowlint
from tests.security.hostile_project import RULES_FOLDER, code_ran, make_hostile_project

UNTRUSTED = {"FLOWLINT_TRUST_CONFIG_RULES": ""}
"""The variable set but empty, so a developer's own opt-in cannot leak into the test."""
TRUSTED = {"FLOWLINT_TRUST_CONFIG_RULES": "1"}

COMMANDS = {
    "check": ["check", "--no-cache", "--format", "json", "flows"],
    "check-cached": ["check", "flows"],
    "config-show": ["config", "--show"],
    "config-show-json": ["config", "--show", "--format", "json"],
    "rules": ["rules"],
    "explain": ["explain", "FL103"],
    "graph": ["graph", "flows/flow.json"],
}

WARNING = f"not loading the rule folders {RULES_FOLDER}"


@pytest.mark.parametrize("config_name", [".flowlint.toml", "flowlint.toml", "pyproject.toml"])
@pytest.mark.parametrize("command", COMMANDS)
def test_no_command_runs_the_repository_rules_without_an_opt_in(
    tmp_path: Path, command: str, config_name: str
) -> None:
    project = make_hostile_project(tmp_path / "project", config_name)
    result = run_flowlint(*COMMANDS[command], cwd=project, env=UNTRUSTED)
    assert not code_ran(project), result.stderr
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert WARNING in result.stderr
    assert "--trust-config-rules" in result.stderr
    assert "FLOWLINT_TRUST_CONFIG_RULES=1" in result.stderr


def test_a_config_file_named_with_config_is_not_trusted_either(tmp_path: Path) -> None:
    """In CI `--config` still names the pull request's file."""
    project = make_hostile_project(tmp_path / "project", "flowlint.toml")
    for command in (["check", "--no-cache"], ["config", "--show"], ["graph"]):
        path = ["flows/flow.json"] if command[0] != "config" else []
        result = run_flowlint(
            *command, "--config", "flowlint.toml", *path, cwd=project, env=UNTRUSTED
        )
        assert not code_ran(project), (command, result.stderr)
        assert WARNING in result.stderr


def test_without_the_opt_in_the_run_checks_everything_else(tmp_path: Path) -> None:
    """The names only the repository's rules could define are dropped with a warning, not an
    error: an untrusted pull request is still checked by every built-in rule."""
    project = make_hostile_project(tmp_path / "project")
    shutil.copy(FIXTURES / "cli" / "misspelt_next.json", project / "flows" / "misspelt.json")
    (project / ".flowlint.toml").write_text(
        f'rules-dirs = ["{RULES_FOLDER}"]\nignore = ["REPO001", "FL501"]\n'
        '[severity]\nrepository-rule = "error"\nFL103 = "warning"\n'
        "[rules.repository-rule]\nlimit = 3\n"
    )
    result = run_flowlint(
        "check", "--no-cache", "--format", "json", "flows", cwd=project, env=UNTRUSTED
    )
    assert result.returncode in (0, 1), result.stderr
    assert not code_ran(project)
    found = {(item["code"], item["severity"]) for item in json.loads(result.stdout)["diagnostics"]}
    assert ("FL103", "warning") in found, "the built-in rules ran with the file's severities"
    assert "ignoring 'REPO001'" in result.stderr
    assert "ignoring 'repository-rule'" in result.stderr
    assert "FL501" not in result.stderr  # a built-in name is kept and applied


def test_config_show_marks_the_folders_not_loaded(tmp_path: Path) -> None:
    project = make_hostile_project(tmp_path / "project")
    text = run_flowlint("config", "--show", cwd=project, env=UNTRUSTED).stdout
    line = next(line for line in text.splitlines() if line.startswith("rules-dirs"))
    assert RULES_FOLDER in line
    assert "not loaded: needs --trust-config-rules or FLOWLINT_TRUST_CONFIG_RULES=1" in line
    shown = json.loads(
        run_flowlint("config", "--show", "--format", "json", cwd=project, env=UNTRUSTED).stdout
    )
    assert shown["settings"]["rules-dirs"] == []
    assert [Path(folder).name for folder in shown["rules-dirs-not-loaded"]] == [RULES_FOLDER]


def _rule_codes(result_stdout: str) -> set[str]:
    return {item["code"] for item in json.loads(result_stdout)["diagnostics"]}


@pytest.mark.parametrize(
    ("flag", "env"),
    [
        (["--trust-config-rules"], UNTRUSTED),
        ([], TRUSTED),
        ([], {"FLOWLINT_TRUST_CONFIG_RULES": "true"}),
    ],
    ids=["flag", "env-1", "env-true"],
)
def test_check_loads_the_repository_rules_when_asked(
    tmp_path: Path, flag: list[str], env: dict[str, str]
) -> None:
    project = make_hostile_project(tmp_path / "project")
    result = run_flowlint(
        "check", "--no-cache", "--format", "json", *flag, "flows", cwd=project, env=env
    )
    assert code_ran(project)
    assert "REPO001" in _rule_codes(result.stdout)
    assert WARNING not in result.stderr


def test_the_other_commands_load_them_when_asked(tmp_path: Path) -> None:
    project = make_hostile_project(tmp_path / "project")
    listed = run_flowlint("rules", "--trust-config-rules", cwd=project, env=UNTRUSTED)
    assert "REPO001" in listed.stdout
    explained = run_flowlint("explain", "REPO001", cwd=project, env=TRUSTED)
    assert explained.returncode == 0 and "A rule defined in the repository" in explained.stdout
    shown = run_flowlint("config", "--show", "--trust-config-rules", cwd=project, env=UNTRUSTED)
    assert "not loaded" not in shown.stdout
    assert code_ran(project)


def test_explain_of_a_withheld_rule_says_why_it_is_unknown(tmp_path: Path) -> None:
    project = make_hostile_project(tmp_path / "project")
    result = run_flowlint("explain", "REPO001", cwd=project, env=UNTRUSTED)
    assert result.returncode == 2
    assert WARNING in result.stderr and "no rule 'REPO001'" in result.stderr
    assert not code_ran(project)


def test_rules_dir_on_the_command_line_is_always_honoured(tmp_path: Path) -> None:
    project = make_hostile_project(tmp_path / "project")
    (project / ".flowlint.toml").unlink()
    result = run_flowlint(
        "check",
        "--no-cache",
        "--format",
        "json",
        "--rules-dir",
        RULES_FOLDER,
        "--select",
        "REPO001",
        "flows",
        cwd=project,
        env=UNTRUSTED,
    )
    assert code_ran(project)
    assert _rule_codes(result.stdout) == {"REPO001"}
    assert "warning" not in result.stderr


def test_the_warning_escapes_names_from_the_file(tmp_path: Path) -> None:
    project = make_hostile_project(tmp_path / "project")
    (project / ".flowlint.toml").write_text(
        'rules-dirs = ["rules\\u001b]0;pwned\\u0007"]\nselect = ["X\\u202eY"]\n'
    )
    result = run_flowlint("check", "--no-cache", "flows", cwd=project, env=UNTRUSTED)
    assert "not loading the rule folders" in result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "\\x1b" in result.stderr and "\\u202e" in result.stderr
