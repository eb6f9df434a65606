"""Render a template: substitute each `${NAME}`, keeping a map back to the template.

With a profile's values, a placeholder inside a JSON string becomes its value JSON-escaped, and
a whole-value placeholder becomes the value's text as Terraform writes it (a number stays a
number). Without a profile (linting a template before any environment exists), or for a name
the profile lacks, the placeholder gets a neutral stand-in: inside a string it stays as it is
(the value-form rules treat `${...}` as a placeholder, see `flowlint.model.placeholders`), and as a
whole value it becomes `0`, whose findings are about a made-up value and are dropped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from flowlint.templates.offsets import OffsetMap
from flowlint.templates.scan import Escape, Placeholder, scan_template

Value = str | int | float | bool
"""A profile value, as TOML gives it."""

NEUTRAL_WHOLE_VALUE = "0"


@dataclass
class Rendering:
    """A template rendered for one environment (or none)."""

    template: str
    text: str
    offsets: OffsetMap
    placeholders: list[Placeholder] = field(default_factory=list)
    missing: list[Placeholder] = field(default_factory=list)
    """Placeholders the profile has no value for (rendered neutral)."""
    neutral_spans: list[tuple[int, int]] = field(default_factory=list)
    """Rendered spans of the neutral whole values."""

    @property
    def is_template(self) -> bool:
        return bool(self.placeholders) or self.text != self.template


def value_text(value: Value) -> str:
    """A value as Terraform writes it into the text (`true`, `30`, `WW...`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return value


def in_string(value: Value) -> str:
    """A value written inside a JSON string: escaped so the string stays valid."""
    return json.dumps(value_text(value), ensure_ascii=False)[1:-1]


def render(template: str, values: Mapping[str, Value] | None) -> Rendering:
    """Substitute the placeholders of `template`; `values` None lints before any environment
    exists (every placeholder neutral, none missing)."""
    pieces: list[str] = []
    offsets = OffsetMap()
    rendering = Rendering(template, "", offsets)
    copied_from = 0
    length = 0
    for item in scan_template(template):
        before = template[copied_from : item.start]
        pieces.append(before)
        offsets.add((length, length + len(before)), (copied_from, item.start), copied=True)
        length += len(before)
        if isinstance(item, Escape):
            text, copied = "${", False
        else:
            rendering.placeholders.append(item)
            text, copied = _substitute(item, template, values, rendering)
            if text is NEUTRAL_WHOLE_VALUE:
                rendering.neutral_spans.append((length, length + len(text)))
        pieces.append(text)
        offsets.add((length, length + len(text)), (item.start, item.end), copied=copied)
        length += len(text)
        copied_from = item.end
    pieces.append(template[copied_from:])
    offsets.add((length, length + len(template) - copied_from), (copied_from, len(template)), True)
    rendering.text = "".join(pieces)
    return rendering


def _substitute(
    item: Placeholder, template: str, values: Mapping[str, Value] | None, rendering: Rendering
) -> tuple[str, bool]:
    """The rendered text of a placeholder and whether it is the template text unchanged."""
    if values is not None and item.name in values:
        value = values[item.name]
        return (in_string(value) if item.in_string else value_text(value)), False
    if values is not None:
        rendering.missing.append(item)
    if item.in_string:
        verbatim = template[item.start : item.end]
        escaped = in_string(verbatim)  # `${vars["url"]}` must not end the string
        return escaped, escaped == verbatim
    return NEUTRAL_WHOLE_VALUE, False
