"""Where the built-in rules and the schemas live: inside the wheel, or beside the source tree."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # the flowlint package


def _locate(name: str) -> Path:
    bundled = _PACKAGE / "_bundled" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name


@cache
def schemas_dir() -> Path:
    """The `schemas/` folder (flow-definition schema, `widgets/<type>.schema.json`)."""
    return _locate("schemas")


@cache
def builtin_rules_dir() -> Path:
    """The `rules/` folder of built-in rules, one module per rule, a folder per category."""
    return _locate("rules")
