"""The two schema engines give identical findings, and imports stay lazy.

jsonschema is the reference engine; jsonschema-rs is the accelerator used whenever it is
installed. The findings must not depend on which one ran: the real CLI runs once per engine
(FLOWLINT_SCHEMA_ENGINE) over the real-flow corpus and every fixture, and the in-process API
compares them on generated mistakes and on inputs where Python's `re` and ECMA-262 differ.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowlint.model.documents import classify
from flowlint.schema.engines import (
    ENGINE_VARIABLE,
    EngineUnavailable,
    JsonschemaEngine,
    create_engine,
    ecma_pattern,
)
from flowlint.schema.validation import validate_flow
from tests.conftest import CORPUS, FIXTURES, REPO, run_flowlint, run_json
from tests.schemas.test_schema_files import STRICT_TYPE_MISTAKES, UNCONFIRMED_MISTAKES

pytest.importorskip("jsonschema_rs", reason="jsonschema-rs is not installed on this platform")

ENGINES = ("jsonschema", "jsonschema-rs")


def _schema_findings(*paths: str, engine: str) -> list[tuple[Any, ...]]:
    # --no-cache: a cached result from the other engine's run would make this compare nothing.
    status, report = run_json(
        "--no-cache", "--select", "FL3,internal-error", *paths, env={ENGINE_VARIABLE: engine}
    )
    assert status in (0, 1)
    assert not any(d["rule"] == "internal-error" for d in report["diagnostics"])
    return sorted(
        (
            d["path"],
            d["rule"],
            d["severity"],
            d["range"]["start"]["line"],
            d["range"]["start"]["column"],
            d["range"]["end"]["line"],
            d["range"]["end"]["column"],
            d["message"],
        )
        for d in report["diagnostics"]
        if d["code"].startswith("FL3")
    )


def test_engines_agree_on_every_fixture() -> None:
    paths = [str(FIXTURES / "rules"), str(FIXTURES / "cli"), str(REPO / "examples")]
    reference, accelerated = (_schema_findings(*paths, engine=name) for name in ENGINES)
    assert reference, "the fixtures have schema findings to compare"
    assert reference == accelerated


def test_engines_agree_on_the_real_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the real-flow corpus is not here ({CORPUS})")
    reference, accelerated = (_schema_findings(str(CORPUS), engine=name) for name in ENGINES)
    assert len(reference) > 50
    assert reference == accelerated


def _flow_with(widget: dict[str, Any]) -> dict[str, Any]:
    trigger = {
        "name": "Trigger",
        "type": "trigger",
        "transitions": [{"event": "incomingCall", "next": widget["name"]}],
        "properties": {},
    }
    return {"states": [trigger, widget], "initial_state": "Trigger"}


def _valid(widget_type: str) -> dict[str, Any]:
    widget: dict[str, Any] = json.loads(
        (FIXTURES / "schemas" / "valid" / f"{widget_type}.json").read_text()
    )
    return widget


def _mutated_flows() -> list[dict[str, Any]]:
    flows = []
    for widget_type, change, *_ in [*STRICT_TYPE_MISTAKES, *UNCONFIRMED_MISTAKES]:
        widget = _valid(widget_type)
        for key, value in change.items():
            if value is None and widget_type == "fork-stream":
                del widget["properties"][key]
            else:
                widget["properties"][key] = value
        flows.append(_flow_with(widget))
    # Where Python's `re` and ECMA-262 disagree: `$` before a final newline, Unicode digits.
    flex = _valid("send-to-flex")
    flex["properties"]["workflow"] = "WW0123456789abcdef0123456789abcdef\n"
    flex["properties"]["priority"] = "\u0661\u0662"
    flows.append(_flow_with(flex))
    # An integer beyond 64 bits (jsonschema-rs hands it to the reference engine).
    gather = _valid("gather-input-on-call")
    gather["properties"]["timeout"] = 10**30
    flows.append(_flow_with(gather))
    # A widget of no known type, and the envelope's own checks.
    unknown = {"name": "bye", "type": "hangup", "transitions": [{"next": "x"}], "properties": []}
    flow = _flow_with(unknown)
    flow["flags"] = {}
    flow["$schema"] = "https://example.com/other"
    flows.append(flow)
    return flows


def test_engines_agree_in_process() -> None:
    engines = [create_engine(name) for name in ENGINES]
    for data in _mutated_flows():
        results = []
        for engine in engines:
            document = classify(copy.deepcopy(data))
            results.append([validate_flow(flow, engine).findings for flow in document.flows])
        assert results[0] == results[1], json.dumps(data)[:300]
        assert results[0][0], f"no finding for {json.dumps(data)[:300]}"


def test_ecma_pattern_semantics() -> None:
    sid = ecma_pattern("^WW[0-9a-fA-F]{32}$")
    assert sid.search("WW" + "a" * 32)
    assert not sid.search("WW" + "a" * 32 + "\n")
    assert not ecma_pattern(r"^\d+$").search("\u0661\u0662")
    assert ecma_pattern(r"^[$]x$").search("$x")
    assert ecma_pattern(r"^a\$$").search("a$")


def test_validators_are_built_once_per_type() -> None:
    engine = JsonschemaEngine()
    data = _flow_with(_valid("say-play"))
    for _ in range(3):
        for flow in classify(copy.deepcopy(data)).flows:
            validate_flow(flow, engine)
    assert sorted(engine._validators) == ["flow-definition", "widget:say-play", "widget:trigger"]


def test_unknown_engine_name_is_a_clear_error() -> None:
    with pytest.raises(EngineUnavailable, match="not a schema engine"):
        create_engine("fastjsonschema")


def _modules_after_check(engine: str | None, *args: str) -> set[str]:
    fixture = FIXTURES / "rules" / "invalid-sid" / "fires_truncated_service_sid.json"
    code = (
        "import sys\n"
        "from flowlint.engine.linter import Linter\n"
        "from flowlint.engine.settings import Settings\n"
        f"settings = Settings(ignore={list(args)!r})\n"
        f"result = Linter(settings).lint_bytes(open({str(fixture)!r}, 'rb').read(), 'f.json')\n"
        "print(sorted({d.rule for d in result.diagnostics}))\n"
        "print(' '.join(m for m in ('jsonschema', 'jsonschema_rs') if m in sys.modules))\n"
    )
    env = {"PATH": "/usr/bin:/bin"}
    if engine is not None:
        env[ENGINE_VARIABLE] = engine
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, cwd=REPO
    )
    rules_line, modules_line = result.stdout.splitlines()
    return {*modules_line.split(), *(("rules:" + rules_line),)}


def test_a_check_imports_only_the_engine_it_uses() -> None:
    default = _modules_after_check(None)
    assert "jsonschema_rs" in default and "jsonschema" not in default
    assert any("invalid-sid" in item for item in default)
    reference = _modules_after_check("jsonschema")
    assert "jsonschema" in reference and "jsonschema_rs" not in reference


def test_no_engine_is_loaded_when_every_schema_rule_is_off() -> None:
    modules = _modules_after_check(None, "FL3")
    assert "jsonschema" not in modules and "jsonschema_rs" not in modules


def test_an_engine_that_cannot_be_used_is_reported_once() -> None:
    result = run_flowlint(
        "check",
        "--format",
        "json",
        "--no-cache",
        str(FIXTURES / "rules" / "invalid-sid" / "fires_truncated_service_sid.json"),
        env={ENGINE_VARIABLE: "no-such-engine"},
    )
    assert result.stderr.count("not a schema engine") == 1, result.stderr
    report = json.loads(result.stdout)
    assert [d["rule"] for d in report["diagnostics"] if d["code"].startswith("FL3")] == [
        "invalid-sid"
    ]


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**25), max_value=10**25)
    | st.floats(allow_nan=False)
    | st.sampled_from(["", "3600", " 12 ", "WW", "{{flow.data.x}}", "${SID}", "true", "١٢"])
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
_REFERENCE = create_engine("jsonschema")
_ACCELERATED = create_engine("jsonschema-rs")
WIDGET_TYPE_NAMES = sorted(path.stem for path in (FIXTURES / "schemas" / "valid").glob("*.json"))


@settings(max_examples=300, deadline=None)
@given(
    widget_type=st.sampled_from(WIDGET_TYPE_NAMES),
    key=st.sampled_from(["timeout", "url", "method", "flow_sid", "workflow", "loop", "x"]),
    value=JSON_VALUES,
    where=st.sampled_from(["properties", "transition", "state"]),
)
def test_engines_agree_on_arbitrary_values(
    widget_type: str, key: str, value: Any, where: str
) -> None:
    widget = _valid(widget_type)
    if where == "properties":
        widget["properties"][key] = value
    elif where == "transition" and widget["transitions"]:
        widget["transitions"][0][key] = value
    else:
        widget[key] = value
    data = _flow_with(widget)
    results = []
    for engine in (_REFERENCE, _ACCELERATED):
        document = classify(copy.deepcopy(data))
        results.append([validate_flow(flow, engine).findings for flow in document.flows])
    assert results[0] == results[1]
