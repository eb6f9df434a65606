"""Where reporters and the language server have always imported text safety from.

The module lives in `flowlint.source.text_safety` (the bottom layer), so the pictures of
`flowlint.graph` and `flowlint.project` can escape labels with the same rules as the reports.
"""

from __future__ import annotations

from flowlint.source.text_safety import (
    UNSAFE,
    escape_unsafe,
    escape_unsafe_in_json,
    escape_unsafe_with_columns,
    escaped_character,
)

__all__ = [
    "UNSAFE",
    "escape_unsafe",
    "escape_unsafe_in_json",
    "escape_unsafe_with_columns",
    "escaped_character",
]
