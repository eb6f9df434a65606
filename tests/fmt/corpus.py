"""The real flows of /work/shared/corpus/real (or $FLOWLINT_CORPUS), and which of them are
unedited Studio Console exports."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from flowlint.model.catalog import widget_types

CORPUS = Path(os.environ.get("FLOWLINT_CORPUS", "/work/shared/corpus/real"))
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\S')

CONSOLE_TRANSITION_KEYS = {("event",), ("next", "event"), ("next", "event", "conditions")}


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []


def tokens(text: str) -> list[str]:
    """The JSON text without the whitespace between tokens."""
    return _TOKEN.findall(text.lstrip("\ufeff"))


def parsed(text: str) -> Any:
    return json.loads(text.lstrip("\ufeff"))


def is_console_export(value: Any) -> bool:
    """A definition whose structure the Console wrote and nobody edited: the Console's order
    at the top level, in every widget and every transition, only widget types Studio has, and
    key/value entries written value first. (Indentation is not asked: many exports were
    re-indented by an editor.)"""
    if not isinstance(value, dict) or list(value) != [
        "description",
        "states",
        "initial_state",
        "flags",
    ]:
        return False
    known = widget_types()
    for widget in value["states"]:
        if widget.get("type") not in known:
            return False
        if list(widget) != ["name", "type", "transitions", "properties"][: len(widget)]:
            return False
        for transition in widget.get("transitions", []):
            if tuple(transition) not in CONSOLE_TRANSITION_KEYS:
                return False
        properties = widget.get("properties", {})
        for name in ("parameters", "variables", "configurations"):
            for entry in properties.get(name) or []:
                if isinstance(entry, dict) and list(entry)[-2:] != ["value", "key"]:
                    return False
    return True


def is_console_text(text: str, value: Any) -> bool:
    """Text exactly as `JSON.stringify(definition, null, 2)` writes it (a final line break
    aside, which editors add)."""
    return text.rstrip("\n") == json.dumps(value, indent=2, ensure_ascii=False)
