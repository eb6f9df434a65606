"""Third-party rules: a `--rules-dir` folder and a package's `flowlint.rules` entry point go
through the same registry as the built-in rules."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FIXTURES, REPO, run_flowlint

FLOW = FIXTURES / "rules" / "unknown-transition-target" / "silent_all_targets_exist.json"

RULE_SOURCE = '''
from flowlint.rule import Rule, RuleContext, Severity
from flowlint.model.flow import Widget


class ShoutingName(Rule):
    """
    ## What it finds
    Widget names in lower case.

    ## Why it matters
    House style.

    ## Example
    `greet`

    ## Fix
    `GREET`
    """

    code = "{code}"
    name = "{name}"
    category = "acme"
    severity = Severity.WARNING
    summary = "Widget names must be upper case"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        if widget.name and widget.name != widget.name.upper():
            ctx.report(widget.name_pointer, f"'{{widget.name}}' is not upper case", widget)
'''


def _report(result: object) -> dict[str, object]:
    return json.loads(result.stdout)  # type: ignore[attr-defined,no-any-return]


def test_rules_dir_plugin_is_listed_explained_and_runs(tmp_path: Path) -> None:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "shouting_name.py").write_text(
        RULE_SOURCE.format(code="ACME001", name="shouting-name")
    )
    listing = run_flowlint("rules", "--rules-dir", str(folder))
    assert "ACME001 shouting-name" in " ".join(listing.stdout.split())
    explained = run_flowlint("explain", "ACME001", "--rules-dir", str(folder))
    assert "## What it finds" in explained.stdout and f"rules dir {folder}" in explained.stdout
    result = run_flowlint(
        "check", "--format", "json", "--rules-dir", str(folder), "--select", "acme", str(FLOW)
    )
    found = [
        (d["rule"], d["widget"], d["range"]["start"]["line"])
        for d in _report(result)["diagnostics"]
    ]  # type: ignore[index]
    assert ("shouting-name", "greet", 33) in found
    assert {rule for rule, _, _ in found} == {"shouting-name"}


def test_entry_point_plugin_is_found_like_a_builtin(tmp_path: Path) -> None:
    site = tmp_path / "site"
    package = site / "acme_flowlint"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "rules.py").write_text(RULE_SOURCE.format(code="ACME002", name="shouting-name-ep"))
    info = site / "acme_flowlint-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-flowlint\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[flowlint.rules]\nacme = acme_flowlint.rules\n")
    env = {"PYTHONPATH": str(site)}
    result = run_flowlint("check", "--format", "json", "--select", "ACME002", str(FLOW), env=env)
    assert result.returncode == 0, result.stderr
    rules = {d["rule"] for d in _report(result)["diagnostics"]}  # type: ignore[index]
    assert rules == {"shouting-name-ep"}
    assert "entry point acme" in run_flowlint("explain", "shouting-name-ep", env=env).stdout


def test_a_plugin_that_clashes_with_a_builtin_is_a_config_error(tmp_path: Path) -> None:
    folder = tmp_path / "clash"
    folder.mkdir()
    (folder / "clash.py").write_text(RULE_SOURCE.format(code="FL103", name="my-rule"))
    result = run_flowlint("check", "--rules-dir", str(folder), str(FLOW))
    assert result.returncode == 2
    assert "clashes with FL103/unknown-transition-target" in result.stderr


GRAPH_FLOW = FIXTURES / "plugins" / "long_road_to_flex.json"


def _graph_rule_from_docs() -> str:
    """The graph rule docs/writing-rules.md shows, exactly as written there."""
    text = (REPO / "docs" / "writing-rules.md").read_text()
    start = text.index("```python\nimport networkx\n") + len("```python\n")
    return text[start : text.index("```\n", start)]


def _graph_findings(result: object) -> list[tuple[str, str, int, int, str]]:
    return [
        (
            d["rule"],
            d["widget"],
            d["range"]["start"]["line"],
            d["range"]["start"]["column"],
            d["message"],
        )
        for d in _report(result)["diagnostics"]  # type: ignore[index]
    ]


def test_a_plugin_rule_queries_the_networkx_widget_graph(tmp_path: Path) -> None:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "long_road_to_flex.py").write_text(_graph_rule_from_docs())
    check = (
        "check",
        "--no-cache",
        "--format",
        "json",
        "--rules-dir",
        str(folder),
        "--select",
        "acme",
    )
    result = run_flowlint(*check, str(GRAPH_FLOW))
    assert result.returncode == 0, result.stderr  # a warning does not fail the run by default
    route = "Trigger -> welcome -> menu -> billing_intro -> billing_hours -> billing_privacy -> billing_agent"
    assert _graph_findings(result) == [
        (
            "long-road-to-flex",
            "billing_agent",
            175,
            15,
            f"callers pass 6 widgets before reaching 'billing_agent' (at most 5): {route}",
        )
    ]


def test_the_graph_rule_also_loads_from_an_entry_point(tmp_path: Path) -> None:
    site = tmp_path / "site"
    package = site / "acme_graph"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "rules.py").write_text(_graph_rule_from_docs())
    info = site / "acme_graph-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-graph\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[flowlint.rules]\nacme = acme_graph.rules\n")
    # The option, set in the project's configuration (the file's rule names are checked
    # against the installed rules, which include entry points but not --rules-dir folders).
    (tmp_path / "flowlint.toml").write_text("[rules.long-road-to-flex]\nmax-widgets = 1\n")
    result = run_flowlint(
        "check",
        "--no-cache",
        "--format",
        "json",
        "--select",
        "ACME010",
        str(GRAPH_FLOW),
        env={"PYTHONPATH": str(site)},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    found = [
        (rule, widget, line, column) for rule, widget, line, column, _ in _graph_findings(result)
    ]
    assert found == [
        ("long-road-to-flex", "agent_now", 97, 15),  # Trigger -> welcome -> agent_now
        ("long-road-to-flex", "billing_agent", 175, 15),
    ]
