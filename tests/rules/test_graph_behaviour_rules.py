"""Graph behaviour rules FL203/FL204: severities and the cycle spelled out in the message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, run_flowlint, run_json

RULES = FIXTURES / "rules"


def _findings(rule: str, fixture: str) -> list[dict[str, Any]]:
    status, report = run_json(str(RULES / rule / f"{fixture}.json"))
    assert status in (0, 1)
    return [d for d in report["diagnostics"] if d["rule"] == rule]


def test_polling_loop_is_a_warning_that_spells_the_cycle() -> None:
    [finding] = _findings("loop-without-wait", "fires_polling_loop")
    assert finding["severity"] == "warning"
    assert "check_status -success-> is_ready -noMatch-> check_status" in finding["message"]


def test_loop_with_no_way_out_is_an_error() -> None:
    [finding] = _findings("loop-without-wait", "fires_endless_loop")
    assert finding["severity"] == "error"
    assert "bump -next-> again -next-> bump" in finding["message"]


def test_subflow_revision_message_names_both_widgets() -> None:
    [finding] = _findings("inconsistent-subflow-revision", "fires_mixed_revisions")
    assert finding["widget"] == "verify_existing"
    assert "'verify_new' calls it at revision 'LatestPublished'" in finding["message"]


def _unhandled_events(tmp_path: Path, config: str | None) -> list[tuple[str, int, int]]:
    """(widget, line, column) of every unhandled-event finding on the opt-in fixture."""
    fixture = RULES / "unhandled-event" / "silent_opt_in_events_by_default.json"
    if config is not None:
        (tmp_path / "flowlint.toml").write_text(config)
    status, report = run_json("--no-cache", str(fixture), cwd=tmp_path)
    assert status in (0, 1)
    return [
        (d["widget"], d["range"]["start"]["line"], d["range"]["start"]["column"])
        for d in report["diagnostics"]
        if d["rule"] == "unhandled-event"
    ]


def test_unhandled_event_all_reports_every_failure_style_event(tmp_path: Path) -> None:
    assert _unhandled_events(tmp_path, None) == []
    config = '[rules.unhandled-event]\nevents = "all"\n'
    assert _unhandled_events(tmp_path, config) == [
        ("ask", 41, 20),
        ("ask", 44, 20),
        ("handoff", 65, 20),
        ("handoff", 68, 20),
    ]


def test_unhandled_event_list_adds_the_named_events(tmp_path: Path) -> None:
    config = '[rules.unhandled-event]\nevents = ["send-to-flex.failedToEnqueue"]\n'
    assert _unhandled_events(tmp_path, config) == [("handoff", 65, 20)]


def test_unhandled_event_rejects_an_unknown_event(tmp_path: Path) -> None:
    (tmp_path / "flowlint.toml").write_text(
        '[rules.unhandled-event]\nevents = ["send-message.sent"]\n'
    )
    fixture = RULES / "unhandled-event" / "silent_opt_in_events_by_default.json"
    result = run_flowlint("check", "--no-cache", str(fixture), cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    assert "'send-message.sent' is not a widget type's failure-style event" in result.stderr
    assert "Traceback" not in result.stderr


ISLAND = RULES / "unreachable-widget" / "fires_island_reported_at_its_root.json"


def test_unreachable_island_is_reported_once_naming_the_rest() -> None:
    [finding] = _findings("unreachable-widget", "fires_island_reported_at_its_root")
    assert finding["widget"] == "old_survey"
    assert finding["message"].endswith(
        "no transition leads to it; it leads to 2 more unreachable widgets: save_score, thank_you"
    )


def test_island_members_are_sarif_related_locations_from_a_fresh_run_and_the_cache(
    tmp_path: Path,
) -> None:
    for run in ("fresh", "cached"):
        result = run_flowlint(
            "check", "--format", "sarif", "--cache-dir", str(tmp_path / "cache"), str(ISLAND)
        )
        assert result.returncode == 0, (run, result.stderr)
        [island] = [
            r for r in json.loads(result.stdout)["runs"][0]["results"] if r["ruleId"] == "FL201"
        ]
        related = [
            (note["message"]["text"], note["physicalLocation"]["region"]["startLine"])
            for note in island["relatedLocations"]
        ]
        assert related == [
            ("widget 'save_score' is unreachable too: 'old_survey' leads to it", 81),
            ("widget 'thank_you' is unreachable too: 'old_survey' leads to it", 104),
        ], run
