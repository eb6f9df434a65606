"""Graph behaviour rules FL203/FL204: severities and the cycle spelled out in the message."""

from __future__ import annotations

from typing import Any

from tests.conftest import FIXTURES, run_json

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
