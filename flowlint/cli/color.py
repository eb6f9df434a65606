"""Whether a command colours its output: `--color always|never|auto`, `NO_COLOR`, a terminal."""

from __future__ import annotations

import os
from typing import Any


def use_color(choice: str, stream: Any) -> bool:
    """Colour for `choice` ("always", "never" or "auto") on `stream`: auto means a terminal and
    no `NO_COLOR` in the environment."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
