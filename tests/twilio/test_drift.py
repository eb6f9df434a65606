"""Drift against the deployed flow: `flowlint diff FILE twilio:FW…[@revision]` and
`flowlint pull --check`, against the fake Studio API."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from tests.twilio.conftest import flow_definition, run_cli, studio_env
from tests.twilio.fake_studio_api import FakeStudioApi


def _rewired(definition: dict[str, Any]) -> dict[str, Any]:
    """The Console edit: lookup_order's `failed` now goes to note_failure, not reply."""
    changed = copy.deepcopy(definition)
    (lookup,) = [s for s in changed["states"] if s["name"] == "lookup_order"]
    lookup["transitions"][1]["next"] = "note_failure"
    return changed


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))}


def test_diff_against_the_deployed_flow_and_a_revision(
    studio: FakeStudioApi, tmp_path: Path
) -> None:
    definition = flow_definition()
    sid = studio.add_flow("Order status", definition)
    local = copy.deepcopy(definition)
    for widget in local["states"]:
        widget["properties"]["offset"]["y"] += 30
    in_git = tmp_path / "order.json"
    in_git.write_text(json.dumps(local, indent=4, sort_keys=True))
    env = studio_env(studio)

    same = run_cli("diff", str(in_git), f"twilio:{sid}", env=env)
    assert same.returncode == 0, same.stderr
    assert same.stdout.splitlines() == [
        f"--- {in_git}",
        f"+++ twilio:{sid}",
        "layout   5 widgets moved on the canvas",
        "No change in meaning.",
    ]

    studio.update_flow(sid, _rewired(definition))
    drifted = run_cli("diff", str(in_git), f"twilio:{sid}", env=env)
    assert drifted.returncode == 1
    assert drifted.stdout.splitlines()[2:] == [
        "rewired  lookup_order.failed: reply → note_failure",
        "layout   5 widgets moved on the canvas",
        "1 change in meaning.",
    ]
    first = run_cli("diff", str(in_git), f"twilio:{sid}@1", env=env)
    assert first.returncode == 0
    assert studio.requests_to("GET", f"/v2/Flows/{sid}/Revisions/1")


def test_drift_errors_are_those_of_pull(studio: FakeStudioApi, tmp_path: Path) -> None:
    in_git = tmp_path / "order.json"
    in_git.write_text(json.dumps(flow_definition()))
    missing = "FW" + "0" * 32

    gone = run_cli("diff", str(in_git), f"twilio:{missing}", env=studio_env(studio))
    assert gone.returncode == 2
    assert gone.stderr.startswith(f"flowlint: error: cannot fetch twilio:{missing}: ")
    assert gone.stdout == ""

    malformed = run_cli("diff", str(in_git), "twilio:FW123", env=studio_env(studio))
    assert malformed.returncode == 2
    assert "not a Flow SID" in malformed.stderr
    bad_revision = run_cli("diff", str(in_git), f"twilio:{missing}@latest", env=studio_env(studio))
    assert bad_revision.returncode == 2
    assert "must be a number, LatestPublished or LatestRevision" in bad_revision.stderr
    assert studio.requests_to("GET", ".*FW123.*") == []

    no_credentials = run_cli(
        "diff",
        str(in_git),
        f"twilio:{missing}",
        env=studio_env(studio, TWILIO_ACCOUNT_SID=None, TWILIO_AUTH_TOKEN=None),
    )
    assert no_credentials.returncode == 2
    assert "TWILIO_ACCOUNT_SID" in no_credentials.stderr


def test_pull_check_reports_drift_and_writes_nothing(studio: FakeStudioApi, tmp_path: Path) -> None:
    definition = flow_definition()
    sid = studio.add_flow("Order status", definition)
    env = studio_env(studio)
    assert run_cli("pull", "--out", str(tmp_path), sid, env=env).returncode == 0
    copy_path = tmp_path / "order-status.json"

    clean = run_cli("pull", "--check", "--out", str(tmp_path), sid, env=env)
    assert clean.returncode == 0, clean.stderr
    assert clean.stdout.splitlines() == [
        f"same      {sid}  {copy_path}",
        f"1 flow: 1 same (against {tmp_path})",
    ]

    studio.update_flow(sid, _rewired(definition))
    other = studio.add_flow("Never pulled", definition)
    before = _snapshot(tmp_path)
    drift = run_cli("pull", "--check", "--out", str(tmp_path), "--all", env=env)

    assert drift.returncode == 1, drift.stderr
    assert drift.stdout.splitlines() == [
        f"drifted   {sid}  {copy_path}",
        f"    --- {copy_path}",
        f"    +++ twilio:{sid}",
        "    rewired  lookup_order.failed: reply → note_failure",
        "    1 change in meaning.",
        f"missing   {other}  (no local copy in {tmp_path})",
        f"2 flows: 1 drifted, 1 missing (against {tmp_path})",
    ]
    assert _snapshot(tmp_path) == before
