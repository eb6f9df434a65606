"""`flowlint check` on `${NAME}` templates, with and without `--env`, through the real CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import run_flowlint, run_json
from tests.templates.conftest import TEMPLATE, line_column

PROD_SID = {"FLOWLINT_TEST_PROD_WORKFLOW_SID": "WW22222222222222222222222222222222"}


def _findings(report: dict[str, Any]) -> list[tuple[str, str, int, int]]:
    return [
        (d["rule"], d["severity"], d["range"]["start"]["line"], d["range"]["start"]["column"])
        for d in report["diagnostics"]
    ]


def test_without_env_a_template_is_linted_with_neutral_placeholders(project: Path) -> None:
    status, report = run_json("--no-cache", TEMPLATE, cwd=project)
    # `"timeout": ${TIMEOUT}` is not JSON, `"${WORKFLOW_SID}"` is not a SID: neither is reported,
    # and template-placeholder leaves `${NAME}` to the template machinery.
    assert (status, report["diagnostics"]) == (0, [])


def test_without_env_a_real_mistake_is_found_at_its_template_line(project: Path) -> None:
    path = project / TEMPLATE
    text = path.read_text().replace('"next": "sorry"', '"next": "nobody"')
    path.write_text(text)
    status, report = run_json("--no-cache", TEMPLATE, cwd=project)
    assert status == 1
    assert _findings(report) == [
        ("unknown-transition-target", "error", *line_column(text, '"nobody"')),
        ("unreachable-widget", "warning", line_column(text, '"sorry",')[0], 15),
    ]


def test_env_finding_in_a_substituted_value_points_at_its_placeholder(project: Path) -> None:
    toml = project / "flowlint.toml"
    toml.write_text(toml.read_text().replace('"WW11111111111111111111111111111111"', '"WW1"'))
    status, report = run_json("--no-cache", "--env", "dev", TEMPLATE, cwd=project)
    text = (project / TEMPLATE).read_text()
    assert status == 1
    found = _findings(report)
    assert ("invalid-sid", "error", *line_column(text, '"${WORKFLOW_SID}"')) in found
    # A whole value rendered as a number where Studio wants a string: at `${TIMEOUT}`.
    assert ("invalid-property-type", "error", *line_column(text, "${TIMEOUT}")) in found
    sid = next(d for d in report["diagnostics"] if d["rule"] == "invalid-sid")
    end = sid["range"]["end"]
    assert (end["line"], end["column"]) == (
        line_column(text, '"${WORKFLOW_SID}"')[0],
        line_column(text, '"${WORKFLOW_SID}"')[1] + len('"${WORKFLOW_SID}"'),
    )


def test_env_with_good_values_only_reports_the_unquoted_number(project: Path) -> None:
    status, report = run_json("--no-cache", "--env", "prod", TEMPLATE, cwd=project, env=PROD_SID)
    text = (project / TEMPLATE).read_text()
    # prod's TIMEOUT is the number 30, written as a whole value: Studio wants "30".
    assert _findings(report) == [
        ("invalid-property-type", "error", *line_column(text, "${TIMEOUT}"))
    ]
    assert status == 1


def test_a_placeholder_the_environment_lacks_is_an_error_naming_it(project: Path) -> None:
    path = project / TEMPLATE
    text = path.read_text().replace("${CHANNEL_SID}", "${CHANEL_SID}")
    path.write_text(text)
    status, report = run_json("--no-cache", "--env", "dev", TEMPLATE, cwd=project)
    missing = [d for d in report["diagnostics"] if d["rule"] == "undefined-placeholder"]
    assert status == 1
    assert [(d["severity"], d["message"]) for d in missing] == [
        (
            "error",
            "`${CHANEL_SID}` has no value in environment 'dev'; did you mean 'CHANNEL_SID'? "
            "(add `CHANEL_SID = ...` to its table)",
        )
    ]
    start = missing[0]["range"]["start"]
    assert (start["line"], start["column"]) == line_column(text, "${CHANEL_SID}")
    # Without --env, a name no environment defines is a warning (a typo or a value to add).
    status, report = run_json("--no-cache", TEMPLATE, cwd=project)
    assert [(d["rule"], d["severity"]) for d in report["diagnostics"]] == [
        ("undefined-placeholder", "warning")
    ]


def test_an_unset_environment_variable_is_a_configuration_error_naming_it(
    project: Path,
) -> None:
    result = run_flowlint("check", "--no-cache", "--env", "prod", TEMPLATE, cwd=project)
    assert result.returncode == 2
    assert "FLOWLINT_TEST_PROD_WORKFLOW_SID" in result.stderr
    assert "${WORKFLOW_SID}" in result.stderr
    assert "Traceback" not in result.stderr
    # Only the chosen environment's variables must be set.
    assert (
        run_flowlint("check", "--no-cache", "--env", "dev", TEMPLATE, cwd=project).returncode == 1
    )


def test_an_unknown_environment_is_a_configuration_error(project: Path) -> None:
    result = run_flowlint("check", "--env", "staging", TEMPLATE, cwd=project)
    assert result.returncode == 2
    assert "no environment is named 'staging' (configured: dev, prod)" in result.stderr


def test_a_literal_value_of_a_profile_is_flagged_with_its_placeholder(project: Path) -> None:
    rendered = run_flowlint("render", "--env", "dev", TEMPLATE, cwd=project)
    (project / "concrete.json").write_text(rendered.stdout)
    _, report = run_json("--no-cache", "concrete.json", cwd=project)
    literal = [d for d in report["diagnostics"] if d["rule"] == "literal-environment-value"]
    assert {d["message"].split("`")[1] for d in literal} == {
        "${WORKFLOW_SID}",
        "${CHANNEL_SID}",
        "${FUNCTIONS_DOMAIN}",
    }
    domain = next(d for d in literal if "FUNCTIONS_DOMAIN" in d["message"])
    start = domain["range"]["start"]
    assert (start["line"], start["column"]) == line_column(
        rendered.stdout, "support-1234-dev.twil.io"
    )
    assert all(d["severity"] == "warning" for d in literal)
    # Values a placeholder produced are not literals.
    _, report = run_json("--no-cache", "--env", "dev", TEMPLATE, cwd=project)
    assert not [d for d in report["diagnostics"] if d["rule"] == "literal-environment-value"]


def test_the_unsafe_fix_writes_the_placeholder_in_place_of_the_literal(project: Path) -> None:
    """FL902's fix: `check --fix --unsafe-fixes` turns a rendered flow back into the template's
    placeholders, one literal at a time, and the result renders to the same definition."""
    rendered = run_flowlint("render", "--env", "dev", TEMPLATE, cwd=project)
    concrete = project / "concrete.json"
    concrete.write_text(rendered.stdout)
    assert run_flowlint(
        "check", "--no-cache", "--select", "FL902", "--fix", "concrete.json", cwd=project
    ).returncode in (0, 1)
    assert concrete.read_text() == rendered.stdout  # unsafe: not applied by --fix alone
    run_flowlint(
        "check",
        "--no-cache",
        "--select",
        "FL902",
        "--fix",
        "--unsafe-fixes",
        "concrete.json",
        cwd=project,
    )
    fixed = concrete.read_text()
    for name in ("${WORKFLOW_SID}", "${CHANNEL_SID}", "${FUNCTIONS_DOMAIN}"):
        assert name in fixed
    assert "support-1234-dev.twil.io" not in fixed
    _, report = run_json("--no-cache", "concrete.json", cwd=project)
    assert not [d for d in report["diagnostics"] if d["rule"] == "literal-environment-value"]
