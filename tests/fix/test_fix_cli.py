"""`flowlint check --fix / --unsafe-fixes / --diff / --fix-only` over the real CLI: what is
written, what is kept byte for byte, what is reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from flowlint.engine.linter import Linter
from flowlint.fix.files import fix_files, write_fixes
from tests.conftest import FIXTURES, run_flowlint

TARGET = FIXTURES / "fixes" / "unknown-transition-target" / "safe_case_differs.json"
TYPES = FIXTURES / "fixes" / "invalid-property-type" / "safe_string_true.json"
UNSAFE = FIXTURES / "fixes" / "unknown-property" / "unsafe_camel_case.json"


def _copy(source: Path, folder: Path, name: str = "flow.json") -> Path:
    target = folder / name
    shutil.copyfile(source, target)
    return target


def test_diff_prints_the_change_and_writes_nothing(tmp_path: Path) -> None:
    work = _copy(TARGET, tmp_path)
    shown = run_flowlint("check", "--no-cache", "--diff", str(work))
    assert shown.returncode == 1
    assert '-          "next": "Good_Bye"\n+          "next": "goodbye"\n' in shown.stdout
    assert shown.stdout.startswith(f"--- {work}\n+++ {work}\n@@ ")
    assert "1 finding would be fixed" in shown.stderr
    assert work.read_bytes() == TARGET.read_bytes()


def test_diff_exits_0_when_nothing_is_fixable(tmp_path: Path) -> None:
    work = _copy(UNSAFE, tmp_path)  # only an unsafe fix: --diff alone has nothing to show
    shown = run_flowlint("check", "--no-cache", "--diff", str(work))
    assert shown.returncode == 0 and shown.stdout == ""


def test_fix_then_report_what_is_left(tmp_path: Path) -> None:
    work = _copy(TARGET, tmp_path)
    fixed = run_flowlint("check", "--no-cache", "--fix", "--format", "json", str(work))
    report = json.loads(fixed.stdout)
    assert [d["rule"] for d in report["diagnostics"]] == []  # the cascade went with it
    assert fixed.returncode == 0
    assert "fixed 1 finding" in fixed.stderr
    assert work.read_bytes() == TARGET.with_suffix(".fixed").read_bytes()
    again = run_flowlint("check", "--no-cache", "--fix", str(work))
    assert "fixed 0 findings" in again.stderr
    assert work.read_bytes() == TARGET.with_suffix(".fixed").read_bytes()


def test_summary_counts_what_unsafe_fixes_would_fix(tmp_path: Path) -> None:
    work = _copy(UNSAFE, tmp_path)
    plain = run_flowlint("check", "--no-cache", str(work))
    assert "fixable" not in plain.stderr  # a plain check's stderr is left as it was
    fixed = run_flowlint("check", "--no-cache", "--fix", str(work))
    assert "fixed 0 findings; 1 finding more fixable with --unsafe-fixes" in fixed.stderr
    assert work.read_bytes() == UNSAFE.read_bytes()
    fixed = run_flowlint("check", "--no-cache", "--unsafe-fixes", str(work))
    assert "fixed 1 finding" in fixed.stderr and "more fixable" not in fixed.stderr


def test_edits_keep_bom_crlf_tabs_escapes_and_missing_final_newline(tmp_path: Path) -> None:
    text = TYPES.read_text(encoding="utf-8").replace("  ", "\t").rstrip("\n")
    text = text.replace('"Enter your PIN"', '"Enter your PIN \\u00e9\\n"')
    original = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    work = tmp_path / "flow.json"
    work.write_bytes(original)
    run_flowlint("check", "--no-cache", "--fix-only", str(work))
    expected = original.replace(b'"stop_gather": "true"', b'"stop_gather": true')
    assert expected != original
    assert work.read_bytes() == expected


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    work = _copy(TARGET, tmp_path)
    run = fix_files(Linter(), [str(work)], unsafe=False)
    assert run.files and sum(run.fixed.values()) == 1
    edited = work.read_bytes().replace(b"Owl Bank SMS", b"Owl Bank SMS (edited)")
    work.write_bytes(edited)  # an editor saved it meanwhile
    assert write_fixes(run) == 1
    assert work.read_bytes() == edited
    assert "changed on disk" in run.problems[0]
    assert sum(run.fixed.values()) == 0


def test_fixes_apply_over_several_passes_and_stop(tmp_path: Path) -> None:
    # Two duplicate 'failed' entries side by side: their removals touch, so the second
    # waits for the next pass.
    flow = json.loads(TARGET.with_suffix(".fixed").read_text())
    flow["states"][1]["transitions"] += [{"event": "failed"}, {"event": "failed"}]
    work = tmp_path / "flow.json"
    work.write_text(json.dumps(flow, indent=2) + "\n")
    fixed = run_flowlint("check", "--no-cache", "--fix", "--format", "json", str(work))
    assert "fixed 2 findings" in fixed.stderr
    assert json.loads(fixed.stdout)["diagnostics"] == []
    assert json.loads(work.read_text())["states"][1]["transitions"] == [
        {"event": "sent", "next": "goodbye"},
        {"event": "failed"},
    ]


def test_fix_only_stdin_is_left_alone() -> None:
    shown = run_flowlint("check", "--fix-only", "-", stdin=TARGET.read_bytes())
    assert shown.returncode == 0
    assert b"standard input is checked but not fixed" in shown.stderr


def test_fixes_survive_the_results_cache(tmp_path: Path) -> None:
    work = _copy(UNSAFE, tmp_path)
    cache = tmp_path / "cache"
    first = run_flowlint("check", "--cache-dir", str(cache), "--fix", str(work), cwd=tmp_path)
    second = run_flowlint("check", "--cache-dir", str(cache), "--fix", str(work), cwd=tmp_path)
    assert any(cache.rglob("*")), "the run wrote no cache"
    for run in (first, second):
        assert "1 finding more fixable with --unsafe-fixes" in run.stderr
    fixed = run_flowlint(
        "check", "--cache-dir", str(cache), "--unsafe-fixes", str(work), cwd=tmp_path
    )
    assert "fixed 1 finding" in fixed.stderr
    assert work.read_bytes() == UNSAFE.with_suffix(".fixed").read_bytes()
