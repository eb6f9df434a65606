"""Where the project's flows come from, through the real CLI on small repositories built in
a temporary folder: environment profiles (a run-subflow `flow_sid` of `${NAME}`, a flow's SID
per account), `"${NAME}" = file` in `[tool.flowlint.flows]`, templates as subflows, and pull
metadata and Flow resource files anywhere under the project root (bounded by `.gitignore`,
`exclude` and nested projects)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, run_flowlint

CONFIG_MAP = FIXTURES / "projects" / "config_map" / "flows"
DEV_SID = "FW1111111111111111111111111111aaaa"
PROD_SID = "FW2222222222222222222222222222bbbb"
OTHER_SID = "FW3333333333333333333333333333cccc"
CONTRACT = ["FL954", "FL954", "FL955", "FL956"]
"""What main.json's run-subflow 'verify' breaks of verify.json's contract (expect.txt)."""


def _repository(
    tmp_path: Path,
    config: str,
    *,
    flow_sid: str = "${VERIFY_SID}",
    subflow: str = "flows/verify.json",
    pulled_sid: str | None = None,
) -> Path:
    """main.json (its flow_sid set to `flow_sid`) runs verify.json, stored at `subflow`;
    `pulled_sid`: verify.json has pull metadata with that SID."""
    root = tmp_path / "repo"
    (root / "flows").mkdir(parents=True)
    (root / ".git").mkdir()
    parent = (CONFIG_MAP / "main.json").read_text(encoding="utf-8")
    (root / "flows" / "main.json").write_text(parent.replace(DEV_SID, flow_sid), encoding="utf-8")
    target = root / subflow
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(CONFIG_MAP / "verify.json", target)
    if pulled_sid is not None:
        _write_metadata(target, pulled_sid)
    (root / "pyproject.toml").write_text(config, encoding="utf-8")
    return root


def _write_metadata(definition: Path, sid: str) -> None:
    digest = hashlib.sha256(definition.read_bytes()).hexdigest()
    metadata = {
        "sid": sid,
        "friendly_name": "Verify",
        "definition_file": definition.name,
        "definition_sha256": digest,
    }
    definition.with_name(definition.stem + ".meta.json").write_text(json.dumps(metadata))


def _findings(root: Path, *args: str) -> list[dict[str, Any]]:
    result = run_flowlint(
        "check", "--no-cache", "--format", "json", *(args or ("flows/main.json",)), cwd=root
    )
    assert result.returncode in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return [d for d in report["diagnostics"] if d["code"].startswith("FL95")]


def _codes(findings: list[dict[str, Any]]) -> list[str]:
    return sorted(d["code"] for d in findings)


PROFILES = f"""
[tool.flowlint.environments.dev]
VERIFY_SID = "{DEV_SID}"

