"""Comparing a run with what its case expects: each difference becomes a message that shows
the expected and the actual value and, for sequences, the first step where they part."""

from __future__ import annotations

from dataclasses import dataclass, field

from flowlint.simulate.flow_file import FlowFile
from flowlint.simulate.runner import Run
from flowlint.simulate.scenario import Case


@dataclass
class Mismatch:
    what: str
    """`path`, `says`, `variables.attempts`, `error`, ..."""
    expected: str
    actual: str
    detail: str = ""
    """The first difference of two sequences, or the reason a run could not complete."""


@dataclass
class CaseResult:
    case: Case
    run: Run
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.mismatches


def _shown(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def first_difference(expected: list[str], actual: list[str], unit: str = "step") -> str:
    for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
        if want != got:
            return f"first difference at {unit} {index + 1}: expected {want!r}, got {got!r}"
    if len(expected) > len(actual):
        return f"only {len(actual)} {unit}s; expected next: {expected[len(actual)]!r}"
    return (
        f"{len(actual) - len(expected)} more {unit}s than expected, from {actual[len(expected)]!r}"
    )


def _problem_text(run: Run, flow_file: FlowFile | None) -> str:
    problem = run.problem
    if problem is None:
        return "null"
    where = ""
    if problem.pointer is not None and flow_file is not None:
        where = f" at {flow_file.position(problem.pointer)}"
    return f"{problem.code}: {problem.message}{where}"


def compare(case: Case, run: Run, flow_file: FlowFile | None = None) -> CaseResult:
    result = CaseResult(case, run)
    found = result.mismatches
    if run.missing_test_data is not None:
        found.append(Mismatch("needs test data", "", "", run.missing_test_data))
        return result
    expect = case.expect
    for name in ("path", "says", "sends"):
        wanted: list[str] | None = getattr(expect, name)
        got: list[str] = getattr(run, name)
        if wanted is not None and wanted != got:
            unit = "step" if name == "path" else "message"
            found.append(
                Mismatch(name, _shown(wanted), _shown(got), first_difference(wanted, got, unit))
            )
    if expect.visits is not None:
        missing = [name for name in expect.visits if name not in run.path]
        if missing:
            found.append(
                Mismatch(
                    "visits",
                    _shown(expect.visits),
                    _shown(run.path),
                    f"never visited: {', '.join(missing)}",
                )
            )
    for key, value in (expect.variables or {}).items():
        actual = run.variables.get(key)
        if actual != value:
            found.append(
                Mismatch(
                    f"variables.{key}", repr(value), "(not set)" if actual is None else repr(actual)
                )
            )
    if expect.ends is not None:
        ending = run.ending
        want_widget, want_event = expect.ends.widget, expect.ends.event
        got_widget = ending.widget if ending else None
        got_event = ending.event if ending else None
        if (want_widget is not None and want_widget != got_widget) or (
            want_event is not None and want_event != got_event
        ):
            found.append(
                Mismatch(
                    "ends",
                    f"{want_widget or '*'} on {want_event or '*'}",
                    f"{got_widget} on {got_event}"
                    if ending
                    else f"no normal end ({_problem_text(run, flow_file)})",
                )
            )
    actual_code = run.problem.code if run.problem else None
    if actual_code != expect.error:
        found.append(Mismatch("error", expect.error or "null", _problem_text(run, flow_file)))
    if run.unused_inputs:
        found.append(
            Mismatch(
                "inputs",
                "every input consumed",
                f"{len(run.unused_inputs)} left",
                "first unused: "
                + f"{{widget: {run.unused_inputs[0].widget}}} ({run.unused_inputs[0].position})",
            )
        )
    return result
