"""Bad input never produces a traceback: a clear diagnostic or message and the right exit code."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowlint.engine.linter import Linter
from tests.conftest import FIXTURES, run_flowlint, run_json

CLEAN = FIXTURES / "rules" / "unknown-transition-target" / "silent_all_targets_exist.json"
MISSPELT = FIXTURES / "cli" / "misspelt_next.json"


def _only(report: dict[str, object]) -> list[tuple[str, int, int]]:
    return [
        (d["rule"], d["range"]["start"]["line"], d["range"]["start"]["column"])  # type: ignore[index]
        for d in report["diagnostics"]  # type: ignore[attr-defined]
    ]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{\n  "description": "caf\xe9",\n  "states": []\n}\n')
    status, report = run_json(str(path))
    assert status == 1
    assert _only(report) == [("json-syntax", 2, 22)]
    assert "not valid UTF-8: byte 0xe9" in report["diagnostics"][0]["message"]


def test_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.json"
    path.write_bytes(bytes(range(256)) * 4)
    status, report = run_json(str(path))
    assert status == 1
    assert [d["rule"] for d in report["diagnostics"]] == ["json-syntax"]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    status, report = run_json(str(path))
    assert status == 1
    assert _only(report) == [("json-syntax", 1, 1)]
    assert report["diagnostics"][0]["message"] == "unexpected end of file: expected a JSON value"


def test_deeply_nested_array(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    result = run_flowlint("check", "--format", "json", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (diagnostic,) = json.loads(result.stdout)["diagnostics"]
    assert diagnostic["rule"] == "json-syntax"
    assert diagnostic["range"]["start"] == {"line": 1, "column": 501}
    assert "nested more than 500 levels" in diagnostic["message"]


def test_huge_file_is_refused_by_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.write(b'{"description": "')
        handle.write(b"x" * (50 * 1024 * 1024))
        handle.write(b'", "states": []}')
    result = run_flowlint("check", "--format", "json", str(path), str(CLEAN))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert _only(report) == [("file-too-large", 1, 1)]
    assert "larger than the 20,971,520-byte limit" in report["diagnostics"][0]["message"]
    assert report["summary"]["files"] == 2
    small_cap = run_flowlint("check", "--format", "json", "--max-file-size", "100", str(CLEAN))
    assert [d["rule"] for d in json.loads(small_cap.stdout)["diagnostics"]] == ["file-too-large"]


def test_unreadable_file_is_exit_2_and_others_still_checked(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        unreadable = tmp_path / "secret.json"
        unreadable.write_text("{}")
        unreadable.chmod(0)
        reason = "Permission denied"
    else:
        # root may read any file, so use a Unix socket: open() fails on it for everyone
        import socket

        unreadable = tmp_path / "socket.json"
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(unreadable))
        reason = "No such device or address"
    result = run_flowlint("check", "--format", "json", str(unreadable), str(MISSPELT))
    assert result.returncode == 2, result.stderr
    assert f"cannot read {unreadable}: {reason}" in result.stderr
    assert "Traceback" not in result.stderr
    assert [d["rule"] for d in json.loads(result.stdout)["diagnostics"]] == [
        "unreadable-file",
        "unknown-transition-target",
    ]
    folder = run_flowlint("check", "--format", "json", str(tmp_path), str(MISSPELT))
    assert folder.returncode == 1, "a directory walk only opens regular *.json files"


def test_directory_given_as_file_and_symlink_loop(tmp_path: Path) -> None:
    root = tmp_path / "flows"
    (root / "inner").mkdir(parents=True)
    shutil.copy(CLEAN, root / "inner" / "clean.json")
    (root / "inner" / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.json").symlink_to(tmp_path / "missing.json")
    result = run_flowlint("check", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "symbolic link loop" in result.stderr
    assert "broken symbolic link" in result.stderr
    assert "1 file checked" in result.stdout


def test_crashing_rule_becomes_internal_error_and_others_still_run(tmp_path: Path) -> None:
    rules = tmp_path / "plugin_rules"
    rules.mkdir()
    (rules / "always_crashes.py").write_text(
        "from flowlint.rule import Rule, Severity\n\n"
        "class AlwaysCrashes(Rule):\n"
        "    '''Crashes on every widget.'''\n"
        "    code = 'ACME001'\n    name = 'always-crashes'\n    category = 'acme'\n"
        "    severity = Severity.WARNING\n    summary = 'Crashes'\n\n"
        "    def check_widget(self, widget, ctx):\n"
        "        raise KeyError('boom')\n"
    )
    status, report = run_json("--rules-dir", str(rules), str(MISSPELT))
    assert status == 2, "a rule that crashed means flowlint did not do its job"
    rules_found = [d["rule"] for d in report["diagnostics"]]
    assert sorted(rules_found) == ["internal-error", "unknown-transition-target"]
    internal = next(d for d in report["diagnostics"] if d["rule"] == "internal-error")
    assert "rule ACME001/always-crashes crashed" in internal["message"]
    assert "KeyError: 'boom'" in internal["message"]
    assert internal["widget"] == "Trigger"


def test_broken_rules_dir_is_a_config_error(tmp_path: Path) -> None:
    rules = tmp_path / "broken"
    rules.mkdir()
    (rules / "syntax_error.py").write_text("def (:\n")
    result = run_flowlint("check", "--rules-dir", str(rules), str(CLEAN))
    assert result.returncode == 2
    assert "failed to import" in result.stderr
    assert "Traceback" not in result.stderr


_LINTER = Linter()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    result = _LINTER.lint_bytes(data, "fuzz.json")
    assert all(d.rule != "internal-error" for d in result.diagnostics)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=40,
)
_flow_keys = st.sampled_from(
    [
        "states",
        "initial_state",
        "flags",
        "description",
        "definition",
        "flows",
        "sid",
        "status",
        "name",
        "type",
        "transitions",
        "properties",
        "event",
        "next",
        "conditions",
        "test_users",
    ]
)
_flowish = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=12)
    | st.sampled_from(["Trigger", "trigger", "send-message", "failed", "match"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(_flow_keys, children, max_size=6)
    ),
    max_leaves=60,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_json_values, _flowish))
def test_arbitrary_json_values_never_raise(value: object) -> None:
    text = json.dumps(value, indent=1)
    result = _LINTER.lint_text(text, "fuzz.json")
    internal = [d.message for d in result.diagnostics if d.rule == "internal-error"]
    assert internal == []


@pytest.mark.parametrize(
    "text",
    [
        '{"states": "oops", "initial_state": 5}',
        '{"states": [1, "x", null, {"transitions": 3}]}',
        '{"states": [{"name": ["a"], "type": {}, "transitions": [{"event": 1, "next": []}], "properties": []}]}',
    ],
)
def test_wrong_types_are_diagnostics(text: str) -> None:
    result = _LINTER.lint_text(text, "types.json")
    assert result.diagnostics
    assert all(d.rule != "internal-error" for d in result.diagnostics)


def test_disabled_rules_do_not_run(tmp_path: Path) -> None:
    rules = tmp_path / "plugin_rules"
    rules.mkdir()
    (rules / "always_crashes.py").write_text(
        "from flowlint.rule import Rule, Severity\n\n"
        "class AlwaysCrashes(Rule):\n"
        "    '''Crashes on every flow.'''\n"
        "    code = 'ACME001'\n    name = 'always-crashes'\n    category = 'acme'\n"
        "    severity = Severity.WARNING\n    summary = 'Crashes'\n\n"
        "    def check_flow(self, flow, ctx):\n"
        "        raise RuntimeError('should never run')\n"
    )
    status, report = run_json("--rules-dir", str(rules), "--ignore", "ACME001", str(CLEAN))
    assert status == 0
    assert report["diagnostics"] == []
