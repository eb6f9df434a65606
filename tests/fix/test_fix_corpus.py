"""`--fix --unsafe-fixes` over a copy of every real-corpus flow: the result parses, a second
run changes nothing, and no finding appears that was not there before (only fixed ones, and
what cascaded from them, disappear)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from tests.conftest import run_flowlint, run_json


def _counts(folder: Path) -> Counter[tuple[str, str]]:
    status, report = run_json("--no-cache", str(folder))
    assert status in (0, 1), report
    return Counter((d["path"], d["rule"]) for d in report["diagnostics"])


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*.json")}


def test_fixing_the_corpus_is_idempotent_and_adds_no_finding(corpus: Path, tmp_path: Path) -> None:
    work = tmp_path / "corpus"
    shutil.copytree(corpus, work)
    before = _counts(work)
    original = _snapshot(work)
    first = run_flowlint("check", "--no-cache", "--fix", "--unsafe-fixes", "--fix-only", str(work))
    assert first.returncode == 0, first.stderr
    fixed = int(first.stderr.split("fixed ")[1].split()[0])
    assert fixed > 0
    changed = {name for name, data in _snapshot(work).items() if data != original[name]}
    assert changed
    for name in changed:
        json.loads((work / name).read_bytes().decode("utf-8-sig"))  # still JSON
    after_first = _snapshot(work)
    second = run_flowlint("check", "--no-cache", "--fix", "--unsafe-fixes", "--fix-only", str(work))
    assert "fixed 0 findings" in second.stderr
    assert _snapshot(work) == after_first
    after = _counts(work)
    appeared = {key: (before[key], count) for key, count in after.items() if count > before[key]}
    assert appeared == {}
    assert sum(before.values()) - sum(after.values()) >= fixed
