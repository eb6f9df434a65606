"""One large file's rules run in two processes (flowlint/split_run.py): the findings must be
exactly those of a one-process run, and a child that dies must cost no finding."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from flowlint import split_run
from flowlint.diagnostics import Diagnostic
from flowlint.engine import Linter
from flowlint.settings import Settings
from tests.conftest import CORPUS, FIXTURES, REPO, run_flowlint

sys.path.insert(0, str(REPO / "bench"))
from generate_flows import generate

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no fork on Windows")


def _shape(diagnostics: list[Diagnostic]) -> list[tuple[object, ...]]:
    return [
        (d.code, d.rule, d.severity, d.message, d.widget, d.pointer, d.range) for d in diagnostics
    ]


def _files() -> list[Path]:
    files = sorted(FIXTURES.rglob("*.json"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("*.json"))
    return files


def test_every_fixture_and_real_flow_gets_the_same_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FLOWLINT_SPLIT_MIN_SIZE", "0")  # split even the smallest file
    one = Linter(Settings())
    two = Linter(Settings(), registry=one.registry)
    two.split_large_files = True
    assert split_run.can_fork()  # else this would compare a one-process run with itself
    files = _files()
    assert len(files) > 150
    compared = 0
    for path in files:
        data = path.read_bytes()
        expected = one.lint_bytes(data, str(path))
        actual = two.lint_bytes(data, str(path))
        assert _shape(actual.diagnostics) == _shape(expected.diagnostics), path
        compared += bool(expected.diagnostics)
    assert compared > 100  # most files have findings, so the comparison is not vacuous


def test_large_flow_from_the_command_line(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text(json.dumps(generate(400), indent=2))
    assert big.stat().st_size > 256 * 1024
    one = run_flowlint("check", "--no-cache", "--format", "json", "--jobs", "1", str(big))
    two = run_flowlint("check", "--no-cache", "--format", "json", "--jobs", "2", str(big))
    assert one.returncode == two.returncode == 1, one.stderr + two.stderr
    assert json.loads(two.stdout) == json.loads(one.stdout)
    assert json.loads(one.stdout)["diagnostics"]


CHILD_KILLER = '''
import os

from flowlint.rule import Rule, Severity

STARTED_IN = os.getpid()


class KillsTheChild(Rule):
    """
    ## What it finds
    Every flow, once.
    ## Why it matters
    It dies in a forked child, to prove the parent then runs its rules itself.
    ## Example
    Any flow.
    ## Fix
    None.
    """

    code = "ZZ001"
    name = "kills-the-child"
    category = "schema"  # a category the child runs (flowlint.split_run)
    severity = Severity.WARNING
    summary = "Dies when run in a child process"

    def check_flow(self, flow, ctx):
        if os.getpid() != STARTED_IN:
            with open(os.environ["CHILD_MARKER"], "w") as marker:
                marker.write("the child ran this rule")
            os._exit(9)
        ctx.report(flow.pointer, "reported by the parent process")
'''


def test_a_child_that_dies_costs_no_finding(tmp_path: Path) -> None:
    assert "schema" in split_run.SECOND_PROCESS_CATEGORIES
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "kills_the_child.py").write_text(CHILD_KILLER)
    flow = FIXTURES / "cli" / "misspelt_next.json"
    args = ("check", "--no-cache", "--format", "json", "--rules-dir", str(rules), str(flow))
    one = run_flowlint(*args, "--jobs", "1")
    marker = tmp_path / "child-ran"
    environment = {"FLOWLINT_SPLIT_MIN_SIZE": "0", "CHILD_MARKER": str(marker)}
    two = run_flowlint(*args, "--jobs", "2", env=environment)
    assert two.returncode == one.returncode == 1, two.stderr
    assert marker.read_text() == "the child ran this rule"  # it did split, and the child died
    report = json.loads(two.stdout)
    assert report == json.loads(one.stdout)
    assert [d["message"] for d in report["diagnostics"] if d["rule"] == "kills-the-child"] == [
        "reported by the parent process"
    ]
