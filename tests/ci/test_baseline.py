"""Baselines: record the current findings, fail only on new ones, survive reformatting and
moved widgets, report stale entries (FL005 unused-baseline-entry) and drop them on rewrite."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from tests.ci.conftest import run_flowlint

MENU = "flows/support_menu.json"


def _check(project: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_flowlint("check", "--format", "json", "--no-cache", "flows", *args, cwd=project)


def _rules(result) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    report = json.loads(result.stdout)
    return [(d["path"], d["rule"], d["widget"]) for d in report["diagnostics"]]


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def test_write_then_check_with_baseline(flows_dir: Path) -> None:
    written = _check(flows_dir, "--write-baseline", "flowlint-baseline.json")
    assert written.returncode == 0, written.stderr
    assert json.loads(written.stdout)["diagnostics"] == []
    assert "wrote 5 entries to the baseline flowlint-baseline.json" in written.stderr
    baseline = json.loads((flows_dir / "flowlint-baseline.json").read_text(encoding="utf-8"))
    assert baseline["flowlint_baseline"] == 1
    entries = baseline["entries"]
    assert len(entries) == 5
    assert {entry["path"] for entry in entries} == {MENU, "flows/one_line_emoji.json"}
    assert all("line" not in entry for entry in entries)
    unreachable = next(entry for entry in entries if entry["rule"] == "unreachable-widget")
    assert unreachable["pointer"] == "/states/@farewell/name"

    result = _check(flows_dir, "--baseline", "flowlint-baseline.json")
    assert result.returncode == 0
    assert _rules(result) == []
    assert (
        "5 findings recorded in the baseline flowlint-baseline.json not reported" in result.stderr
    )


def test_only_new_findings_fail(flows_dir: Path) -> None:
    _check(flows_dir, "--write-baseline", "baseline.json")

    def break_clean_flow(document: dict) -> None:  # type: ignore[type-arg]
        document["states"][1]["transitions"][0]["next"] = "goodbye"

    _edit(flows_dir / "flows" / "clean.json", break_clean_flow)
    result = _check(flows_dir, "--baseline", "baseline.json")
    assert result.returncode == 1
    assert _rules(result) == [("flows/clean.json", "unknown-transition-target", "greet")]


def test_reformatted_file_and_moved_widgets_keep_matching(flows_dir: Path) -> None:
    _check(flows_dir, "--write-baseline", "baseline.json")
    menu = flows_dir / MENU
    document = json.loads(menu.read_text(encoding="utf-8"))
    document["states"].reverse()  # every widget moves; every line number changes
    menu.write_text(json.dumps(document, indent=4, sort_keys=True) + "\n", encoding="utf-8")
    result = _check(flows_dir, "--baseline", "baseline.json")
    assert result.returncode == 0
    assert _rules(result) == []


def test_a_second_copy_of_a_recorded_problem_is_new(flows_dir: Path) -> None:
    _check(flows_dir, "--write-baseline", "baseline.json")

    def add_unreachable_copy(document: dict) -> None:  # type: ignore[type-arg]
        copy = json.loads(json.dumps(document["states"][2]))
        document["states"].append(copy)  # a second widget named 'farewell'

    _edit(flows_dir / MENU, add_unreachable_copy)
    rules = _rules(_check(flows_dir, "--baseline", "baseline.json"))
    assert (MENU, "duplicate-widget-name", "farewell") in rules
    assert sum(1 for item in rules if item[1] == "unhandled-event") == 1


def test_fixed_findings_become_unused_entries_and_are_dropped(flows_dir: Path) -> None:
    _check(flows_dir, "--write-baseline", "baseline.json")

    def fix_target(document: dict) -> None:  # type: ignore[type-arg]
        document["states"][1]["transitions"][0]["next"] = "farewell"

    _edit(flows_dir / MENU, fix_target)  # also makes 'farewell' reachable
    result = run_flowlint(
        "check", "--format", "concise", "--no-cache", "flows", "--baseline", "baseline.json",
        cwd=flows_dir,
    )  # fmt: skip
    lines = result.stdout.splitlines()
    stale = [line for line in lines if "FL005/unused-baseline-entry" in line]
    assert len(stale) == 2, result.stdout
    text = (flows_dir / "baseline.json").read_text(encoding="utf-8").splitlines()
    for line in stale:
        location, _, message = line.partition(" warning[FL005/unused-baseline-entry] ")
        path, number, column = location.rstrip(":").split(":")
        assert path == "baseline.json"
        assert text[int(number) - 1][int(column) - 1 :].startswith('"')  # at the entry's message
        assert "in flows/support_menu.json: no finding matches it any more" in message
    assert result.returncode == 0  # FL005 is a warning; --fail-on error

    rewrite = _check(flows_dir, "--baseline", "baseline.json", "--write-baseline", "baseline.json")
    assert rewrite.returncode == 0
    assert "wrote 3 entries to the baseline baseline.json; dropped 2 entries" in rewrite.stderr
    again = _check(flows_dir, "--baseline", "baseline.json")
    assert _rules(again) == []


def test_partial_runs_neither_report_nor_drop_other_files(flows_dir: Path) -> None:
    _check(flows_dir, "--write-baseline", "baseline.json")
    only_clean = run_flowlint(
        "check", "--format", "json", "--no-cache", "flows/clean.json",
        "--baseline", "baseline.json", "--write-baseline", "baseline.json",
        cwd=flows_dir,
    )  # fmt: skip
    assert only_clean.returncode == 0
    entries = json.loads((flows_dir / "baseline.json").read_text(encoding="utf-8"))["entries"]
    assert len(entries) == 5
    report = run_flowlint(
        "check", "--format", "json", "--no-cache", "flows/clean.json", "--baseline", "baseline.json",
        cwd=flows_dir,
    )  # fmt: skip
    assert json.loads(report.stdout)["diagnostics"] == []


def test_deleted_files_make_their_entries_stale(flows_dir: Path) -> None:
    _check(flows_dir, "--write-baseline", "baseline.json")
    (flows_dir / "flows" / "one_line_emoji.json").unlink()
    result = _check(flows_dir, "--baseline", "baseline.json")
    stale = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "FL005"]
    assert len(stale) == 1
    assert "flows/one_line_emoji.json: the file no longer exists" in stale[0]["message"]


def test_baseline_paths_are_relative_to_the_baseline_file(flows_dir: Path) -> None:
    (flows_dir / "ci").mkdir()
    _check(flows_dir, "--write-baseline", "ci/baseline.json")
    entries = json.loads((flows_dir / "ci" / "baseline.json").read_text(encoding="utf-8"))[
        "entries"
    ]
    assert {entry["path"] for entry in entries} == {
        "../flows/support_menu.json",
        "../flows/one_line_emoji.json",
    }
    # The same baseline works from another working folder.
    result = run_flowlint(
        "check", "--format", "json", "--no-cache", ".", "--baseline", "../ci/baseline.json",
        cwd=flows_dir / "flows",
    )  # fmt: skip
    assert result.returncode == 0 and json.loads(result.stdout)["diagnostics"] == []


def test_baseline_write_is_atomic_and_readable(flows_dir: Path) -> None:
    target = flows_dir / "baseline.json"
    # A new file gets 0666 less the umask, as a plain write would: with the common 022 it is
    # readable by others (a runner or shell with umask 077 would rightly make it owner-only).
    umask = os.umask(0o022)
    try:
        _check(flows_dir, "--write-baseline", "baseline.json")
    finally:
        os.umask(umask)
    mode = stat.S_IMODE(target.stat().st_mode)
    assert mode & 0o044, oct(mode)  # not left owner-only by the temporary file
    os.chmod(target, 0o640)
    _check(flows_dir, "--write-baseline", "baseline.json")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(path.name for path in flows_dir.iterdir()) == ["baseline.json", "flows"]


def test_unwritable_baseline_is_exit_2(flows_dir: Path) -> None:
    result = _check(flows_dir, "--write-baseline", "flows/clean.json/baseline.json")
    assert result.returncode == 2
    assert "cannot write baseline" in result.stderr


def test_missing_or_broken_baseline_is_exit_2(flows_dir: Path) -> None:
    missing = _check(flows_dir, "--baseline", "nope.json")
    assert missing.returncode == 2
    assert (
        "baseline nope.json does not exist (create it with --write-baseline nope.json)"
        in missing.stderr
    )
    (flows_dir / "broken.json").write_text('{"entries": [', encoding="utf-8")
    broken = _check(flows_dir, "--baseline", "broken.json")
    assert broken.returncode == 2
    assert "baseline broken.json is not valid JSON (line 1" in broken.stderr
    (flows_dir / "other.json").write_text('{"entries": [{"rule": "x"}]}', encoding="utf-8")
    other = _check(flows_dir, "--baseline", "other.json")
    assert other.returncode == 2
    assert "entry 1 lacks `path`, `rule` or `fingerprint`" in other.stderr
    assert "Traceback" not in missing.stderr + broken.stderr + other.stderr


def test_first_update_run_creates_the_baseline(flows_dir: Path) -> None:
    result = _check(flows_dir, "--baseline", "new.json", "--write-baseline", "new.json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads((flows_dir / "new.json").read_text(encoding="utf-8"))["entries"]) == 5


def test_stdin_with_a_filename_matches_the_file_entry(flows_dir: Path) -> None:
    _check(flows_dir, "--write-baseline", "baseline.json")
    text = (flows_dir / MENU).read_text(encoding="utf-8")
    result = run_flowlint(
        "check", "--format", "json", "-", "--stdin-filename", MENU, "--baseline", "baseline.json",
        cwd=flows_dir, stdin=text,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["diagnostics"] == []
