"""`flowlint pull` against the fake Studio API: files, metadata, paging, revisions, re-runs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.twilio.conftest import flow_definition, run_cli, studio_env
from tests.twilio.fake_studio_api import FakeStudioApi


def test_pull_one_flow_writes_definition_and_metadata(
    studio: FakeStudioApi, tmp_path: Path
) -> None:
    definition = flow_definition()
    sid = studio.add_flow("Order status (prod)", definition)
    out = tmp_path / "flows"

    result = run_cli("pull", "--out", str(out), sid, env=studio_env(studio))

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"created   {sid}  {out / 'order-status-prod.json'} (revision 1)",
        f"1 flow: 1 created (in {out})",
    ]
    written = (out / "order-status-prod.json").read_text(encoding="utf-8")
    assert json.loads(written) == definition
    assert written == json.dumps(definition, indent=2, ensure_ascii=False) + "\n"
    metadata = json.loads((out / "order-status-prod.meta.json").read_text())
    assert metadata == {
        "sid": sid,
        "friendly_name": "Order status (prod)",
        "status": "published",
        "revision": 1,
        "commit_message": "first version",
        "date_created": metadata["date_created"],
        "date_updated": metadata["date_updated"],
        "definition_file": "order-status-prod.json",
        "definition_sha256": hashlib.sha256(written.encode()).hexdigest(),
    }
    assert metadata["date_created"].startswith("2024-05-01T")
    assert sorted(p.name for p in out.iterdir()) == [
        "order-status-prod.json",
        "order-status-prod.meta.json",
    ]
    assert [(r.method, r.path) for r in studio.requests] == [("GET", f"/v2/Flows/{sid}")]


def test_pulled_definition_is_a_clean_flowlint_input(studio: FakeStudioApi, tmp_path: Path) -> None:
    sid = studio.add_flow("Order status", flow_definition())
    run_cli("pull", "--out", str(tmp_path), sid, env=studio_env(studio))

    # The directory walk checks the definition and skips the metadata file (not a flow).
    result = run_cli("check", str(tmp_path), env=studio_env(None))
    assert result.returncode == 0, result.stdout
    assert "1 file checked" in result.stdout


def test_rerun_reports_unchanged_and_leaves_files_alone(
    studio: FakeStudioApi, tmp_path: Path
) -> None:
    sid = studio.add_flow("Order status", flow_definition())
    env = studio_env(studio)
    run_cli("pull", "--out", str(tmp_path), sid, env=env)
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}

    result = run_cli("pull", "--out", str(tmp_path), sid, env=env)

    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith(f"unchanged {sid}")
    assert result.stdout.splitlines()[-1] == f"1 flow: 1 unchanged (in {tmp_path})"
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before


def test_rerun_after_a_new_revision_updates_the_same_files(
    studio: FakeStudioApi, tmp_path: Path
) -> None:
    sid = studio.add_flow("Order status", flow_definition())
    env = studio_env(studio)
    run_cli("pull", "--out", str(tmp_path), sid, env=env)
    changed = flow_definition()
    changed["description"] = "Order status, second edition"
    studio.update_flow(sid, changed, friendly_name="Renamed in the Console")

    result = run_cli("pull", "--out", str(tmp_path), sid, env=env)

    assert result.returncode == 0
    assert (
        result.stdout.splitlines()[0]
        == f"updated   {sid}  {tmp_path / 'order-status.json'} (revision 2)"
    )
    assert json.loads((tmp_path / "order-status.json").read_text())["description"] == (
        "Order status, second edition"
    )
    metadata = json.loads((tmp_path / "order-status.meta.json").read_text())
    assert (metadata["revision"], metadata["friendly_name"]) == (2, "Renamed in the Console")
    # The file keeps the name of its first pull: a rename in the Console does not move it.
    assert not list(tmp_path.glob("renamed*"))


def test_local_edits_are_overwritten_by_the_account_copy(
    studio: FakeStudioApi, tmp_path: Path
) -> None:
    sid = studio.add_flow("Order status", flow_definition())
    env = studio_env(studio)
    run_cli("pull", "--out", str(tmp_path), sid, env=env)
    (tmp_path / "order-status.json").write_text("{}")

    result = run_cli("pull", "--out", str(tmp_path), sid, env=env)

    assert result.stdout.startswith(f"updated   {sid}")
    assert json.loads((tmp_path / "order-status.json").read_text()) == flow_definition()


def test_pull_all_follows_pages_and_skips_unchanged_flows(
    studio: FakeStudioApi, tmp_path: Path
) -> None:
    sids = [studio.add_flow(f"Flow {number}", flow_definition()) for number in range(5)]
    env = studio_env(studio)

    first = run_cli("pull", "--out", str(tmp_path), "--all", "--page-size", "2", env=env)

    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1] == f"5 flows: 5 created (in {tmp_path})"
    assert sorted(p.name for p in tmp_path.glob("*.meta.json")) == [
        f"flow-{n}.meta.json" for n in range(5)
    ]
    pages = studio.requests_to("GET", "/v2/Flows")
    assert [
        (r.query.get("PageSize"), r.query.get("Page"), r.query.get("PageToken")) for r in pages
    ] == [
        ("2", None, None),
        ("2", "1", "PT2"),
        ("2", "2", "PT4"),
    ]
    assert len(studio.requests_to("GET", "/v2/Flows/FW[0-9a-f]{32}")) == 5

    # Second run: the list entries match the metadata, so no flow is fetched again.
    studio.requests.clear()
    studio.update_flow(sids[3], {**flow_definition(), "description": "changed"})
    second = run_cli("pull", "--out", str(tmp_path), "--all", "--page-size", "2", env=env)

    assert second.returncode == 0
    assert second.stdout.splitlines()[-1] == f"5 flows: 1 updated, 4 unchanged (in {tmp_path})"
    assert [r.path for r in studio.requests_to("GET", "/v2/Flows/FW[0-9a-f]{32}")] == [
        f"/v2/Flows/{sids[3]}"
    ]


def test_same_friendly_name_gets_the_sid_appended(studio: FakeStudioApi, tmp_path: Path) -> None:
    first = studio.add_flow("IVR", flow_definition())
    second = studio.add_flow("IVR", flow_definition())
    nameless = studio.add_flow("???", flow_definition())

    result = run_cli("pull", "--out", str(tmp_path), "--all", env=studio_env(studio))

    assert result.returncode == 0
    names = sorted(p.name for p in tmp_path.glob("*.json") if not p.name.endswith(".meta.json"))
    assert names == sorted(["ivr.json", f"ivr-{second}.json", f"{nameless}.json"])
    assert json.loads((tmp_path / "ivr.meta.json").read_text())["sid"] == first


def test_a_file_pull_did_not_write_is_never_overwritten(
    studio: FakeStudioApi, tmp_path: Path
) -> None:
    (tmp_path / "ivr.json").write_text('{"mine": true}')
    sid = studio.add_flow("IVR", flow_definition())

    result = run_cli("pull", "--out", str(tmp_path), sid, env=studio_env(studio))

    assert result.returncode == 0
    assert (tmp_path / "ivr.json").read_text() == '{"mine": true}'
    assert (tmp_path / f"ivr-{sid}.json").exists()


def test_revisions_are_written_once_each(studio: FakeStudioApi, tmp_path: Path) -> None:
    sid = studio.add_flow("Order status", flow_definition(), status="draft")
    for number in range(2, 4):
        studio.update_flow(sid, {**flow_definition(), "description": f"edition {number}"})
    env = studio_env(studio)

    result = run_cli(
        "pull", "--out", str(tmp_path), sid, "--revisions", "--page-size", "2", env=env
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"created   {sid}  {tmp_path / 'order-status.json'} (revision 3, 3 new revisions)"
    )
    folder = tmp_path / "order-status.revisions"
    assert sorted(p.name for p in folder.iterdir()) == [
        "1.json",
        "1.meta.json",
        "2.json",
        "2.meta.json",
        "3.json",
        "3.meta.json",
    ]
    assert json.loads((folder / "2.json").read_text())["description"] == "edition 2"
    first = json.loads((folder / "1.meta.json").read_text())
    assert (first["revision"], first["status"], first["definition_file"]) == (1, "draft", "1.json")
    assert len(studio.requests_to("GET", "/v2/Flows/FW[0-9a-f]{32}/Revisions")) == 2  # two pages

    studio.requests.clear()
    studio.update_flow(sid, {**flow_definition(), "description": "edition 4"})
    again = run_cli("pull", "--out", str(tmp_path), sid, "--revisions", env=env)

    assert again.stdout.splitlines()[0].endswith("(revision 4, 1 new revision)")
    fetched = [r.path for r in studio.requests_to("GET", "/v2/Flows/FW[0-9a-f]{32}/Revisions/.+")]
    assert fetched == [f"/v2/Flows/{sid}/Revisions/4"]


def test_test_users_file_is_written_and_checked(studio: FakeStudioApi, tmp_path: Path) -> None:
    sid = studio.add_flow(
        "Order status", flow_definition(), test_users=["+14155551212", "(415) 555-1213"]
    )

    result = run_cli("pull", "--out", str(tmp_path), sid, "--test-users", env=studio_env(studio))

    assert result.returncode == 0, result.stderr
    test_users = json.loads((tmp_path / "order-status.test-users.json").read_text())
    assert test_users["sid"] == sid
    assert test_users["test_users"] == ["+14155551212", "(415) 555-1213"]
    check = run_cli("check", "--format", "json", str(tmp_path), env=studio_env(None))
    findings = json.loads(check.stdout)["diagnostics"]
    assert [(d["rule"], d["range"]["start"]["line"]) for d in findings] == [
        ("invalid-test-user", 5)
    ]


def test_out_directory_is_created_with_parents(studio: FakeStudioApi, tmp_path: Path) -> None:
    sid = studio.add_flow("Order status", flow_definition())
    out = tmp_path / "a" / "b"

    result = run_cli("pull", "--out", str(out), sid, env=studio_env(studio))

    assert result.returncode == 0
    assert (out / "order-status.json").exists()
    assert not list(out.glob(".*.tmp"))


def test_api_key_credentials(studio: FakeStudioApi, tmp_path: Path) -> None:
    from tests.twilio.fake_studio_api import API_KEY, API_SECRET

    sid = studio.add_flow("Order status", flow_definition())
    env = studio_env(
        studio,
        TWILIO_AUTH_TOKEN=None,
        TWILIO_ACCOUNT_SID=None,
        TWILIO_API_KEY=API_KEY,
        TWILIO_API_SECRET=API_SECRET,
    )

    result = run_cli("pull", "--out", str(tmp_path), sid, env=env)

    assert result.returncode == 0, result.stderr
    assert studio.requests[-1].username == API_KEY


def test_api_url_option_wins_over_the_environment(studio: FakeStudioApi, tmp_path: Path) -> None:
    sid = studio.add_flow("Order status", flow_definition())
    env = studio_env(studio, FLOWLINT_STUDIO_API_URL="http://127.0.0.1:9")

    result = run_cli("pull", "--out", str(tmp_path), sid, "--api-url", studio.url + "/v2/", env=env)

    assert result.returncode == 0, result.stderr
    assert studio.requests[-1].path == f"/v2/Flows/{sid}"


def test_a_hand_written_metadata_file_does_not_make_pull_overwrite_its_neighbour(
    studio: FakeStudioApi, tmp_path: Path
) -> None:
    """A `<name>.meta.json` that pull did not write (only a `sid`, no definition hash) does not
    hand `<name>.json` over to pull."""
    sid = studio.add_flow("IVR", flow_definition())
    (tmp_path / "notes.json").write_text('{"mine": true}\n')
    (tmp_path / "notes.meta.json").write_text(json.dumps({"sid": sid}))
    (tmp_path / "notes.revisions").mkdir()
    (tmp_path / "notes.revisions" / "1.json").write_text("mine too\n")

    result = run_cli("pull", "--out", str(tmp_path), sid, "--revisions", env=studio_env(studio))

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "notes.json").read_text() == '{"mine": true}\n'
    assert (tmp_path / "notes.revisions" / "1.json").read_text() == "mine too\n"
    assert json.loads((tmp_path / "ivr.json").read_text()) == flow_definition()
