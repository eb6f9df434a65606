"""Checking a test file's text as the language server does: every prefix of a test file (what
an editor sends while it is typed) gives a list of problems, never an exception."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowlint.simulate.test_file_check import check_test_text
from tests.conftest import run_flowlint
from tests.lsp.test_flowtest_documents import FLOW, VALID


def test_every_character_prefix_gives_problems_or_none(tmp_path: Path) -> None:
    """The same check the server runs, on each of the ~450 prefixes of the valid file (and
    of a file with every kind of value): a list each time, never an exception."""
    (tmp_path / "hello.json").write_text(json.dumps(FLOW), encoding="utf-8")
    path = tmp_path / "t.flowtest.yaml"
    codes: set[str] = set()
    for text in (VALID, VALID.replace("    inputs: []", "    inputs: [{widget: a, body: x}]")):
        for end in range(len(text) + 1):
            problems = check_test_text(path, text[:end])
            codes |= {problem.code.value for problem in problems}
            for problem in problems:
                assert 0 <= problem.span[0] <= problem.span[1] <= end
    assert codes == {"flowtest-syntax", "flowtest-format", "flowtest-unknown-widget"}


def test_a_buffer_without_a_file_reads_no_flow() -> None:
    assert check_test_text(Path("untitled"), VALID, read_files=False) == []
    assert [p.code for p in check_test_text(Path("/nowhere/t.flowtest.yaml"), VALID)] == [
        "flowtest-flow-file"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-13-45", "cannot read this value: month must be in 1..12"),
        ("!!int soon", "cannot read this value: invalid literal for int()"),
        ("!!binary x", "cannot read this value: !!binary is not a JSON value"),
    ],
)
def test_a_value_yaml_cannot_construct_is_a_format_problem(value: str, message: str) -> None:
    text = VALID.replace("2026-03-02T10:15:00-08:00", value)
    [problem] = check_test_text(Path("t.flowtest.yaml"), text, read_files=False)
    assert (problem.code.value, text[problem.span[0] : problem.span[1]]) == (
        "flowtest-format",
        value,
    )
    assert problem.message.startswith(message)
    assert "\n" not in problem.message


def test_a_control_character_is_a_syntax_problem_at_that_character() -> None:
    text = VALID.replace("caller hears", "caller\x07hears")
    [problem] = check_test_text(Path("t.flowtest.yaml"), text, read_files=False)
    assert problem.code.value == "flowtest-syntax"
    assert problem.message == "not valid YAML: the character U+0007 is not allowed in YAML"
    assert text[problem.span[0] : problem.span[1]] == "\x07"


def test_flowlint_test_reports_a_control_character_with_its_line_and_column(
    tmp_path: Path,
) -> None:
    (tmp_path / "hello.json").write_text(json.dumps(FLOW), encoding="utf-8")
    test_file = tmp_path / "hello.flowtest.yaml"
    test_file.write_text(VALID.replace("caller hears", "caller\x07hears"), encoding="utf-8")
    result = run_flowlint("test", str(test_file))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert (
        f"{test_file}:5:17: not valid YAML: the character U+0007" in result.stdout + result.stderr
    )
