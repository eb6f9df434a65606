"""The fuzz harness in the suite (small: bench/fuzz.py runs the big campaigns), and the
crashes earlier campaigns found, each kept as a regression test."""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowlint.engine.linter import Linter
from flowlint.engine.settings import Settings
from tests.conftest import FIXTURES, REPO

sys.path.insert(0, str(REPO / "bench"))
import fuzz

SEEDS = fuzz.seed_flows()  # the real corpus when present, else examples and synthetic flows
LINTER = Linter()


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(seed=st.integers(0, 2**32 - 1), hostile=st.text(max_size=40))
def test_mutated_flows_never_crash_any_reporter(seed: int, hostile: str) -> None:
    fuzz.HOSTILE_STRINGS.append(hostile)  # hypothesis' own strings: surrogates, controls, …
    try:
        _, data, _ = fuzz.make_case(SEEDS, random.Random(seed))
    finally:
        fuzz.HOSTILE_STRINGS.pop()
    started = time.perf_counter()
    fuzz.check_in_process(LINTER, data)  # raises on any exception or rule crash
    assert time.perf_counter() - started < 10


def test_a_property_hundreds_of_levels_deep() -> None:
    """liquid-syntax crashed with RecursionError: finding a span walked the tree by recursion."""
    data = (FIXTURES / "fuzz" / "deep_nesting_liquid_syntax.json").read_bytes()
    fuzz.check_in_process(LINTER, data)


def test_a_lone_surrogate_in_an_oversized_definition() -> None:
    """oversize-definition crashed with UnicodeEncodeError measuring a lone surrogate."""
    flow = json.loads((REPO / "examples" / "owl-bank-sms.json").read_text())
    flow["description"] = "\ud800" + "x" * 2000
    settings = Settings()
    settings.rule_options = {"oversize-definition": {"max_bytes": 1000}}
    linter = Linter(settings)
    data = json.dumps(flow).encode()  # ensure_ascii: the file holds the "\\ud800" escape
    result = linter.lint_bytes(data, "big.json")
    rules = [diagnostic.rule for diagnostic in result.diagnostics]
    assert "internal-error" not in rules
    assert "oversize-definition" in rules


def test_the_corpus_is_optional(tmp_path: Path, monkeypatch: object) -> None:
    """Without ../shared/corpus/real the harness still has seeds."""
    fuzz_corpus = fuzz.CORPUS
    try:
        fuzz.CORPUS = tmp_path / "absent"
        assert len(fuzz.seed_flows()) >= len(fuzz.adversarial.SHAPES)
    finally:
        fuzz.CORPUS = fuzz_corpus
