"""`flowlint fmt` end to end: the real CLI as a subprocess on files, folders and stdin."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from flowlint.fmt import format_flow_text
from flowlint.fmt.files import ChangedOnDisk, format_file, write_formatted
from tests.conftest import run_flowlint

EXPORTED = (
    "{\n"
    '  "description": "Owl Bank",\n'
    '  "states": [\n'
    "    {\n"
    '      "name": "Trigger",\n'
    '      "type": "trigger",\n'
    '      "transitions": [\n'
    "        {\n"
    '          "event": "incomingMessage"\n'
    "        }\n"
    "      ],\n"
    '      "properties": {\n'
    '        "offset": {\n'
    '          "x": 0,\n'
    '          "y": 0\n'
    "        }\n"
    "      }\n"
    "    }\n"
    "  ],\n"
    '  "initial_state": "Trigger",\n'
    '  "flags": {\n'
    '    "allow_concurrent_calls": true\n'
    "  }\n"
    "}\n"
)
HAND_EDITED = json.dumps(json.loads(EXPORTED), indent=4, sort_keys=True)


def _project(tmp_path: Path) -> Path:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "exported.json").write_text(EXPORTED, encoding="utf-8")
    (tmp_path / "flows" / "edited.json").write_text(HAND_EDITED, encoding="utf-8")
    (tmp_path / "package.json").write_text('{"name": "owl-bank"}\n', encoding="utf-8")
    (tmp_path / "tsconfig.json").write_text("{ // comments\n}\n", encoding="utf-8")
    return tmp_path


def test_formats_a_folder_and_leaves_other_json_alone(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_flowlint("fmt", ".", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "1 file reformatted, 1 file left unchanged"
    assert (project / "flows" / "edited.json").read_text(encoding="utf-8") == EXPORTED
    assert (project / "package.json").read_text(encoding="utf-8") == '{"name": "owl-bank"}\n'
    assert (project / "tsconfig.json").read_text(encoding="utf-8") == "{ // comments\n}\n"


def test_check_exits_1_and_names_the_file_without_writing(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_flowlint("fmt", "--check", "flows", cwd=project)
    assert result.returncode == 1
    assert "Would reformat: flows/edited.json" in result.stderr
    assert "exported.json" not in result.stderr
    assert (project / "flows" / "edited.json").read_text(encoding="utf-8") == HAND_EDITED
    clean = run_flowlint("fmt", "--check", "flows/exported.json", cwd=project)
    assert clean.returncode == 0, clean.stderr


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_flowlint("fmt", "--diff", "flows/edited.json", cwd=project)
    assert result.returncode == 1
    assert result.stdout.startswith("--- a/flows/edited.json\n+++ b/flows/edited.json\n@@ ")
    assert '+  "description": "Owl Bank",\n' in result.stdout
    assert "\\ No newline at end of file" in result.stdout  # json.dumps wrote none
    assert (project / "flows" / "edited.json").read_text(encoding="utf-8") == HAND_EDITED
    patched = subprocess.run(
        ["patch", "-p1", "--dry-run"],
        input=result.stdout,
        text=True,
        cwd=project,
        capture_output=True,
    )
    assert patched.returncode == 0, patched.stdout + patched.stderr


def test_diff_escapes_what_would_act_on_the_terminal(tmp_path: Path) -> None:
    """A right-to-left override, a line separator, NEL and ESC in a flow are shown escaped in
    `fmt --diff`, as in `check --fix --diff` (before, they reached the terminal raw)."""
    hostile = "x\u202ey\u2028z\x85w\x1b[2J"
    flow = json.loads(EXPORTED)
    flow["description"] = hostile
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(flow, ensure_ascii=False), encoding="utf-8")
    result = run_flowlint("fmt", "--diff", "hostile.json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    for raw in ("\u202e", "\u2028", "\x85", "\x1b"):
        assert raw not in result.stdout
    assert '+  "description": "x\\u202ey\\u2028z\\x85w\\u001b[2J",\n' in result.stdout


def test_stdin_to_stdout() -> None:
    result = run_flowlint("fmt", "-", stdin=HAND_EDITED.encode())
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == EXPORTED
    assert result.stderr == b""
    check = run_flowlint(
        "fmt", "--check", "--stdin-filename", "owl.json", "-", stdin=HAND_EDITED.encode()
    )
    assert check.returncode == 1
    assert check.stdout == b""
    assert b"Would reformat: owl.json" in check.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"states": [', ":1:12: not valid JSON"),
        ('{"name": "owl-bank"}', ": not a Studio flow"),
        ('{"states": [], "states": []}', ":1:16: duplicate key 'states'"),
    ],
)
def test_named_files_that_cannot_be_formatted_exit_2_untouched(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = run_flowlint("fmt", "bad.json", cwd=tmp_path)
    assert result.returncode == 2
    assert f"flowlint: error: bad.json{message}" in result.stderr
    assert "left untouched" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == content
    stdin = run_flowlint("fmt", "-", stdin=content.encode())
    assert stdin.returncode == 2 and stdin.stdout == b""


def test_skip_non_flows_skips_named_files_that_hold_no_flow(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_flowlint(
        "fmt", "--check", "--skip-non-flows", "--", "package.json", "tsconfig.json", cwd=project
    )
    assert result.returncode == 0, result.stderr


def test_a_broken_flow_found_by_a_walk_is_an_error(tmp_path: Path) -> None:
    project = _project(tmp_path)
    broken = '{"states": [{"name": "Trigger", "transitions": [}'
    (project / "flows" / "broken.json").write_text(broken, encoding="utf-8")
    result = run_flowlint("fmt", ".", cwd=project)
    assert result.returncode == 2
    assert "flowlint: error: flows/broken.json:1:49: not valid JSON" in result.stderr
    assert (project / "flows" / "broken.json").read_text(encoding="utf-8") == broken


def test_walks_respect_gitignore_and_exclude(tmp_path: Path) -> None:
    project = _project(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    (project / ".gitignore").write_text("flows/edited.json\n", encoding="utf-8")
    assert run_flowlint("fmt", "--check", ".", cwd=project).returncode == 0
    (project / ".gitignore").unlink()
    (project / "flowlint.toml").write_text('exclude = ["flows/edited.json"]\n', encoding="utf-8")
    assert run_flowlint("fmt", "--check", ".", cwd=project).returncode == 0
    assert run_flowlint("fmt", "--check", "flows/edited.json", cwd=project).returncode == 1
    forced = run_flowlint("fmt", "--check", "--force-exclude", "flows/edited.json", cwd=project)
    assert forced.returncode == 0


def test_crlf_is_kept_and_a_symlink_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "flow.json"
    target.write_bytes(HAND_EDITED.replace("\n", "\r\n").encode())
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = run_flowlint("fmt", "link.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert target.read_bytes() == EXPORTED.replace("\n", "\r\n").encode()


def test_normalize_offsets_snaps_to_the_grid(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text(EXPORTED.replace('"x": 0', '"x": 247'), encoding="utf-8")
    assert run_flowlint("fmt", "flow.json", cwd=tmp_path).returncode == 0
    assert '"x": 247' in path.read_text(encoding="utf-8")
    assert run_flowlint("fmt", "--normalize-offsets", "flow.json", cwd=tmp_path).returncode == 0
    assert path.read_text(encoding="utf-8") == EXPORTED.replace('"x": 0', '"x": 250')


def test_a_file_changed_on_disk_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text(HAND_EDITED, encoding="utf-8")
    result = format_file(str(path))
    saved_by_an_editor = HAND_EDITED.replace("Owl Bank", "Owl Bank 2")
    path.write_text(saved_by_an_editor, encoding="utf-8")
    with pytest.raises(ChangedOnDisk):
        write_formatted(result)
    assert path.read_text(encoding="utf-8") == saved_by_an_editor
    write_formatted(format_file(str(path)))
    assert path.read_text(encoding="utf-8") == format_flow_text(saved_by_an_editor)
    assert not [name for name in os.listdir(tmp_path) if name != "flow.json"]  # no temporary left
