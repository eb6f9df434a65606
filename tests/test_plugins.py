"""Third-party rules: a `--rules-dir` folder and a package's `flowlint.rules` entry point go
through the same registry as the built-in rules."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FIXTURES, run_flowlint

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
