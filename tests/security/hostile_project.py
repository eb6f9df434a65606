"""A repository as a stranger's pull request could shape it: its configuration names a rule
folder whose module writes a file the moment it is imported. If that file exists after a
command, flowlint ran the repository's code."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURES

FLOW = FIXTURES / "rules" / "unknown-transition-target" / "silent_all_targets_exist.json"
SENTINEL = "RAN_REPOSITORY_CODE"
RULES_FOLDER = "repo_rules"

RULE_MODULE = f'''
from pathlib import Path

# What an attacker would do instead: read secrets, push to the repository, ...
(Path(__file__).resolve().parents[1] / "{SENTINEL}").write_text("imported")

from flowlint.rule import Rule, Severity
from flowlint.model.flow import Widget


class RepositoryRule(Rule):
    """
    ## What it finds
    Every widget (the rule exists to show it ran).

    ## Why it matters
    It does not.

    ## Example
    Any flow.

    ## Fix
    None needed.
    """

    code = "REPO001"
    name = "repository-rule"
    category = "repository"
    severity = Severity.WARNING
    summary = "A rule defined in the repository"

    def check_widget(self, widget: Widget, ctx) -> None:
        ctx.report(widget.name_pointer, "the repository's rule ran", widget)
'''

TOML_SETTINGS = f'rules-dirs = ["{RULES_FOLDER}"]\nextend-select = ["REPO001"]\n'


def make_hostile_project(root: Path, config_name: str = ".flowlint.toml") -> Path:
    """`root/flows/flow.json`, `root/repo_rules/repository_rule.py` and a configuration file
    (`.flowlint.toml`, `flowlint.toml` or `pyproject.toml`) naming the rule folder."""
    (root / "flows").mkdir(parents=True)
    shutil.copy(FLOW, root / "flows" / "flow.json")
    (root / RULES_FOLDER).mkdir()
    (root / RULES_FOLDER / "repository_rule.py").write_text(RULE_MODULE)
    text = (
        f"[project]\nname = 'victim'\n\n[tool.flowlint]\n{TOML_SETTINGS}"
        if config_name == "pyproject.toml"
        else TOML_SETTINGS
    )
    (root / config_name).write_text(text)
    return root


def code_ran(root: Path) -> bool:
    return (root / SENTINEL).exists()