[tool.flowlint.environments.prod]
VERIFY_SID = "{PROD_SID}"
"""


def test_a_placeholder_flow_sid_resolves_through_every_profile(tmp_path: Path) -> None:
    # verify.json was pulled from dev; without --env, `${VERIFY_SID}` is dev's SID there.
    root = _repository(tmp_path, PROFILES, pulled_sid=DEV_SID)
    assert _codes(_findings(root)) == CONTRACT


def test_a_placeholder_no_profile_maps_to_a_project_flow_is_not_resolved(tmp_path: Path) -> None:
    root = _repository(tmp_path, PROFILES.replace(DEV_SID, OTHER_SID), pulled_sid=DEV_SID)
    findings = _findings(root)
    assert _codes(findings) == ["FL951"]
    assert f"{OTHER_SID} in dev, {PROD_SID} in prod" in findings[0]["message"]
    assert '"${VERIFY_SID}" = "flows/' in findings[0]["message"]


def test_the_active_environment_resolves_the_rendered_sid(tmp_path: Path) -> None:
    # Rendered for prod, flow_sid is prod's SID; the profiles say it is the flow dev's SID
    # names, which the dev pull wrote.
    root = _repository(tmp_path, PROFILES, pulled_sid=DEV_SID)
    assert _codes(_findings(root, "--env", "prod", "flows/main.json")) == CONTRACT


def test_with_env_the_active_profile_gives_the_sid_reported(tmp_path: Path) -> None:
    # No environment's SID is a project flow: rendered for prod, the hint names prod's SID.
    config = PROFILES.replace(DEV_SID, OTHER_SID) + "\n[tool.flowlint.flows]\n"
    root = _repository(tmp_path, config, pulled_sid=DEV_SID)
    findings = _findings(root, "--env", "prod", "flows/main.json")
    assert _codes(findings) == ["FL951"]
    assert PROD_SID in findings[0]["message"] and OTHER_SID not in findings[0]["message"]


def test_a_placeholder_mapped_to_a_file_needs_no_sid(tmp_path: Path) -> None:
    # The SIDs come from CI secrets that are not set here: the map names the file anyway.
    config = (
        '[tool.flowlint.environments.prod]\nVERIFY_SID = { env = "PROD_VERIFY_SID" }\n\n'
        '[tool.flowlint.flows]\n"${VERIFY_SID}" = "flows/verify.json"\n'
    )
    root = _repository(tmp_path, config)
    assert _codes(_findings(root)) == CONTRACT


def test_a_mapped_placeholder_makes_every_profile_sid_the_flows(tmp_path: Path) -> None:
    # A concrete parent (rendered for prod and committed) runs prod's SID.
    config = PROFILES + '\n[tool.flowlint.flows]\n"${VERIFY_SID}" = "flows/verify.json"\n'
    root = _repository(tmp_path, config, flow_sid=PROD_SID)
    assert _codes(_findings(root)) == CONTRACT


def test_one_flow_may_have_a_sid_per_account_in_the_config_map(tmp_path: Path) -> None:
    config = (
        f'[tool.flowlint.flows]\n{DEV_SID} = "flows/verify.json"\n'
        f'{PROD_SID} = "flows/verify.json"\n'
    )
    for sid in (DEV_SID, PROD_SID):
        root = _repository(tmp_path / sid, config, flow_sid=sid)
        assert _codes(_findings(root)) == CONTRACT, sid


def test_a_template_subflow_is_read_and_pointed_into(tmp_path: Path) -> None:
    config = '[tool.flowlint.flows]\n"${VERIFY_SID}" = "flows/verify.json"\n'
    root = _repository(tmp_path, config)
    subflow = root / "flows" / "verify.json"
    # A whole-value placeholder before the reads: the file is no longer JSON, and offsets
    # after it differ between the rendered text and the file.
    text = subflow.read_text(encoding="utf-8").replace(
        '"flags": {', '"description": ${LONG_DESCRIPTION_PLACEHOLDER},\n  "flags": {', 1
    )
    assert "${LONG_DESCRIPTION_PLACEHOLDER}" in text
    subflow.write_text(text, encoding="utf-8")
    result = run_flowlint("check", "--no-cache", "--format", "sarif", "flows/main.json", cwd=root)
    sarif = json.loads(result.stdout)
    results = {r["ruleId"]: r for r in sarif["runs"][0]["results"]}
    assert {"FL954", "FL955", "FL956"} <= set(results)
    place = results["FL954"]["relatedLocations"][0]["physicalLocation"]
    line = text.splitlines()[place["region"]["startLine"] - 1]
    assert line[place["region"]["startColumn"] - 1 :].startswith("trigger.parent.parameters.")


def test_pull_metadata_in_another_folder_is_found_from_the_root(tmp_path: Path) -> None:
    root = _repository(
        tmp_path,
        "[tool.flowlint]\n",
        flow_sid=DEV_SID,
        subflow="shared/sub/verify.json",
        pulled_sid=DEV_SID,
    )
    assert _codes(_findings(root)) == CONTRACT


def test_a_flow_resource_file_elsewhere_is_found_from_the_root(tmp_path: Path) -> None:
    root = _repository(tmp_path, "[tool.flowlint]\n", flow_sid=DEV_SID)
    definition = json.loads((root / "flows" / "verify.json").read_text(encoding="utf-8"))
    (root / "flows" / "verify.json").unlink()
    resource = {"sid": DEV_SID, "friendly_name": "Verify", "definition": definition}
    (root / "subflows").mkdir()
    (root / "subflows" / "verify.json").write_text(json.dumps(resource, indent=2))
    assert _codes(_findings(root)) == CONTRACT


def test_ignored_excluded_and_nested_project_flows_are_not_found(tmp_path: Path) -> None:
    for case, config in {
        "gitignored": "[tool.flowlint]\n",
        "excluded": '[tool.flowlint]\nexclude = ["vendor/**"]\n',
        "nested": "[tool.flowlint]\n",
    }.items():
        root = _repository(
            tmp_path / case,
            config,
            flow_sid=DEV_SID,
            subflow="vendor/verify.json",
            pulled_sid=DEV_SID,
        )
        if case == "gitignored":
            (root / ".gitignore").write_text("vendor/\n")
        if case == "nested":
            (root / "vendor" / "flowlint.toml").write_text("")
        assert _codes(_findings(root)) == [], case
        # Found once the walk may go there.
        if case == "gitignored":
            found = _findings(root, "--no-respect-gitignore", "flows/main.json")
            assert _codes(found) == CONTRACT


def test_no_walk_outside_a_project_root(tmp_path: Path) -> None:
    # No configuration and no .git: the working folder is no project root, so only the
    # checked file's own folder is searched (as before).
    root = _repository(
        tmp_path, "", flow_sid=DEV_SID, subflow="elsewhere/verify.json", pulled_sid=DEV_SID
    )
    (root / "pyproject.toml").unlink()
    shutil.rmtree(root / ".git")
    assert _codes(_findings(root)) == []
    shutil.move(root / "elsewhere" / "verify.json", root / "flows" / "verify.json")
    shutil.move(root / "elsewhere" / "verify.meta.json", root / "flows" / "verify.meta.json")
    assert _codes(_findings(root)) == CONTRACT


def test_the_project_picture_draws_a_placeholder_call_to_its_flow(tmp_path: Path) -> None:
    config = '[tool.flowlint.flows]\n"${VERIFY_SID}" = "flows/verify.json"\n'
    root = _repository(tmp_path, config)
    result = run_flowlint("graph", "--project", "flows", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "unknown subflow" not in result.stdout
    assert '-->|"verify"|' in result.stdout


def test_a_symbolic_link_loop_and_a_dependency_on_flowlint_do_not_stop_the_walk(
    tmp_path: Path,
) -> None:
    root = _repository(
        tmp_path,
        "[tool.flowlint]\n",
        flow_sid=DEV_SID,
        subflow="shared/verify.json",
        pulled_sid=DEV_SID,
    )
    (root / "shared" / "loop").symlink_to(root, target_is_directory=True)
    # A Python package that depends on flowlint is not another flowlint project.
    (root / "shared" / "pyproject.toml").write_text('[project]\ndependencies = ["flowlint"]\n')
    assert _codes(_findings(root)) == CONTRACT


def test_verbose_lists_the_projects_flows(tmp_path: Path) -> None:
    root = _repository(
        tmp_path,
        "[tool.flowlint]\n",
        flow_sid=DEV_SID,
        subflow="shared/verify.json",
        pulled_sid=DEV_SID,
    )
    result = run_flowlint("check", "--no-cache", "-v", "flows/main.json", cwd=root)
    assert result.returncode == 0  # the contract findings are warnings, result.stderr
    listed = [line for line in result.stderr.splitlines() if "project flow" in line]
    assert listed == [
        f"flowlint: project flow shared/verify.json (SID {DEV_SID}, name 'Verify'; from pull)"
    ]
    quiet = run_flowlint("check", "--no-cache", "flows/main.json", cwd=root)
    assert "project flow" not in quiet.stderr


def test_a_walk_that_stops_at_its_bound_says_so(tmp_path: Path) -> None:
    from flowlint.run.project_sources import MAX_PROJECT_FILES

    root = _repository(tmp_path, "[tool.flowlint]\n", flow_sid=DEV_SID, pulled_sid=DEV_SID)
    generated = root / "generated"
    generated.mkdir()
    for number in range(MAX_PROJECT_FILES - 3):
        (generated / f"{number}.json").write_bytes(b"{}")
    result = run_flowlint("check", "--no-cache", "--format", "json", "flows/main.json", cwd=root)
    # main, verify and its metadata make 20,000 .json files: every one is looked at.
    assert "walk" not in result.stderr
    (generated / "one-more.json").write_bytes(b"{}")
    result = run_flowlint("check", "--no-cache", "--format", "json", "flows/main.json", cwd=root)
    assert result.returncode == 0  # the contract findings are warnings
    assert f"stopped after {MAX_PROJECT_FILES:,} .json files" in result.stderr
    # The flows beside the checked file are still known.
    report = json.loads(result.stdout)
    assert _codes([d for d in report["diagnostics"] if d["code"].startswith("FL95")]) == CONTRACT
