"""Where a version of a flow comes from: a file, stdin (`-`), `git:REV:path`, or (through
`drift`) `twilio:FW…[@revision]`; and how its bytes become one `Flow`.

Every failure is a `DiffInputError` with a message that names the input; nothing here raises
anything else for bad input.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass

from flowlint.model.documents import DocumentKind, classify
from flowlint.model.flow import Flow
from flowlint.source.reading import read_file
from flowlint.source.text_safety import escape_unsafe

GIT_PREFIX = "git:"
TWILIO_PREFIX = "twilio:"
MAX_INPUT_BYTES = 50 * 1024 * 1024
"""Larger than any real flow (Studio's limit is far below); stops a wrong path to a huge file."""
GIT_TIMEOUT_SECONDS = 60


class DiffInputError(Exception):
    """A version that cannot be read or is not a flow; the message is ready to show."""


@dataclass
class FlowVersion:
    label: str
    """How reports name this version: the path, `<stdin>`, `git:REV:path`, `twilio:FW…`."""
    flow: Flow


def read_source(spec: str) -> FlowVersion:
    """Read the version named by `spec` (not `twilio:`, see `drift.read_deployed`)."""
    if spec == "-":
        return parse_version("<stdin>", sys.stdin.buffer.read(MAX_INPUT_BYTES + 1))
    if spec.startswith(GIT_PREFIX):
        return parse_version(spec, _git_show(spec[len(GIT_PREFIX) :], spec))
    if spec == os.devnull:  # a flow that does not exist yet, or no longer: as git diff shows it
        return empty_version(spec)
    try:
        data = read_file(spec, MAX_INPUT_BYTES)
    except OSError as exc:
        raise DiffInputError(f"cannot read {_shown(spec)}: {exc.strerror or exc}") from exc
    return parse_version(spec, data)


def empty_version(label: str) -> FlowVersion:
    """A flow with no widgets: the side of a file that git says does not exist (/dev/null)."""
    return FlowVersion(label, classify({"states": []}).flows[0])


def _git_show(object_name: str, spec: str) -> bytes:
    revision, separator, path = object_name.partition(":")
    if not separator or not revision or not path:
        raise DiffInputError(
            f"{_shown(spec)}: expected git:REVISION:PATH (e.g. git:HEAD~1:flow.json)"
        )
    try:
        finished = subprocess.run(
            ["git", "show", f"{revision}:{path}"],
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError as exc:
        raise DiffInputError(f"cannot read {_shown(spec)}: git is not installed") from exc
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DiffInputError(f"cannot read {_shown(spec)}: git failed: {exc}") from exc
    if finished.returncode != 0:
        reason = finished.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffInputError(
            f"cannot read {_shown(spec)}: {_shown(reason[-1] if reason else 'git show failed')}"
        )
    return finished.stdout


def parse_version(label: str, data: bytes) -> FlowVersion:
    """Decode, parse and classify one version; it must hold exactly one flow."""
    shown = _shown(label)
    if len(data) > MAX_INPUT_BYTES:
        raise DiffInputError(f"{shown} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DiffInputError(f"{shown} is not UTF-8 text (byte {exc.start})") from exc
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DiffInputError(
            f"{shown} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from exc
    except RecursionError as exc:
        raise DiffInputError(f"{shown} is nested too deeply to read") from exc
    document = classify(value)
    if document.kind is DocumentKind.NOT_A_FLOW:
        raise DiffInputError(f"{shown} is not a Studio flow: {document.reason}")
    if len(document.flows) != 1:
        count = len(document.flows)
        raise DiffInputError(
            f"{shown} holds {count} flows; diff compares one flow definition with another"
            if count
            else f"{shown} holds no flow definition"
        )
    flow = document.flows[0]
    if flow.problems:
        problem = flow.problems[0]
        raise DiffInputError(f"{shown} is not a usable flow: {_shown(problem.message)}")
    return FlowVersion(label, flow)


def _shown(text: str) -> str:
    return escape_unsafe(text)
