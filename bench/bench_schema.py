"""Schema checks of a large flow: flowlint's per-widget validation against a naive
`jsonschema.validate(whole_document, one_combined_schema)`, side by side in one run.

    python bench/generate_flows.py --preset      # writes bench/flows/flow-1000.json
    python bench/bench_schema.py [--runs 7] [FILE]

The combined schema is the one `flowlint schema` prints (the envelope plus an `if`/`then` per
widget type, built from the same files in schemas/). Every measurement starts from the
decoded document and includes building the validators, as a fresh `flowlint check` process
must; flowlint's time also includes building the flow model. Each is run on the flow as
generated and on a copy with 40 injected mistakes (wrong types, bad events, missing required
properties, unknown widget types), since reporting errors costs more than accepting a valid
document. Target (docs/performance.md): flowlint ≤ 0.25x the naive validation.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from flowlint.model.documents import classify  # noqa: E402
from flowlint.schema.combined import combined_schema  # noqa: E402
from flowlint.schema.engines import create_engine  # noqa: E402
from flowlint.schema.validation import validate_flow  # noqa: E402

MISTAKES = 40


def with_mistakes(document: dict[str, Any]) -> dict[str, Any]:
    """A copy with MISTAKES errors spread over the flow, four kinds in turn."""
    broken = copy.deepcopy(document)
    states = broken["states"]
    step = max(1, (len(states) - 1) // MISTAKES)
    for count, index in enumerate(range(1, len(states), step)):
        if count == MISTAKES:
            break
        state = states[index]
        kind = count % 4
        if kind == 0:
            state["properties"]["offset"] = {"x": "left", "y": 0}
        elif kind == 1 and state["transitions"]:
            state["transitions"][0]["event"] = "no-such-event"
        elif kind == 2:
            state["properties"] = {"offset": state["properties"].get("offset", {"x": 0, "y": 0})}
        else:
            state["type"] = state["type"] + "-v9"
    return broken


def naive(schema: dict[str, Any]) -> Callable[[Any], int]:
    import jsonschema

    def run(document: Any) -> int:
        try:
            jsonschema.validate(document, schema, cls=jsonschema.Draft7Validator)
        except jsonschema.ValidationError:
            return 1
        return 0

    return run


def naive_all_errors(schema: dict[str, Any]) -> Callable[[Any], int]:
    import jsonschema

    def run(document: Any) -> int:
        return sum(1 for _ in jsonschema.Draft7Validator(schema).iter_errors(document))

    return run


def flowlint(engine_name: str) -> Callable[[Any], int]:
    def run(document: Any) -> int:
        engine = create_engine(engine_name)  # fresh: validators are built inside the timing
        return sum(len(validate_flow(flow, engine).findings) for flow in classify(document).flows)

    return run


def median_seconds(function: Callable[[Any], int], document: Any, runs: int) -> tuple[float, int]:
    times = []
    result = 0
    for _ in range(runs):
        start = time.perf_counter()
        result = function(document)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("file", nargs="?", type=Path, default=HERE / "flows" / "flow-1000.json")
    args = parser.parse_args()
    if not args.file.exists():
        raise SystemExit(f"{args.file} is missing: run `python bench/generate_flows.py --preset`")
    valid = json.loads(args.file.read_text())
    documents = {"as generated": valid, f"{MISTAKES} mistakes": with_mistakes(valid)}
    schema = combined_schema()
    contenders: list[tuple[str, Callable[[Any], int]]] = [
        ("naive jsonschema.validate(document, combined schema)", naive(schema)),
        ("naive Draft7Validator(combined).iter_errors (all errors)", naive_all_errors(schema)),
        ("flowlint, jsonschema engine (reference)", flowlint("jsonschema")),
    ]
    try:
        import jsonschema_rs  # noqa: F401
    except ImportError:
        print("(jsonschema-rs is not installed: the accelerated engine is not measured)")
    else:
        contenders.append(("flowlint, jsonschema-rs engine (default)", flowlint("jsonschema-rs")))
    size = args.file.stat().st_size
    print(
        f"{args.file.name}: {size / 1024:,.0f} KiB, {len(valid['states'])} widgets, "
        f"median of {args.runs} runs, Python {sys.version.split()[0]}\n"
    )
    header = " | ".join(f"{name}: ms | x naive" for name in documents)
    print(f"| validation | {header} |")
    print("|---|" + "---:|---:|" * len(documents))
    baseline: dict[str, float] = {}
    for label, function in contenders:
        cells = []
        for name, document in documents.items():
            seconds, found = median_seconds(function, document, args.runs)
            baseline.setdefault(name, seconds)
            ratio = seconds / baseline[name]
            cells.append(f"{seconds * 1000:,.1f} ({found} found) | {ratio:.3f}x")
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
