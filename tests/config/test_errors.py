"""A mistake in the configuration stops the run with exit status 2 and a message naming the
file, the key and what was expected; never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ci.conftest import run_flowlint
from tests.config.conftest import check_json

CASES = [
    pytest.param(
        'selct = ["FL1"]\n',
        "flowlint.toml: unknown key 'selct'; did you mean 'select'?",
        id="unknown-key",
    ),
    pytest.param(
        'fail_on = "warning"\n',
        "flowlint.toml: unknown key 'fail_on'; did you mean 'fail-on'?",
        id="underscore-key",
    ),
    pytest.param(
        'ignore = ["unreachable-widgets"]\n',
        "flowlint.toml: ignore: 'unreachable-widgets' matches no rule; did you mean 'unreachable-widget'?",
        id="unknown-rule",
    ),
    pytest.param(
        'select = "FL103"\n',
        'flowlint.toml: select: expected an array of strings (rule selectors), got "FL103"',
        id="string-not-array",
    ),
    pytest.param(
        'fail-on = "warn"\n',
        'flowlint.toml: fail-on: expected one of "error", "warning", "info", got "warn"',
        id="bad-severity",
    ),
    pytest.param(
        "max-file-size = true\n",
        "flowlint.toml: max-file-size: expected a positive whole number of bytes, got true",
        id="bool-not-int",
    ),
    pytest.param(
        '[severity]\nunreachable-widget = "fatal"\n',
        'flowlint.toml: severity.unreachable-widget: expected one of "error", "warning", "info", got "fatal"',
        id="bad-severity-override",
    ),
    pytest.param(
        '[severity]\nno-such-rule = "error"\n',
        "flowlint.toml: severity.no-such-rule: 'no-such-rule' matches no rule",
        id="severity-unknown-rule",
    ),
    pytest.param(
        "[rules.too-many-widgets]\nmax = 3\n",
        "flowlint.toml: rules.too-many-widgets.max: rule too-many-widgets has no option 'max'",
        id="unknown-option",
    ),
    pytest.param(
        '[rules.too-many-widgets]\nmax_widgets = "300"\n',
        "flowlint.toml: rules.too-many-widgets.max_widgets: expected a whole number",
        id="option-type",
    ),
    pytest.param(
        "[rules.too-many-widget]\nmax_widgets = 3\n",
        "flowlint.toml: rules.too-many-widget: no rule is named 'too-many-widget'; did you mean 'too-many-widgets'?",
        id="options-unknown-rule",
    ),
    pytest.param(
        '[per-file-ignores]\n"flows/*.json" = "FL201"\n',
        'flowlint.toml: per-file-ignores.flows/*.json: expected an array of strings (rules to silence), got "FL201"',
        id="per-file-not-array",
    ),
    pytest.param(
        '[[per-widget-ignores]]\nwidget = "x"\nrule = ["FL201"]\n',
        "flowlint.toml: per-widget-ignores[1]: unknown key 'rule'; did you mean 'rules'?",
        id="per-widget-key",
    ),
    pytest.param(
        'rules-dirs = ["missing_rules"]\n',
        "flowlint.toml: rules-dirs: rules directory",
        id="missing-rules-dir",
    ),
    pytest.param(
        'select = ["FL1"\n',
        "flowlint.toml: not valid TOML:",
        id="toml-syntax",
    ),
]


@pytest.mark.parametrize(("text", "message"), CASES)
def test_configuration_mistakes_are_exit_2(project: Path, text: str, message: str) -> None:
    (project / "flowlint.toml").write_text(text)
    for command in (["check", "--format", "json", "--no-cache", "flows"], ["config", "--show"]):
        # Trusted, so that `rules-dirs` is checked too (untrusted it is skipped, security.md).
        result = run_flowlint(*command, cwd=project, env={"FLOWLINT_TRUST_CONFIG_RULES": "1"})
        assert result.returncode == 2, result.stdout
        assert result.stdout == ""
        assert result.stderr.startswith("flowlint: error: "), result.stderr
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_pyproject_mistakes_name_the_table(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.flowlint]\nexclude = "legacy"\n')
    result = check_json(project, "flows")
    assert result.returncode == 2
    assert (
        'pyproject.toml: [tool.flowlint] exclude: expected an array of strings (file or folder globs), got "legacy"'
        in result.stderr
    )


def test_tool_flowlint_must_be_a_table(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool]\nflowlint = "strict"\n')
    result = check_json(project, "flows")
    assert result.returncode == 2
    assert "pyproject.toml: [tool.flowlint] must be a table" in result.stderr


def test_isolated_ignores_a_broken_file(project: Path) -> None:
    (project / "flowlint.toml").write_text("this is not toml\n")
    assert check_json(project, "flows", "--isolated").returncode == 1
