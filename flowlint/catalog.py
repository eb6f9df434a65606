"""The widget catalog: what flowlint knows about each widget type, read from `schemas/`.

The schemas are the single source of truth. A widget type's allowed transition events are the
`enum` at `properties.transitions.items.properties.event` of its schema; everything else
(failure-style events, outputs, whether it waits for the outside world, deprecation) comes from
the schema's `x-flowlint` block (vocabulary in schemas/README.md).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, NamedTuple

from flowlint.resources import schemas_dir


class WidgetType(NamedTuple):
    """Everything the catalog knows about one widget type."""

    name: str
    schema: dict[str, Any]
    events: frozenset[str] | None
    """Allowed transition events; None when the type is known only by name."""
    unhandled_events: tuple[str, ...] = ()
    waits: bool = False
    channels: tuple[str, ...] = ()
    outputs: dict[str, Any] | None = None
    deprecated: str | None = None
    docs: str = ""
    status: str = "confirmed"
    extra: dict[str, Any] = {}

    @property
    def event_order(self) -> list[str]:
        """Events in the order the schema lists them."""
        try:
            enum = self.schema["properties"]["transitions"]["items"]["properties"]["event"]["enum"]
        except (KeyError, TypeError):
            return sorted(self.events or ())
        return [event for event in enum if isinstance(event, str)]


def _event_enum(schema: dict[str, Any]) -> frozenset[str] | None:
    try:
        enum = schema["properties"]["transitions"]["items"]["properties"]["event"]["enum"]
    except (KeyError, TypeError):
        return None
    return frozenset(event for event in enum if isinstance(event, str))


def _widget_type(name: str, schema: dict[str, Any]) -> WidgetType:
    meta = schema.get("x-flowlint") or {}
    return WidgetType(
        name=name,
        schema=schema,
        events=_event_enum(schema),
        unhandled_events=tuple(meta.get("unhandled-events") or ()),
        waits=bool(meta.get("waits", False)),
        channels=tuple(meta.get("channels") or ()),
        outputs=meta.get("outputs"),
        deprecated=meta.get("deprecated"),
        docs=meta.get("docs") or schema.get("description") or "",
        status=meta.get("status", "confirmed"),
        extra=meta,
    )


@cache
def widget_types() -> dict[str, WidgetType]:
    """All known widget types by their `type` string."""
    folder = schemas_dir() / "widgets"
    types: dict[str, WidgetType] = {}
    if not folder.is_dir():
        return types
    for path in sorted(folder.glob("*.schema.json")):
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(schema, dict):
            continue
        name = path.name.removesuffix(".schema.json")
        try:
            const = schema["properties"]["type"]["const"]
            if isinstance(const, str):
                name = const
        except (KeyError, TypeError):
            pass
        types[name] = _widget_type(name, schema)
    return types


def widget_type(name: str | None) -> WidgetType | None:
    if name is None:
        return None
    return widget_types().get(name)


@cache
def flow_definition_schema() -> dict[str, Any]:
    """The envelope schema (`schemas/flow-definition.schema.json`), or {} when missing."""
    path = schemas_dir() / "flow-definition.schema.json"
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return schema if isinstance(schema, dict) else {}
