"""Structure-aware fuzzing: mutate real and synthetic flows, check them, render every format.

Each case takes a seed flow (the real-flow corpus when present, the examples, and the hostile
shapes of bench/adversarial.py), applies a few random mutations (hostile strings such as lone
surrogates, `{{` runs, control and bidi characters; huge numbers; wrong types; deep nesting;
duplicated or renamed widgets; many conditions; truncated or corrupted bytes), checks it and
renders the result in all seven formats. A case fails if anything raises, if a rule crashes
(an internal-error finding), or if it takes longer than --slow seconds. Failures are written
to --out as reproducers (`flowlint check --format json <file>` replays one).

    python bench/fuzz.py --cases 10000 --seed 1            # in-process
    python bench/fuzz.py --cases 200 --cli --seed 7        # through the command line
    python bench/fuzz.py --cases 100 --commands --seed 3   # every other command, as processes

--commands runs, on each case, what a user runs besides check: `fmt` on stdin, `check --fix
--unsafe-fixes` on a copy, `diff` against its seed, `graph` in Mermaid and DOT, and `test
--scaffold` followed by `flowlint test` of the scaffolded file (which must pass: it was
written from the same flow). A traceback, an exit status other than 0, 1 or 2, a failing
scaffolded case or a case over --slow is a failure.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import adversarial

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("FLOWLINT_CORPUS", REPO.parent / "shared" / "corpus" / "real"))
FORMATS = ["text", "concise", "json", "sarif", "junit", "github", "gitlab"]

HOSTILE_STRINGS = [
    "\ud800",
    "a\udfffb",
    "\U0001f989 owl",
    "\x1b[31mred\x1b[0m",
    "\u202egnp.exe",
    "line\nbreak\r\n::set-env name=X::1",
    "\x00\x7f\x85",
    "{{",
    "{%",
    "}}",
    "{{ widgets.",
    "{% if x %}",
    "{% raw %}",
    "{{ a | f: 'x",
    "{{" * 300,
    "{%" * 300,
    "{{ " + " " * 500 + "}}",
    "{{ flow.variables.x }}",
    "{{widgets.missing.body}}",
    "(a|aa)+$",
    "[",
    "\\p{L}+",
    "",
    " ",
    "x" * 5000,
    "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "http://example.com/{{x}}",
    "2024-13-45",
    "25:61",
    "Trigger",
]
HOSTILE_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    10**30,
    1e308,
    -0.0,
    [],
    {},
    [None],
    {"": ""},
    [[[[[[[[]]]]]]]],
]


def seed_flows() -> list[tuple[str, Any]]:
    """(name, parsed JSON) of every seed: corpus flows, examples and adversarial shapes."""
    seeds: list[tuple[str, Any]] = []
    folders = [CORPUS, REPO / "examples"]
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                try:
                    seeds.append((path.name, json.loads(path.read_text(encoding="utf-8"))))
                except (ValueError, UnicodeDecodeError):
                    continue
    for name, (build, _) in adversarial.SHAPES.items():
        seeds.append((f"adversarial-{name}", build(8)))
    return seeds


def _nodes(value: Any, found: list[tuple[Any, Any]], limit: int = 4000) -> None:
    """(container, key) of every value in the tree, breadth first, up to `limit`."""
    queue = [value]
    while queue and len(found) < limit:
        current = queue.pop(0)
        if isinstance(current, dict):
            for key, item in current.items():
                found.append((current, key))
                queue.append(item)
        elif isinstance(current, list):
            for index, item in enumerate(current):
                found.append((current, index))
                queue.append(item)


def _hostile(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.55:
        text = rng.choice(HOSTILE_STRINGS)
        if rng.random() < 0.3:
            text = rng.choice(HOSTILE_STRINGS) + text + rng.choice(HOSTILE_STRINGS)
        return text
    if roll < 0.8:
        return copy.deepcopy(rng.choice(HOSTILE_VALUES))  # never share a list between cases
    depth = rng.randint(1, 300)
    nested: Any = rng.choice(HOSTILE_STRINGS)
    for _ in range(depth):
        nested = [nested] if rng.random() < 0.5 else {"k": nested}
    return nested


def _states(flow: Any) -> list[Any] | None:
    if isinstance(flow, dict):
        definition = flow.get("definition", flow)
        if isinstance(definition, dict) and isinstance(definition.get("states"), list):
            states: list[Any] = definition["states"]
            return states
    return None


def _mutate_value(flow: Any, rng: random.Random) -> None:
    nodes: list[tuple[Any, Any]] = []
    _nodes(flow, nodes)
    if nodes:
        container, key = rng.choice(nodes)
        container[key] = _hostile(rng)


def _mutate_string(flow: Any, rng: random.Random) -> None:
    nodes: list[tuple[Any, Any]] = []
    _nodes(flow, nodes)
    strings = [(container, key) for container, key in nodes if isinstance(container[key], str)]
    if strings:
        container, key = rng.choice(strings)
        text = container[key]
        cut = rng.randint(0, len(text))
        container[key] = text[:cut] + str(_hostile(rng)) + text[cut:]


def _mutate_widgets(flow: Any, rng: random.Random) -> None:
    states = _states(flow)
    if not states:
        return
    choice = rng.randrange(6)
    widget = rng.choice(states)
    if choice == 0 and isinstance(widget, dict):
        first = states[0] if isinstance(states[0], dict) else {}
        widget["name"] = rng.choice([*HOSTILE_STRINGS, str(first.get("name", "x"))])
    elif choice == 1:
        states.extend(json.loads(json.dumps(rng.choice(states))) for _ in range(rng.randint(1, 50)))
    elif choice == 2 and isinstance(widget, dict):
        transitions = widget.get("transitions")
        if isinstance(transitions, list):
            for transition in transitions:
                if isinstance(transition, dict) and rng.random() < 0.5:
                    transition["next"] = rng.choice(HOSTILE_STRINGS)
    elif choice == 3 and isinstance(widget, dict):
        widget["type"] = "split-based-on"
        widget["transitions"] = [{"event": "noMatch"}] + [
            {
                "event": "match",
                "next": "x",
                "conditions": [
                    {
                        "friendly_name": rng.choice(HOSTILE_STRINGS),
                        "arguments": ["{{trigger.message.Body}}"],
                        "type": rng.choice(
                            [
                                "equal_to",
                                "regex",
                                "matches_any_of",
                                "contains",
                                "greater_than",
                                "is_before_time",
                                "is_not_blank",
                                rng.choice(HOSTILE_STRINGS),
                            ]
                        ),
                        "value": _hostile(rng),
                    }
                ],
            }
            for _ in range(rng.randint(1, 40))
        ]
    elif choice == 4 and isinstance(widget, dict):
        widget.pop(rng.choice(["name", "type", "transitions", "properties"]), None)
    elif choice == 5:
        rng.shuffle(states)


MUTATIONS: list[Callable[[Any, random.Random], None]] = [
    _mutate_value,
    _mutate_string,
    _mutate_widgets,
]


def make_case(seeds: list[tuple[str, Any]], rng: random.Random) -> tuple[str, bytes, bytes]:
    """One fuzz case: (seed name and mutations, file bytes, the seed's bytes)."""
    name, seed = rng.choice(seeds)
    flow = json.loads(json.dumps(seed))
    steps = rng.randint(1, 4)
    for _ in range(steps):
        rng.choice(MUTATIONS)(flow, rng)
    text = json.dumps(flow, indent=rng.choice([None, 2]), ensure_ascii=rng.random() < 0.5)
    data = text.encode("utf-8", errors="surrogatepass")
    roll = rng.random()
    if roll < 0.05 and data:
        data = data[: rng.randrange(len(data))]
    elif roll < 0.1 and data:
        position = rng.randrange(len(data))
        data = data[:position] + bytes([rng.randrange(256)]) + data[position + 1 :]
    return f"{name} ({steps} mutations)", data, json.dumps(seed, indent=2).encode("utf-8")


class Failure(Exception):
    pass


def check_in_process(linter: Any, data: bytes) -> None:
    """Check `data` and render every format; raise Failure on a rule crash."""
    from flowlint.reporters import ReportOptions, RunReport, renderer

    result = linter.lint_bytes(data, "fuzz.json")
    report = RunReport(results=[result], registry=linter.registry, version="fuzz")
    for name in FORMATS:
        for color in (False, True) if name == "text" else (False,):
            output = renderer(name)(report, ReportOptions(color=color))
            output.encode("utf-8")  # what any output stream must be able to take
    crashes = [d.message for d in result.diagnostics if d.rule == "internal-error"]
    if crashes:
        raise Failure(crashes[0])


def check_with_cli(path: Path, output_format: str) -> None:
    """Run the command line on `path`; raise Failure on a traceback or an odd exit status."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "flowlint",
            "check",
            "--no-cache",
            "--format",
            output_format,
            str(path),
        ],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    stderr = result.stderr.decode("utf-8", errors="replace")
    if "Traceback" in stderr or result.returncode not in (0, 1, 2):
        raise Failure(f"exit {result.returncode}: {stderr[-500:]}")


def _run(args: list[str], stdin: bytes | None = None, cwd: Path | None = None) -> bytes:
    """stdout of `flowlint ARGS`; raise Failure on a traceback or an odd exit status."""
    result = subprocess.run(
        [sys.executable, "-m", "flowlint", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
        cwd=cwd,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    stderr = result.stderr.decode("utf-8", errors="replace")
    if "Traceback" in stderr or result.returncode not in (0, 1, 2):
        raise Failure(f"{args[0]}: exit {result.returncode}: {stderr[-500:]}")
    return result.stdout


def check_commands(folder: Path, seed: bytes, data: bytes) -> None:
    """Every command besides check on `data` (see the module docstring)."""
    folder.mkdir(parents=True, exist_ok=True)
    flow = folder / "case.json"
    flow.write_bytes(data)
    (folder / "seed.json").write_bytes(seed)
    _run(["fmt", "-"], stdin=data)
    fixed = folder / "fixed.json"
    fixed.write_bytes(data)
    _run(["check", "--no-cache", "--isolated", "--fix", "--unsafe-fixes", "-q", str(fixed)])
    _run(["diff", str(folder / "seed.json"), str(flow)])
    for picture in ("mermaid", "dot"):
        _run(["graph", "--isolated", "--format", picture, str(flow)])
    scaffold = _run(["test", "--scaffold", str(flow)])
    tests = folder / "case.flowtest.yaml"
    tests.write_bytes(scaffold)
    if b"cases:" in scaffold:
        outcome = subprocess.run(
            [sys.executable, "-m", "flowlint", "test", str(tests)],
            capture_output=True,
            timeout=120,
            check=False,
        )
        if outcome.returncode != 0:
            report = outcome.stdout.decode("utf-8", errors="replace")
            raise Failure(f"a scaffolded case fails (exit {outcome.returncode}): {report[-400:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--slow", type=float, default=5.0, help="seconds that make a case slow")
    parser.add_argument("--cli", action="store_true", help="run each case through the CLI")
    parser.add_argument(
        "--commands", action="store_true", help="run every other command on each case"
    )
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"))
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()

    from flowlint.engine.linter import Linter

    seeds = seed_flows()
    rng = random.Random(args.seed)
    linter = Linter()
    failures: dict[str, str] = {}
    slowest = (0.0, "")
    total = 0.0
    started = time.perf_counter()
    done = 0
    try:
        for number in range(args.cases):
            description, data, seed = make_case(seeds, rng)
            case_started = time.perf_counter()
            problem = None
            try:
                if args.commands:
                    check_commands(args.out / "current", seed, data)
                elif args.cli:
                    args.out.mkdir(parents=True, exist_ok=True)
                    path = args.out / "current.json"
                    path.write_bytes(data)
                    check_with_cli(path, FORMATS[number % len(FORMATS)])
                else:
                    check_in_process(linter, data)
            except Exception as error:  # anything at all is a finding of the fuzzer
                where = (
                    traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
                )
                problem = f"{type(error).__name__}: {str(error)[:200]}" + (
                    f" at {Path(where.filename).name}:{where.lineno}" if where else ""
                )
            elapsed = time.perf_counter() - case_started
            total += elapsed
            done = number + 1
            if elapsed > slowest[0]:
                slowest = (elapsed, description)
            if problem is None and elapsed > args.slow:
                problem = f"slow: {elapsed:.1f} s"
            if problem is not None:
                key = problem.split(":")[0] + problem.rsplit(" at ", 1)[-1]
                if key not in failures:
                    args.out.mkdir(parents=True, exist_ok=True)
                    reproducer = args.out / f"case-{args.seed}-{number}.json"
                    reproducer.write_bytes(data)
                    if args.commands:  # diff compares the case with its seed
                        reproducer.with_suffix(".seed.json").write_bytes(seed)
                    failures[key] = (
                        f"{problem} ({description}; reproduce: flowlint check {reproducer})"
                    )
                    print(f"FAIL case {number}: {failures[key]}", flush=True)
            if not args.quiet and (number + 1) % (50 if args.cli or args.commands else 1000) == 0:
                print(f"{number + 1} cases, {len(failures)} distinct failures", flush=True)
    except KeyboardInterrupt:  # Ctrl-C: report what was done so far
        pass
    wall = time.perf_counter() - started
    mode = "commands" if args.commands else "cli" if args.cli else "in-process"
    print(
        f"cases: {done} of {args.cases}  mode: {mode}  seed: {args.seed}\n"
        f"distinct failures: {len(failures)}\n"
        f"time per case: {total / max(done, 1) * 1000:.1f} ms (wall {wall:.0f} s)\n"
        f"slowest case: {slowest[0]:.2f} s ({slowest[1]})"
    )
    for failure in failures.values():
        print(f"  {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
