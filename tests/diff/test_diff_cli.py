"""`flowlint diff OLD NEW` on real Console exports: moves, renames, rewiring, property and flag
changes, the three formats, stdin, git revisions, and inputs that cannot be compared."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from tests.diff.conftest import ASTROLOGY, diff, diff_json, edited, state

EMPTY = {"added": [], "removed": [], "renamed": [], "rewired": [], "changed": []}


def _move(data: dict[str, Any]) -> None:
    for number, widget in enumerate(data["states"]):
        if number % 2:
            widget["properties"]["offset"]["x"] += 120
            widget["properties"]["offset"]["y"] -= 40


def test_moved_widgets_reformatted_and_reordered_are_no_change(ivr: Path, tmp_path: Path) -> None:
    def move_and_reformat(data: dict[str, Any]) -> None:
        _move(data)
        data["states"].reverse()

    moved = edited(tmp_path, ivr, "moved.json", move_and_reformat)
    moved.write_text(json.dumps(json.loads(moved.read_text()), indent=4, sort_keys=True))

    result = diff(str(ivr), str(moved))

    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[2:] == [
        "layout   5 widgets moved on the canvas",
        "No change in meaning.",
    ]
    hidden = diff("--no-layout", str(ivr), str(moved))
    assert hidden.stdout.splitlines()[2:] == ["No change in meaning."]
    assert diff_json(str(ivr), str(moved)) == (0, {**EMPTY, "layout": 5})


def test_rename_is_one_change_with_its_transitions_and_liquid(ivr: Path, tmp_path: Path) -> None:
    text = ivr.read_text()
    assert len(re.findall(r"widgets\.gather_input\b", text)) == 9
    renamed = tmp_path / "renamed.json"
    renamed.write_text(re.sub(r"\bgather_input\b", "main_menu", text))

    result = diff(str(ivr), str(renamed))

    assert result.returncode == 1
    assert result.stdout.splitlines()[2:] == [
        "renamed  gather_input → main_menu",
        "1 change in meaning.",
    ]
    assert diff_json(str(ivr), str(renamed)) == (
        1,
        {**EMPTY, "renamed": [{"from": "gather_input", "to": "main_menu"}], "layout": 0},
    )


def test_a_rename_with_an_edit_is_found_by_content_and_position(ivr: Path, tmp_path: Path) -> None:
    def rename_and_edit(data: dict[str, Any]) -> None:
        widget = state(data, "say_play_1")
        widget["name"] = "goodbye"
        widget["properties"]["say"] = "Goodbye!"
        state(data, "split_1")["transitions"][0]["next"] = "goodbye"

    changed = edited(tmp_path, ivr, "changed.json", rename_and_edit)
    old_say = state(json.loads(ivr.read_text()), "say_play_1")["properties"]["say"]

    status, report = diff_json(str(ivr), str(changed))

    assert status == 1
    assert report["renamed"] == [{"from": "say_play_1", "to": "goodbye"}]
    assert report["changed"] == [
        {"widget": "goodbye", "pointer": "/properties/say", "old": old_say, "new": "Goodbye!"}
    ]
    assert report["added"] == report["removed"] == report["rewired"] == []


def test_rewiring_names_widget_event_and_both_targets(ivr: Path, tmp_path: Path) -> None:
    def rewire(data: dict[str, Any]) -> None:
        state(data, "split_1")["transitions"][0]["next"] = "enqueue_1"  # noMatch
        state(data, "split_key_press")["transitions"][2]["next"] = "gather_1"  # 2nd match
        state(data, "enqueue_1")["transitions"][1]["next"] = "say_play_1"  # failedToEnqueue

    rewired = edited(tmp_path, ivr, "rewired.json", rewire)

    result = diff(str(ivr), str(rewired))

    assert result.returncode == 1
    assert result.stdout.splitlines()[2:] == [
        "rewired  split_key_press.match#2: gather_2 → gather_1",
        "rewired  split_1.noMatch: say_play_1 → enqueue_1",
        "rewired  enqueue_1.failedToEnqueue: (end) → say_play_1",
        "3 changes in meaning.",
    ]


def test_added_removed_flags_and_liquid_changes(corpus: Path, tmp_path: Path) -> None:
    original = corpus / ASTROLOGY
    data = json.loads(original.read_text())
    liquid = [
        (s["name"], key)
        for s in data["states"]
        for key, value in s["properties"].items()
        if isinstance(value, str) and "{{widgets." in value
    ]
    widget_name, key = liquid[0]

    def edit(flow: dict[str, Any]) -> None:
        widget = state(flow, widget_name)
        widget["properties"][key] = widget["properties"][key].replace("{{", "Hi {{", 1)
        flow["flags"] = {"allow_concurrent_calls": False}
        flow["states"].append(
            {
                "name": "log_it",
                "type": "set-variables",
                "transitions": [{"event": "next"}],
                "properties": {"variables": [], "offset": {"x": 0, "y": 0}},
            }
        )

    changed = edited(tmp_path, original, "changed.json", edit)

    result = diff(str(original), str(changed))

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "added    log_it (set-variables)" in lines
    (inline,) = [line for line in lines if line.startswith(f"changed  {widget_name} /properties")]
    assert "{+Hi +}{{" in inline
    assert "changed  (flow) /flags/allow_concurrent_calls: true → false" in lines

    removed = diff(str(changed), str(original))
    assert "removed  log_it (set-variables)" in removed.stdout.splitlines()


def test_markdown_has_the_changes_and_a_mermaid_picture_of_the_changed_part(
    ivr: Path, tmp_path: Path
) -> None:
    def edit(data: dict[str, Any]) -> None:
        state(data, "split_1")["transitions"][0]["next"] = "enqueue_1"

    rewired = edited(tmp_path, ivr, "rewired.json", edit)

    result = diff("--format", "markdown", str(ivr), str(rewired))

    assert result.returncode == 1
    text = result.stdout
    assert "- **rewired** `split_1.noMatch`: `say_play_1` → `enqueue_1`" in text
    picture = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    nodes = dict(re.findall(r'^\s+(w\d+)\["([^<"]+)<br/>', picture, re.MULTILINE))
    # split_1 changed; its neighbours (gather_2 before, enqueue_1 and say_play_1 after) shown.
    assert sorted(nodes.values()) == ["enqueue_1", "gather_2", "say_play_1", "split_1"]
    split_node = next(node for node, name in nodes.items() if name == "split_1")
    assert f"class {split_node} changed" in picture


def test_stdin_and_colour(ivr: Path, tmp_path: Path) -> None:
    renamed = re.sub(r"\bgather_input\b", "main_menu", ivr.read_text())

    result = diff(str(ivr), "-", stdin=renamed.encode())

    assert result.returncode == 1
    assert result.stdout.splitlines()[1] == "+++ <stdin>"
    coloured = diff("--color", "always", str(ivr), "-", stdin=renamed.encode())
    assert "\x1b[" in coloured.stdout
    assert "\x1b[" not in result.stdout  # NO_COLOR (set by the test runner) and no terminal


def test_git_revisions(ivr: Path, tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "test@example.com")
    git("config", "user.name", "Test")
    flow = tmp_path / "flow.json"
    flow.write_text(ivr.read_text())
    git("add", "flow.json")
    git("commit", "-qm", "first")
    flow.write_text(re.sub(r"\bsay_play_3\b", "thanks", ivr.read_text()))
    git("commit", "-qam", "rename")

    result = diff("git:HEAD~1:flow.json", "git:HEAD:flow.json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "renamed  say_play_3 → thanks" in result.stdout.splitlines()
    against_work_tree = diff("git:HEAD:flow.json", "flow.json", cwd=tmp_path)
    assert against_work_tree.returncode == 0

    missing = diff("git:nope:flow.json", "flow.json", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.startswith("flowlint: error: cannot read git:nope:flow.json: ")


def test_inputs_that_cannot_be_compared_exit_2_with_a_message(ivr: Path, tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"states": [')
    (tmp_path / "package.json").write_text('{"name": "x"}')
    cases = {
        "missing.json": "cannot read missing.json: No such file or directory",
        "broken.json": "broken.json is not valid JSON: Expecting value (line 1, column 13)",
        "package.json": "package.json is not a Studio flow: an object without `states`",
        "git:HEAD": "git:HEAD: expected git:REVISION:PATH",
    }
    for name, message in cases.items():
        result = diff(str(ivr), name, cwd=tmp_path)
        assert result.returncode == 2, name
        assert result.stdout == ""
        assert result.stderr.startswith(f"flowlint: error: {message}"), result.stderr
    usage = diff(str(ivr))
    assert usage.returncode == 2
    assert "expected two versions: OLD NEW" in usage.stderr


def test_text_from_the_file_is_escaped(ivr: Path, tmp_path: Path) -> None:
    hostile = "evil\x1b]0;owned\x07\u202e"
    renamed = tmp_path / "renamed.json"
    renamed.write_text(
        re.sub(r"\bsay_play_3\b", lambda _: json.dumps(hostile)[1:-1], ivr.read_text())
    )

    result = diff(str(ivr), str(renamed))

    assert result.returncode == 1
    assert "renamed  say_play_3 → evil\\x1b]0;owned\\x07\\u202e" in result.stdout.splitlines()
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    markdown = diff("--format", "markdown", str(ivr), str(renamed))
    assert "\x1b" not in markdown.stdout and "\u202e" not in markdown.stdout
