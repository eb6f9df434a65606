"""A scaffolded case as it is written to the test file: its test data, and what its run did as
the expectation."""

from __future__ import annotations

from typing import Any

import yaml

from flowlint.simulate.runner import Run
from flowlint.simulate.scenario import TRIGGER_KINDS, Case, Input, Mock
from flowlint.simulate.yaml_text import SafeTextDumper

LONGEST_PATH = 100
"""Steps past which a case expects the widgets it `visits`, not its whole `path` (a loop run to
Studio's 1,000-step limit), and leaves out the messages."""
_LONGEST_NAME = 12


class _Lines(list[str]):
    """Messages, written one per line (a flow-style list of long texts wraps mid-text)."""


# A SafeDumper of our own, so the representer below does not change yaml.safe_dump elsewhere;
# it escapes control and bidirectional characters of the flow's text (yaml_text).
_Dumper: Any = type("_Dumper", (SafeTextDumper,), {})


_Dumper.add_representer(
    _Lines,
    lambda dumper, data: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", list(data), flow_style=False
    ),
)


def dump(document: dict[str, Any]) -> str:
    return str(
        yaml.dump(
            document,
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            width=100,
            default_flow_style=None,
        )
    )


def _mock_yaml(mock: Mock) -> dict[str, Any]:
    if mock.event is not None:
        return {"event": mock.event, **({"outputs": mock.outputs} if mock.outputs else {})}
    return {"status": mock.status, "body": mock.body}


def _input_yaml(given: Input) -> dict[str, Any]:
    for key in ("digits", "speech", "body", "event"):
        value = getattr(given, key)
        if value is not None:
            return {"widget": given.widget, key: value}
    return {"widget": given.widget}


def case_name(path: list[str]) -> str:
    """The widgets after the Trigger; for a run that ends in an error, what went wrong too."""
    if len(path) < 2:
        return "Trigger"
    return " -> ".join(path[1:])


def error_case_name(path: list[str], code: str) -> str:
    """`greet -> ask x10 ends in error 81001`: runs of one widget counted, and a long loop
    told by the widgets it visits."""
    runs: list[list[Any]] = []
    for label in path[1:]:
        if runs and runs[-1][0] == label:
            runs[-1][1] += 1
        else:
            runs.append([label, 1])
    parts = [label if count == 1 else f"{label} x{count}" for label, count in runs]
    if len(parts) > _LONGEST_NAME:
        parts = [*dict.fromkeys(path[1:]), f"... ({len(path):,} steps)"]
    return f"{' -> '.join(parts) or 'Trigger'} ends in error {code}"


def case_entry(case: Case, run: Run, name: str) -> dict[str, Any]:
    """The case's test data, and the run's path, messages and ending (or error) to expect."""
    entry: dict[str, Any] = {"name": name}
    kind = TRIGGER_KINDS[case.trigger_event]
    entry["trigger"] = {
        "event": case.trigger_event,
        **({kind: case.trigger_fields} if case.trigger_fields else {}),
    }
    if case.flow_data:
        entry["flow_data"] = case.flow_data
    if case.now is not None:
        entry["now"] = case.now.isoformat()
    if case.mocks:
        entry["mocks"] = {name: _mock_yaml(mock) for name, mock in case.mocks.items()}
    if case.inputs:
        entry["inputs"] = [_input_yaml(given) for given in case.inputs]
    expect: dict[str, Any] = {}
    if len(run.path) > LONGEST_PATH:
        expect["visits"] = list(dict.fromkeys(run.path))
    else:
        expect["path"] = run.path
        # What the contact hears and reads, rendered from the mocks' outputs: a change to a
        # message (or to the outputs it reads) fails the case.
        if run.says:
            expect["says"] = _Lines(run.says)
        if run.sends:
            expect["sends"] = _Lines(run.sends)
    if run.ending is not None:
        expect["ends"] = {"widget": run.ending.widget}
        if run.ending.event:
            expect["ends"]["event"] = run.ending.event
    if run.problem is not None:
        code = run.problem.code
        expect["error"] = int(code) if code.isdigit() else code
    entry["expect"] = expect
    return entry
