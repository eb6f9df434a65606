"""Reading `*.flowtest.yaml` files: the format of issue #18, and line/column errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowlint.simulate.test_file import TestFileError, parse_test_file

PATH = Path("flows/t.flowtest.yaml")

FULL = """\
flow: ../flows/owl-bank-voice.json
subflows:
  FWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: ../flows/verify-pin.json
mocks:
  lookup_balance: {status: 200, body: {balance: 42}}
  verify: {event: completed, outputs: {ok: "true"}}
cases:
  - name: caller checks the balance
    trigger:
      event: incomingCall
      call: {From: "+15551230000", To: "+15559870000"}
    flow_data: {}
    now: "2026-03-02T10:15:00-08:00"
    mocks: {}
    inputs:
      - {widget: main_menu, digits: 1}
      - {widget: ask_name, body: "Ada"}
      - {widget: confirm, event: timeout}
    expect:
      path: [Trigger, main_menu, lookup_balance, say_balance]
      visits: [say_balance]
      says: ["Your balance is 42 dollars."]
      sends: ["Thanks, Ada"]
      variables: {attempts: "1"}
      ends: {widget: say_balance, event: audioComplete}
      error: null
"""


def test_the_issue_example_reads_whole() -> None:
    test_file = parse_test_file(PATH, FULL)
    assert test_file.flow_path == Path("flows/../flows/owl-bank-voice.json")
    assert test_file.mocks["lookup_balance"].body == {"balance": 42}
    assert test_file.mocks["verify"].event == "completed"
    case = test_file.cases[0]
    assert case.trigger_event == "incomingCall"
    assert case.trigger_fields == {"From": "+15551230000", "To": "+15559870000"}
    assert case.inputs[0].digits == "1"  # a bare YAML number is the text Studio sees
    assert case.inputs[2].event == "timeout"
    assert case.now is not None and case.now.utcoffset() is not None
    assert case.expect.ends is not None and case.expect.ends.event == "audioComplete"
    assert case.expect.expects_error and case.expect.error is None
    assert case.position.line == 8


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("cases: []\n", "1:1", "the test file needs `flow`"),
        ("flow: f.json\ncases: []\nextra: 1\n", "3:1", "unknown key `extra` in the test file"),
        (
            "flow: f.json\ncases:\n  - name: a\n    trigger: {event: incomingCall}\n"
            "    inputs:\n      - {widget: m, digits: '1', speech: 'one'}\n",
            "6:9",
            "exactly one of `digits`, `speech`, `body`, `event`",
        ),
        (
            "flow: f.json\ncases:\n  - {name: a, trigger: {event: incomingCall}}\n"
            "  - {name: a, trigger: {event: incomingCall}}\n",
            "4:5",
            "two cases are named 'a'",
        ),
        (
            "flow: f.json\nmocks:\n  http: {status: ok}\ncases: []\n",
            "3:18",
            "`status` must be an HTTP status number",
        ),
        ("flow: f.json\ncases:\n  - name: a\n", "3:5", "a case needs `trigger`"),
        ("flow: [\n", "2:1", "not valid YAML"),
        (
            "flow: f.json\ncases:\n  - name: a\n    trigger: {event: incomingCall, message: {}}\n",
            "4:36",
            "the fields of an incomingCall trigger go under `call`",
        ),
        ("flow: " + "[" * 5000 + "\n", "1:1", "nested too deeply"),
    ],
)
def test_errors_point_at_the_node(text: str, where: str, message: str) -> None:
    with pytest.raises(TestFileError) as raised:
        parse_test_file(PATH, text)
    assert str(raised.value).startswith(f"{PATH}:{where}: "), str(raised.value)
    assert message in str(raised.value)


def _laughs(levels: int) -> str:
    """A mock body whose aliases stand for 10**levels values in a few lines."""
    lines = [
        "flow: f.json",
        "mocks:",
        "  lookup:",
        "    body:",
        "      a0: &a0 [x, x, x, x, x, x, x, x, x, x]",
    ]
    for level in range(1, levels + 1):
        lines.append(f"      a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]")
    return "\n".join([*lines, "cases: []", ""])


def test_aliases_that_stand_for_too_many_values_are_refused_where_they_cross_the_bound() -> None:
    # Level 5 stands for 1,111,111 values: the first past the bound of 1,000,000.
    with pytest.raises(TestFileError) as raised:
        parse_test_file(PATH, _laughs(9))
    assert str(raised.value).startswith(
        f"{PATH}:10:11: aliases expand this value to more than 1,000,000"
    )


def test_aliases_of_a_modest_size_are_read() -> None:
    loaded = parse_test_file(PATH, _laughs(3))  # 10,000 values
    body = loaded.mocks["lookup"].body
    assert isinstance(body, dict) and len(body["a3"]) == 10 and body["a3"][0] == body["a2"]


def test_a_recursive_alias_is_refused_at_the_alias() -> None:
    text = "flow: f.json\nmocks:\n  lookup:\n    body: &b [1, *b]\ncases: []\n"
    with pytest.raises(TestFileError) as raised:
        parse_test_file(PATH, text)
    assert str(raised.value) == f"{PATH}:4:11: an alias refers to a value that contains it"
