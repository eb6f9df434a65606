"""Honest results (#13 §4): a run never passes off a file it could not check as a clean one.

Input problems are reported whatever the selection, per-file ignores or a baseline say; a
rule crash is a tool failure (exit 2) in every format; walks report broken JSON, honour
.gitignore and list what they skip with -v; reported paths are relative to the project root.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from flowlint.reporters import FORMATS
from tests.conftest import FIXTURES, run_flowlint, run_json

CLEAN = FIXTURES / "rules" / "unknown-transition-target" / "silent_all_targets_exist.json"
MISSPELT = FIXTURES / "cli" / "misspelt_next.json"
BROKEN = '{"states": ['

CRASHING_RULE = (
    "from flowlint.rule import Rule, Severity\n\n"
    "class AlwaysCrashes(Rule):\n"
    "    '''Crashes on every widget.'''\n"
    "    code = 'ACME001'\n    name = 'always-crashes'\n    category = 'acme'\n"
    "    severity = Severity.WARNING\n    summary = 'Crashes'\n\n"
    "    def check_widget(self, widget, ctx):\n"
    "        raise KeyError('boom')\n"
)


def test_select_graph_on_broken_json_reports_it_instead_of_all_clear(tmp_path: Path) -> None:
    (tmp_path / "flow.json").write_text(BROKEN)
    result = run_flowlint("check", "--select", "graph", "flow.json", cwd=tmp_path)
    assert result.returncode == 1, "invalid JSON in a named file is a finding of the file"
    assert "flow.json:1:12: error[FL001/json-syntax]" in result.stdout
    assert "All clear" not in result.stdout
    assert result.stdout.splitlines()[-1] == "Found 1 error, 0 warnings, 0 infos in 1 file."


def test_ignore_per_file_ignores_and_baseline_do_not_hide_input_problems(tmp_path: Path) -> None:
    (tmp_path / "flow.json").write_text(BROKEN)
    (tmp_path / "list.json").write_text('{"name": "not a flow"}')
    (tmp_path / ".flowlint.toml").write_text('[per-file-ignores]\n"*.json" = ["input"]\n')
    expected = ["json-syntax", "not-a-flow"]

    status, report = run_json("--ignore", "FL001,FL003", "flow.json", "list.json", cwd=tmp_path)
    assert (status, sorted(d["rule"] for d in report["diagnostics"])) == (1, expected)

    written = run_flowlint(
        "check", "--write-baseline", "base.json", "flow.json", "list.json", cwd=tmp_path
    )
    assert written.returncode == 1, written.stdout + written.stderr
    assert "wrote 0 entries" in written.stderr
    status, report = run_json("--baseline", "base.json", "flow.json", "list.json", cwd=tmp_path)
    assert (status, sorted(d["rule"] for d in report["diagnostics"])) == (1, expected)


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_a_rule_crash_is_exit_2_and_carried_by_every_format(
    tmp_path: Path, output_format: str
) -> None:
    rules = tmp_path / "plugin_rules"
    rules.mkdir()
    (rules / "always_crashes.py").write_text(CRASHING_RULE)
    shutil.copy(CLEAN, tmp_path / "flow.json")
    # Only the crashing rule is selected: internal-error is reported all the same.
    result = run_flowlint(
        "check", "--rules-dir", str(rules), "--select", "ACME001", "--format", output_format,
        "flow.json", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2, result.stdout + result.stderr
    output = result.stdout
    assert "All clear" not in output
    if output_format == "json":
        (diagnostic,) = json.loads(output)["diagnostics"]
        assert diagnostic["rule"] == "internal-error"
        assert json.loads(output)["summary"]["tool_failures"] == 1
    elif output_format == "sarif":
        (invocation,) = json.loads(output)["runs"][0]["invocations"]
        assert invocation["executionSuccessful"] is False
        (notification,) = invocation["toolExecutionNotifications"]
        assert notification["associatedRule"]["id"] == "FL000"
        assert "rule ACME001/always-crashes crashed" in notification["message"]["text"]
        location = notification["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location == {"uri": "flow.json", "uriBaseId": "%SRCROOT%"}
    elif output_format == "junit":
        assert '<error type="internal-error"' in output
    elif output_format == "gitlab":
        (issue,) = json.loads(output)
        assert issue["check_name"] == "FL000/internal-error"
    elif output_format == "github":
        assert "::error file=flow.json," in output and "title=FL000 internal-error" in output
    else:
        assert "[FL000/internal-error]" in output
        assert "could not check everything (1 tool failure, exit status 2)" in output


def test_unreadable_file_is_reported_in_json_and_sarif(tmp_path: Path) -> None:
    result = run_flowlint("check", "--format", "sarif", "gone.json", cwd=tmp_path)
    assert result.returncode == 2
    run = json.loads(result.stdout)["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert [r["ruleId"] for r in run["results"]] == ["FL006"]
    status, report = run_json("gone.json", cwd=tmp_path)
    assert status == 2
    assert [(d["path"], d["rule"]) for d in report["diagnostics"]] == [
        ("gone.json", "unreadable-file")
    ]


def _folder_with_non_flows(root: Path) -> None:
    (root / "flows").mkdir(parents=True)
    shutil.copy(CLEAN, root / "flows" / "clean.json")
    (root / "flows" / "half_written.json").write_text(BROKEN)
    (root / "package.json").write_text('{"name": "studio-flows", "version": "1.0.0"}')
    (root / "tsconfig.json").write_text(
        '{\n  // comments are fine here\n  "compilerOptions": {}\n}'
    )
    (root / "node_modules" / "x").mkdir(parents=True)
    (root / "node_modules" / "x" / "package.json").write_text("{}")


def test_walked_broken_json_is_a_warning_and_non_flows_stay_silent(tmp_path: Path) -> None:
    _folder_with_non_flows(tmp_path)
    result = run_flowlint("check", "--no-cache", "--no-source", ".", cwd=tmp_path)
    assert result.returncode == 0, "a walked file the user did not name is a warning"
    lines = result.stdout.splitlines()
    assert lines[0].startswith("flows/half_written.json:1:12: warning[FL001/json-syntax]")
    assert "cannot tell whether it holds a flow" in lines[0]
    assert lines[-1] == "Found 0 errors, 1 warning, 0 infos in 2 files."
    assert "package.json" not in result.stdout and "tsconfig.json" not in result.stdout
    strict = run_flowlint("check", "--no-cache", "--fail-on", "warning", ".", cwd=tmp_path)
    assert strict.returncode == 1


def test_verbose_lists_what_the_walk_skipped_and_why(tmp_path: Path) -> None:
    _folder_with_non_flows(tmp_path)
    result = run_flowlint("check", "--no-cache", "-v", ".", cwd=tmp_path)
    skipped = sorted(line for line in result.stderr.splitlines() if " skipped " in line)
    assert skipped == [
        "flowlint: skipped node_modules: a tool's folder, never walked",
        "flowlint: skipped package.json: not a Studio flow: an object without "
        "`states`/`initial_state` (a definition), `definition` (a Flow resource) or "
        "`flows` (a list page)",
        "flowlint: skipped tsconfig.json: JSON with comments (JSONC), which no Studio flow is",
    ]
    quiet = run_flowlint("check", "--no-cache", ".", cwd=tmp_path)
    assert "skipped" not in quiet.stderr


def _project(root: Path) -> Path:
    """A project whose configuration is at `root`, with a flow in flows/ivr/."""
    (root / "flows" / "ivr").mkdir(parents=True)
    (root / ".flowlint.toml").write_text("")
    shutil.copy(MISSPELT, root / "flows" / "ivr" / "main.json")
    return root


def test_paths_are_relative_to_the_project_root_from_a_subfolder(tmp_path: Path) -> None:
    root = _project(tmp_path / "repo")
    status, report = run_json("ivr/main.json", cwd=root / "flows")
    assert status == 1
    assert {d["path"] for d in report["diagnostics"]} == {"flows/ivr/main.json"}

    sarif = run_flowlint("check", "--format", "sarif", "ivr", cwd=root / "flows")
    run = json.loads(sarif.stdout)["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}}
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "flows/ivr/main.json", "uriBaseId": "%SRCROOT%"}
    gitlab = run_flowlint("check", "--format", "gitlab", "main.json", cwd=root / "flows" / "ivr")
    assert {issue["location"]["path"] for issue in json.loads(gitlab.stdout)} == {
        "flows/ivr/main.json"
    }


def test_paths_are_relative_to_the_config_folder_or_git_root_from_elsewhere(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path / "repo")
    _, report = run_json(
        "--config", "repo/.flowlint.toml", "repo/flows/ivr/main.json", cwd=tmp_path
    )
    assert {d["path"] for d in report["diagnostics"]} == {"flows/ivr/main.json"}
    (root / ".flowlint.toml").unlink()
    (root / ".git").mkdir()  # no configuration: the git root is the project root
    _, report = run_json("ivr", cwd=root / "flows")
    assert {d["path"] for d in report["diagnostics"]} == {"flows/ivr/main.json"}
    outside = tmp_path / "elsewhere.json"
    shutil.copy(MISSPELT, outside)
    _, report = run_json(str(outside), cwd=root / "flows")
    assert {d["path"] for d in report["diagnostics"]} == {str(outside)}, "kept as given"


def test_walks_respect_gitignore_unless_told_not_to(tmp_path: Path) -> None:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("scratch.json\n")
    (tmp_path / ".gitignore").write_text("generated/\n*.bak.json\n")
    for name in ("flows/a.json", "flows/old.bak.json", "generated/b.json", "scratch.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(MISSPELT, tmp_path / name)
    (tmp_path / "flows" / ".gitignore").write_text("!keep.bak.json\nlocal/\n")
    shutil.copy(MISSPELT, tmp_path / "flows" / "keep.bak.json")
    (tmp_path / "flows" / "local").mkdir()
    shutil.copy(MISSPELT, tmp_path / "flows" / "local" / "c.json")

    def checked(*args: str, cwd: Path = tmp_path) -> set[str]:
        _, report = run_json("--no-cache", *args, cwd=cwd)
        return {d["path"] for d in report["diagnostics"]}

    assert checked() == {"flows/a.json", "flows/keep.bak.json"}
    assert checked("flows") == {"flows/a.json", "flows/keep.bak.json"}
    assert checked("--no-respect-gitignore") == {
        "flows/a.json",
        "flows/keep.bak.json",
        "flows/old.bak.json",
        "flows/local/c.json",
        "generated/b.json",
        "scratch.json",
    }
    # Named files are always checked; a named ignored folder is walked.
    assert checked("generated/b.json", "scratch.json") == {"generated/b.json", "scratch.json"}
    assert checked("generated") == {"generated/b.json"}
    verbose = run_flowlint("check", "--no-cache", "-v", ".", cwd=tmp_path)
    assert "flowlint: skipped generated: ignored by" in verbose.stderr


def test_the_baseline_file_is_neither_checked_nor_counted(tmp_path: Path) -> None:
    (tmp_path / "flows").mkdir()
    shutil.copy(MISSPELT, tmp_path / "flows" / "main.json")
    baseline = "flows/baseline.json"
    written = run_flowlint("check", "--write-baseline", baseline, "flows", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    named = [str(path.relative_to(tmp_path)) for path in sorted((tmp_path / "flows").iterdir())]
    for paths in (["flows"], named):
        status, report = run_json("--baseline", baseline, *paths, cwd=tmp_path)
        assert (status, report["diagnostics"]) == (0, []), paths
        assert report["summary"]["files"] == 1


@pytest.mark.parametrize("output_format", ["text", "concise", "github"])
def test_the_shown_severity_never_hides_input_problems(tmp_path: Path, output_format: str) -> None:
    """Input problems are shown whatever severity the configuration gives them and whatever
    --show-severity says: broken JSON lowered to info, a rule crash lowered to info, and a
    walked broken file (a warning) under --show-severity error."""
    rules = tmp_path / "plugin_rules"
    rules.mkdir()
    (rules / "always_crashes.py").write_text(CRASHING_RULE)
    (tmp_path / "flows").mkdir()
    shutil.copy(CLEAN, tmp_path / "flows" / "flow.json")
    (tmp_path / "flows" / "broken.json").write_text(BROKEN)
    (tmp_path / "flowlint.toml").write_text(
        '[severity]\njson-syntax = "info"\ninternal-error = "info"\n'
    )
    named = run_flowlint(
        "check", "--no-cache", "--rules-dir", str(rules), "--select", "ACME001",
        "--format", output_format, "flows/flow.json", "flows/broken.json", cwd=tmp_path,
    )  # fmt: skip
    assert named.returncode == 2, named.stdout + named.stderr  # the crash: a tool failure
    assert "FL001" in named.stdout and "json-syntax" in named.stdout
    assert "FL000" in named.stdout and "internal-error" in named.stdout
    assert "not shown" not in named.stdout
    (tmp_path / "flowlint.toml").unlink()
    walked = run_flowlint(
        "check", "--no-cache", "--show-severity", "error", "--format", output_format, "flows",
        cwd=tmp_path,
    )  # fmt: skip
    assert "flows/broken.json" in walked.stdout and "FL001" in walked.stdout
