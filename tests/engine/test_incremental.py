"""The language server's incremental lint (flowlint/model/widget_memo.py, flowlint/engine/incremental.py) gives exactly the
diagnostics of a full lint, after every one of thousands of random edits of real flows."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from flowlint.engine.linter import Linter
from flowlint.model.widget_memo import WidgetMemo
from flowlint.rule import Rule
from tests.random_flow_edits import REAL_CORPUS, EditStream, flows_to_edit

EDITS_PER_REAL_FLOW = 150
EDITS_PER_FIXTURE = 25
REAL_FLOWS = 12


@pytest.fixture(scope="module")
def linters() -> tuple[Linter, Linter]:
    """One linter for the incremental lints, another for the full ones."""
    return Linter(), Linter()


@pytest.mark.parametrize(
    "path", flows_to_edit(REAL_FLOWS), ids=lambda path: f"{path.parent.name}/{path.name}"
)
def test_random_edits_give_the_full_lint_results(
    path: Path, linters: tuple[Linter, Linter]
) -> None:
    incremental, full = linters
    rng = random.Random(path.name)
    edits = EditStream(rng, path.read_text(encoding="utf-8"))
    memo = WidgetMemo(incremental)
    real = path.is_relative_to(REAL_CORPUS)
    for number in range(EDITS_PER_REAL_FLOW if real else EDITS_PER_FIXTURE):
        start, end, new_text = edits.next()
        text = edits.text
        got = incremental.lint_text(text, "flow.json", memo=memo).diagnostics
        expected = full.lint_text(text, "flow.json").diagnostics
        assert got == expected, f"edit {number}: {(start, end, new_text)!r}"


def test_an_edit_reruns_only_the_edited_widget(linters: tuple[Linter, Linter]) -> None:
    incremental, full = linters
    states = [
        {
            "name": f"say_{index}",
            "type": "say-play",
            "transitions": [{"event": "audioComplete"}],
            "properties": {"say": f"Hello {index}", "offset": {"x": 0, "y": 0}},
        }
        for index in range(20)
    ]
    flow = {
        "description": "x",
        "states": [
            {
                "name": "Trigger",
                "type": "trigger",
                "transitions": [{"event": "incomingCall", "next": "say_0"}],
                "properties": {"offset": {"x": 0, "y": 0}},
            },
            *states,
        ],
        "initial_state": "Trigger",
        "flags": {"allow_concurrent_calls": True},
    }
    text = json.dumps(flow, indent=2)
    memo = WidgetMemo(incremental)
    incremental.lint_text(text, "flow.json", memo=memo)
    # The first lint computes everything: a few results ("kinds") for each of the 21 widgets.
    kinds = memo.misses // 21
    assert kinds >= 2 and memo.misses == 21 * kinds
    edited = text.replace('"say": "Hello 7"', '"say": "Hello", "status_callback_url": "http://x.io"')
    got = incremental.lint_text(edited, "flow.json", memo=memo)
    # The edited widget's results are computed again; nothing else.
    assert memo.misses == kinds
    assert any(d.rule == "unknown-property" for d in got.diagnostics)
    assert got.diagnostics == full.lint_text(edited, "flow.json").diagnostics
    # A character inserted above every widget moves them all: their findings move along.
    moved = edited.replace('"description": "x"', '"description": "xyz"')
    got = incremental.lint_text(moved, "flow.json", memo=memo)
    assert memo.misses == 0
    assert got.diagnostics == full.lint_text(moved, "flow.json").diagnostics
    assert any(d.rule == "insecure-url" for d in got.diagnostics)


def test_memory_holds_only_the_last_lints_widgets(linters: tuple[Linter, Linter]) -> None:
    incremental, _ = linters
    text = json.dumps(
        {
            "states": [{"name": "Trigger", "type": "trigger", "properties": {}, "transitions": []}],
            "initial_state": "Trigger",
        }
    )
    memo = WidgetMemo(incremental)
    incremental.lint_text(text, "flow.json", memo=memo)
    kinds = memo.misses
    for number in range(50):
        incremental.lint_text(text.replace("Trigger", f"T{number}"), "flow.json", memo=memo)
        assert memo.misses == kinds
    assert len(memo) == kinds  # the entries of the one widget, as the last lint left them


def test_a_crashing_widget_rule_is_reported_as_in_a_full_lint(
    linters: tuple[Linter, Linter], monkeypatch: pytest.MonkeyPatch
) -> None:
    incremental, full = linters
    rule = incremental._instances["insecure-url"]
    assert rule.scope == "widget"

    def crash(*_: object) -> None:
        raise RuntimeError("boom")

    text = json.dumps(
        {
            "states": [
                {"name": "Trigger", "type": "trigger", "properties": {}, "transitions": []},
                {"name": "a", "type": "say-play", "properties": {"say": "hi"}, "transitions": []},
            ],
            "initial_state": "Trigger",
        }
    )
    monkeypatch.setattr(type(rule), "check_widget", crash)
    got = incremental.lint_text(text, "flow.json", memo=WidgetMemo(incremental)).diagnostics
    assert got == full.lint_text(text, "flow.json").diagnostics
    assert [d.rule for d in got].count("internal-error") == 1


def test_widget_scoped_rules_have_only_widget_hooks(linters: tuple[Linter, Linter]) -> None:
    scoped: list[type[Rule]] = [
        type(rule) for rule in linters[0]._instances.values() if rule.scope == "widget"
    ]
    assert len(scoped) >= 10
    for rule in scoped:
        assert set(rule.hooks()) <= {"check_widget", "check_transition"}, rule.name
