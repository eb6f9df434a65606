"""Line-independent identities of findings, shared by the baseline, SARIF and GitLab reports.

A fingerprint is built from the rule, the file, the widget, a JSON Pointer in which the widget's
position in `states` is replaced by its name, and the message with its numbers blanked. So
reformatting a file, moving a widget up or down in `states`, or a message that quotes a line
number does not change it, while a finding on another widget or another property does.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath

from flowlint.diagnostics import Diagnostic
from flowlint.source.pointer import Pointer, format_pointer

_NUMBER = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def stable_pointer(diagnostic: Diagnostic) -> str:
    """The pointer with the widget's index in `states` replaced by `@<widget name>`."""
    pointer: Pointer = diagnostic.pointer
    if diagnostic.widget is not None:
        parts = list(pointer)
        for index in range(len(parts) - 1):
            if parts[index] == "states" and isinstance(parts[index + 1], int):
                parts[index + 1] = f"@{diagnostic.widget}"
                break
        pointer = tuple(parts)
    return format_pointer(pointer)


def normalised_message(message: str) -> str:
    """The message with every run of digits blanked and whitespace collapsed."""
    return _SPACE.sub(" ", _NUMBER.sub("#", message)).strip()


def normalised_path(path: str) -> str:
    """Forward slashes, no leading `./`: the same file is spelled the same on every OS."""
    text = path.replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return str(PurePosixPath(text)) if text else text


def fingerprint(diagnostic: Diagnostic, path: str | None = None) -> str:
    """A 32-hex-digit identity of the finding; `path` overrides the diagnostic's own path
    (the baseline passes a path relative to the baseline file)."""
    parts = (
        diagnostic.rule,
        normalised_path(path if path is not None else diagnostic.path),
        diagnostic.widget or "",
        stable_pointer(diagnostic),
        normalised_message(diagnostic.message),
    )
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:32]
