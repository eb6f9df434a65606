"""Every fix, through the real CLI: `tests/fixtures/fixes/<rule>/`.

- `safe_*.json`: `check --fix-only` turns it into `safe_*.fixed`, byte for byte;
- `unsafe_*.json`: `--fix-only` alone changes nothing, `--fix-only --unsafe-fixes` gives
  `unsafe_*.fixed`;
- `nofix_*.json`: the rule fires, but attaches no fix (the case where a fix is not certain).

After the fix, re-linting shows the rule's finding gone and no finding of any rule that was not
there before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flowlint.engine.linter import Linter
from flowlint.engine.registry import load_registry
from tests.conftest import FIXTURES, run_flowlint, run_json

FIX_FIXTURES = FIXTURES / "fixes"
FIXABLE = sorted(
    path for path in FIX_FIXTURES.glob("*/*.json") if path.name.startswith(("safe_", "unsafe_"))
)
NOT_FIXABLE = sorted(FIX_FIXTURES.glob("*/nofix_*.json"))


def _findings(path: Path) -> set[tuple[str, str]]:
    status, report = run_json("--no-cache", str(path))
    assert status in (0, 1)
    return {(d["rule"], d["message"]) for d in report["diagnostics"]}


@pytest.mark.parametrize("fixture", FIXABLE, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fix_gives_the_expected_file(fixture: Path, tmp_path: Path) -> None:
    rule = fixture.parent.name
    work = tmp_path / "flow.json"
    shutil.copyfile(fixture, work)
    before = _findings(work)
    assert any(found_rule == rule for found_rule, _ in before), f"{rule} does not fire"
    unsafe = fixture.name.startswith("unsafe_")
    if unsafe:
        quiet = run_flowlint("check", "--no-cache", "--fix-only", str(work))
        assert quiet.returncode == 0, quiet.stderr
        assert work.read_bytes() == fixture.read_bytes(), "an unsafe fix ran without asking"
    flags = ["--unsafe-fixes"] if unsafe else []
    done = run_flowlint("check", "--no-cache", "--fix-only", *flags, str(work))
    assert done.returncode == 0, done.stderr
    assert "fixed 1 finding" in done.stderr
    assert done.stdout == ""  # --fix-only reports nothing else
    assert work.read_bytes() == fixture.with_suffix(".fixed").read_bytes()
    after = _findings(work)
    assert not any(found_rule == rule for found_rule, _ in after - before)
    assert after < before, "the fixed finding must be gone and nothing new may appear"


@pytest.mark.parametrize("fixture", NOT_FIXABLE, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_uncertain_cases_get_no_fix(fixture: Path) -> None:
    rule = fixture.parent.name
    result = Linter().lint_text(fixture.read_text(encoding="utf-8"), str(fixture))
    mine = [d for d in result.diagnostics if d.rule == rule]
    assert mine, f"{rule} does not fire on {fixture.name}"
    assert all(d.fix is None for d in mine)


def test_every_fixing_rule_has_fixtures_and_declares_what_it_attaches() -> None:
    registry = load_registry()
    fixing = {rule.name for rule in registry.rules if rule.fixes}
    with_fixtures = {path.parent.name for path in FIXABLE}
    # unhandled-event: editor only; literal-environment-value needs an environment profile, so
    # its fix is tested with one in tests/templates/test_check_env.py.
    assert fixing - {"unhandled-event", "literal-environment-value"} == with_fixtures
    for fixture in [*FIXABLE, *NOT_FIXABLE]:
        rule = registry.by_name[fixture.parent.name]
        result = Linter().lint_text(fixture.read_text(encoding="utf-8"), str(fixture))
        for diagnostic in result.diagnostics:
            if diagnostic.rule == rule.name and diagnostic.fix is not None:
                assert diagnostic.fix.applicability in rule.fixes
                expected = "safe" if fixture.name.startswith("safe_") else "unsafe"
                assert diagnostic.fix.applicability.value == expected


def test_docs_fixes_md_is_generated_from_the_rules() -> None:
    from flowlint.engine.docs import fixes_markdown

    docs = FIXTURES.parents[1] / "docs" / "fixes.md"
    assert docs.read_text() == fixes_markdown(load_registry()), (
        "docs/fixes.md is stale: python -m flowlint rules --format fixes > docs/fixes.md"
    )


def test_explain_shows_the_fix_applicability() -> None:
    shown = run_flowlint("explain", "unknown-property")
    assert shown.returncode == 0
    assert "Automatic fix: `unsafe`" in shown.stdout
    assert "Automatic fix, **unsafe**" in shown.stdout
