"""Fixture-driven rule tests, in the style of actionlint's testdata.

`tests/fixtures/rules/<rule-name>/` holds small flows: `fires_*.json` must produce exactly the
findings of that rule listed in the sidecar `fires_*.expect` (one per line:
`<rule> <widget or -> <line>:<column>-<end line>:<end column>`), and `silent_*.json` must produce
none of that rule. The real CLI runs once over every fixture, and the in-process API must agree
with it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO, run_json

RULE_FIXTURES = FIXTURES / "rules"
FIXTURE_FILES = sorted(RULE_FIXTURES.glob("*/*.json"))


def _expected(path: Path) -> list[str]:
    sidecar = path.with_suffix(".expect")
    assert sidecar.exists(), f"{sidecar.relative_to(REPO)} is missing"
    return sorted(
        line.strip()
        for line in sidecar.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )


def _line(diagnostic: dict[str, object]) -> str:
    start = diagnostic["range"]["start"]  # type: ignore[index]
    end = diagnostic["range"]["end"]  # type: ignore[index]
    widget = diagnostic["widget"] or "-"
    return f"{diagnostic['rule']} {widget} {start['line']}:{start['column']}-{end['line']}:{end['column']}"


@pytest.fixture(scope="module")
def cli_findings() -> dict[str, list[dict[str, object]]]:
    relative = [str(path.relative_to(REPO)) for path in FIXTURE_FILES]
    status, report = run_json(*relative)
    assert status in (0, 1)
    by_path: dict[str, list[dict[str, object]]] = defaultdict(list)
    for diagnostic in report["diagnostics"]:
        by_path[str(diagnostic["path"])].append(diagnostic)
    return by_path


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(path: Path, cli_findings: dict[str, list[dict[str, object]]]) -> None:
    rule = path.parent.name
    relative = str(path.relative_to(REPO))
    found = sorted(_line(d) for d in cli_findings.get(relative, []) if d["rule"] == rule)
    if path.name.startswith("fires_"):
        expected = _expected(path)
        assert expected, f"{path.name} expects nothing: a 'fires' fixture must expect a finding"
        assert found == expected
    else:
        assert path.name.startswith("silent_"), (
            f"fixture names start with fires_ or silent_: {path.name}"
        )
        assert found == []


def test_in_process_api_agrees_with_cli(cli_findings: dict[str, list[dict[str, object]]]) -> None:
    from flowlint.engine.linter import Linter

    linter = Linter()
    for path in FIXTURE_FILES:
        relative = str(path.relative_to(REPO))
        result = linter.lint_bytes(path.read_bytes(), relative)
        api = sorted(
            f"{d.code} {d.rule} {d.range.start.line}:{d.range.start.column}"
            for d in result.diagnostics
        )
        cli = sorted(
            f"{d['code']} {d['rule']} {d['range']['start']['line']}:{d['range']['start']['column']}"  # type: ignore[index]
            for d in cli_findings.get(relative, [])
        )
        assert api == cli, relative


def test_every_rule_has_firing_and_silent_fixtures() -> None:
    from flowlint.engine.registry import load_registry

    project_cases = "tests/project/test_project_checks.py (multi-file projects)"
    covered_elsewhere = {
        **{
            name: project_cases
            for name in (
                "unknown-subflow",
                "subflow-not-wired",
                "nested-subflow",
                "missing-subflow-parameter",
                "unused-subflow-parameter",
                "unknown-subflow-output",
                "unknown-function",
                "unknown-function-output",
                "missing-function-parameter",
            )
        },
        # Exercised by dedicated tests that need generated input or special settings:
        "internal-error": "tests/cli/test_robustness.py (a crashing --rules-dir rule)",
        "unreadable-file": "tests/cli/test_honest_results.py (a missing file)",
        "file-too-large": "tests/cli/test_robustness.py (--max-file-size)",
        "check-timeout": "tests/robustness/test_time_budget.py (--timeout on a generated flow)",
        "oversize-definition": "tests/rules/test_limits.py (generated 1 MB flows)",
        "too-many-widgets": "tests/rules/test_limits.py (generated 1001-widget flow)",
        "twilio-validate": "tests/twilio/test_remote_validate.py (needs the fake Studio API)",
        "unused-baseline-entry": "tests/ci/test_baseline.py (needs a baseline file)",
        "undefined-placeholder": "tests/templates/test_check_env.py (needs environments)",
        "literal-environment-value": "tests/templates/test_check_env.py (needs environments)",
    }
    missing = []
    for rule in load_registry().rules:
        if rule.name in covered_elsewhere or rule.origin != "builtin":
            continue
        folder = RULE_FIXTURES / rule.name
        if not list(folder.glob("fires_*.json")) or not list(folder.glob("silent_*.json")):
            missing.append(rule.name)
    assert missing == [], (
        f"rules without fires_/silent_ fixtures in tests/fixtures/rules/: {missing}"
    )


def test_every_rule_documents_its_fixed_sections_and_explain_prints_them() -> None:
    from flowlint.engine.docs import rule_markdown
    from flowlint.engine.registry import load_registry

    for rule in load_registry().rules:
        assert rule.docs().missing() == [], f"{rule.code}/{rule.name} lacks doc sections"
        text = rule_markdown(rule)
        assert text.startswith(f"# {rule.code} {rule.name}\n")
        for section in ("## What it finds", "## Why it matters", "## Example", "## Fix"):
            assert section in text, (rule.name, section)


def test_docs_rules_md_is_generated_from_the_rules() -> None:
    from flowlint.engine.docs import rules_markdown
    from flowlint.engine.registry import load_registry

    expected = rules_markdown(load_registry())
    assert (REPO / "docs" / "rules.md").read_text() == expected, (
        "docs/rules.md is stale: python -m flowlint rules --format markdown > docs/rules.md"
    )
