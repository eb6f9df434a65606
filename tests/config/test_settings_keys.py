"""Each configuration key changes what `flowlint check` does, and the command line wins."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from tests.ci.conftest import run_flowlint
from tests.config.conftest import check_json, findings

MENU = "flows/support_menu.json"

PLUGIN_RULE = '''
from flowlint.rule import Rule, Severity


class GreetingTooShort(Rule):
    """
    ## What it finds
    A widget named greet.

    ## Why it matters
    Example plugin rule for the tests.

    ## Example
    `greet`

    ## Fix
    Rename it.
    """

    code = "OWL001"
    name = "greet-widget"
    category = "owl"
    severity = Severity.INFO
    summary = "A widget is named greet"
    options = ()

    def check_widget(self, widget, ctx):
        if widget.name == "greet":
            ctx.report(widget.name_pointer, "widget 'greet' found", widget)
'''


def _write(project: Path, text: str) -> None:
    (project / "flowlint.toml").write_text(textwrap.dedent(text))


def test_select_severity_and_fail_on(project: Path) -> None:
    _write(
        project,
        """
        select = ["graph"]
        fail-on = "warning"

        [severity]
        unreachable-widget = "error"
        FL202 = "info"
        """,
    )
    result = check_json(project, "flows")
    assert sorted(findings(result)) == [
        (MENU, "unhandled-event", "info", "farewell"),
        (MENU, "unhandled-event", "info", "greet"),
        (MENU, "unreachable-widget", "error", "farewell"),
    ]
    assert result.returncode == 1


def test_fail_on_info_turns_infos_into_failures(project: Path) -> None:
    _write(project, 'select = ["FL202"]\nfail-on = "info"\n[severity]\nFL202 = "info"\n')
    assert check_json(project, "flows").returncode == 1
    assert check_json(project, "flows", "--fail-on", "error").returncode == 0


def test_command_line_wins(project: Path) -> None:
    _write(project, 'select = ["graph"]\nignore = ["unhandled-event"]\n')
    assert {rule for _, rule, _, _ in findings(check_json(project, "flows"))} == {
        "unreachable-widget"
    }
    # --select replaces the file's selection; the file's ignore still applies.
    result = check_json(project, "flows", "--select", "FL103,FL202")
    assert {rule for _, rule, _, _ in findings(result)} == {"unknown-transition-target"}
    # --ignore adds to the file's ignore list.
    result = check_json(project, "flows", "--ignore", "FL201")
    assert findings(result) == []


def test_extend_select_enables_more(project: Path) -> None:
    _write(project, 'select = ["FL201"]\nextend-select = ["FL103"]\n')
    assert {rule for _, rule, _, _ in findings(check_json(project, "flows"))} == {
        "unreachable-widget",
        "unknown-transition-target",
    }


def test_per_file_ignores(project: Path) -> None:
    _write(project, '[per-file-ignores]\n"flows/support_*.json" = ["graph"]\n')
    assert {rule for _, rule, _, _ in findings(check_json(project, "flows"))} == {
        "unknown-transition-target"
    }


def test_per_widget_ignores_silence_one_widget(project: Path) -> None:
    _write(
        project,
        """
        [[per-widget-ignores]]
        files = "flows/support_menu.json"
        widget = "fare*"
        rules = ["unhandled-event", "FL201"]

        [[per-widget-ignores]]
        widget = "greet"
        rules = ["FL103"]
        """,
    )
    assert findings(check_json(project, "flows")) == [(MENU, "unhandled-event", "warning", "greet")]


def test_include_and_exclude_shape_directory_walks(project: Path) -> None:
    (project / "flows" / "legacy").mkdir()
    (project / "flows" / "support_menu.json").rename(project / "flows" / "legacy" / "menu.json")
    _write(project, 'exclude = ["flows/legacy"]\n')
    assert findings(check_json(project, "flows")) == []
    _write(project, 'include = ["*/legacy/*.json"]\n')
    paths = {path for path, _, _, _ in findings(check_json(project, "flows"))}
    assert paths == {"flows/legacy/menu.json"}


def test_rule_options_are_checked_and_applied(project: Path) -> None:
    _write(project, "[rules.too-many-widgets]\nmax-widgets = 2\n")
    result = check_json(project, "flows/clean.json")
    assert [rule for _, rule, _, _ in findings(result)] == ["too-many-widgets"]


def test_max_file_size(project: Path) -> None:
    _write(project, "max-file-size = 100\n")
    result = check_json(project, "flows/clean.json")
    assert [rule for _, rule, _, _ in findings(result)] == ["file-too-large"]


def test_rules_dirs_are_relative_to_the_configuration_file(project: Path) -> None:
    (project / "owl_rules").mkdir()
    (project / "owl_rules" / "greet_widget.py").write_text(PLUGIN_RULE)
    _write(project, 'rules-dirs = ["owl_rules"]\nextend-select = ["OWL"]\n')
    result = run_flowlint(
        "check",
        "--format",
        "json",
        "--no-cache",
        "--trust-config-rules",  # the file's rule folders load only when asked (security.md)
        "../flows",
        cwd=project / "owl_rules",
    )
    # Reported relative to the project root (the configuration's folder), not the cwd.
    assert ("flows/support_menu.json", "greet-widget", "info", "greet") in findings(result)


def test_globs_are_relative_to_the_configuration_file(project: Path) -> None:
    (project / "flows" / "legacy").mkdir()
    shutil.copy(project / "flows" / "support_menu.json", project / "flows" / "legacy" / "old.json")
    _write(
        project,
        """
        exclude = ["flows/legacy"]

        [per-file-ignores]
        "flows/support_*.json" = ["graph"]

        [[per-widget-ignores]]
        files = "flows/support_menu.json"
        widget = "greet"
        rules = ["FL103"]
        """,
    )
    from_root = findings(check_json(project, "flows"))
    # Run from flows/, paths are reported as `support_menu.json`, `legacy/old.json`: the globs
    # written from the configuration file's folder still apply.
    from_flows = findings(check_json(project, ".", cwd=project / "flows"))
    assert from_root == from_flows == []
