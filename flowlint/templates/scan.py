"""Find the `${...}` placeholders of a template and whether each stands inside a JSON string.

Terraform substitutes `${...}` before anything reads the text as JSON, so a placeholder is one
token even when its expression holds quotes (`${vars["url"]}`), and the string state is tracked
over the text around the placeholders. `$${` is Terraform's escape for a literal `${`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'\$\$\{|\$\{([^{}\n]*)\}|\\.|"')
"""An escape, a placeholder, a backslash escape (inside strings) or a quote."""

MARK = "${"
"""Text without it is no template (the engine's cheap test)."""


@dataclass(frozen=True)
class Placeholder:
    """`${NAME}` at [start, end) of the template text."""

    name: str
    """The expression between the braces, without surrounding spaces (`flow_vars.url`)."""
    start: int
    end: int
    in_string: bool
    """Inside a JSON string (its value is JSON-escaped there) rather than a whole value."""


@dataclass(frozen=True)
class Escape:
    """`$${` at `start`: renders as a literal `${`."""

    start: int

    @property
    def end(self) -> int:
        return self.start + 3


def scan_template(text: str) -> list[Placeholder | Escape]:
    """The placeholders and escapes of `text`, in order (empty for a plain flow)."""
    if MARK not in text:
        return []
    found: list[Placeholder | Escape] = []
    in_string = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == '"':
            in_string = not in_string
        elif token == "$${":
            found.append(Escape(match.start()))
        elif token.startswith("${"):
            name = match.group(1).strip()
            if name:
                found.append(Placeholder(name, match.start(), match.end(), in_string))
    return found


def placeholders_of(text: str) -> list[Placeholder]:
    """Only the placeholders of `text`."""
    return [item for item in scan_template(text) if isinstance(item, Placeholder)]
