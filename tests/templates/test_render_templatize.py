"""`flowlint render` and `flowlint templatize` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_flowlint
from tests.templates.conftest import TEMPLATE

PROD_SID = {"FLOWLINT_TEST_PROD_WORKFLOW_SID": "WW22222222222222222222222222222222"}


def test_render_replaces_only_the_placeholders_and_is_byte_stable(project: Path) -> None:
    first = run_flowlint("render", "--env", "prod", TEMPLATE, cwd=project, env=PROD_SID)
    second = run_flowlint(
        "render", "--env", "prod", TEMPLATE, "-o", "out.json", cwd=project, env=PROD_SID
    )
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert (project / "out.json").read_text() == first.stdout
    template = (project / TEMPLATE).read_text()
    expected = (
        template.replace("${FLOW_LABEL}", 'production \\"main\\"')  # JSON-escaped in a string
        .replace("${WORKFLOW_SID}", "WW22222222222222222222222222222222")
        .replace("${CHANNEL_SID}", "TC22222222222222222222222222222222")
        .replace("${FUNCTIONS_DOMAIN}", "support-5678-prod.twil.io")
        .replace("${TIMEOUT}", "30")
        .replace("$${", "${")
    )
    assert first.stdout == expected
    definition = json.loads(first.stdout)
    assert definition["description"].startswith('Hands a message to an agent; production "main"')


def test_render_refuses_a_placeholder_without_value_and_writes_nothing(project: Path) -> None:
    path = project / TEMPLATE
    path.write_text(path.read_text().replace("${CHANNEL_SID}", "${QUEUE}"))
    result = run_flowlint("render", "--env", "dev", TEMPLATE, "-o", "out.json", cwd=project)
    assert result.returncode == 2
    assert f"{TEMPLATE}:27:21: ${{QUEUE}}" in result.stderr
    assert not (project / "out.json").exists()


def test_templatize_gives_back_the_template_that_renders_the_export(project: Path) -> None:
    export = run_flowlint("render", "--env", "dev", TEMPLATE, cwd=project).stdout
    (project / "export.json").write_text(export)
    result = run_flowlint("templatize", "--env", "dev", "export.json", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "${WORKFLOW_SID} ×1" in result.stderr
    # Back to the template (the export's literal `${not_a_placeholder}` escaped again as
    # `$${`), except what templatize leaves alone: values shorter than 8
    # characters (dev's "30", "dev") stay literal.
    assert result.stdout == (
        (project / TEMPLATE).read_text().replace("${FLOW_LABEL}", "dev").replace("${TIMEOUT}", "30")
    )
    (project / "template.json").write_text(result.stdout)
    again = run_flowlint("render", "--env", "dev", "template.json", cwd=project)
    assert again.stdout == export


def test_config_show_lists_the_environments_with_where_each_value_comes_from(
    project: Path,
) -> None:
    shown = run_flowlint("config", "--show", cwd=project, env=PROD_SID).stdout
    assert "[environments.prod]" in shown
    line = next(row for row in shown.splitlines() if row.startswith("WORKFLOW_SID = { env"))
    assert line.split("#")[1].strip() == (
        "flowlint.toml: environments.prod.WORKFLOW_SID; "
        '$FLOWLINT_TEST_PROD_WORKFLOW_SID = "WW22222222222222222222222222222222"'
    )
    unset = run_flowlint("config", "--show", cwd=project).stdout
    assert "(unset: $FLOWLINT_TEST_PROD_WORKFLOW_SID is not set)" in unset
