"""The widget catalog: what flowlint knows about each widget type, read from `schemas/`.

The schemas are the single source of truth. A widget type's allowed transition events are the
`enum` at `properties.transitions.items.properties.event` of its schema; everything else
(failure-style events, outputs, whether it waits for the outside world, deprecation) comes from
the schema's `x-flowlint` block (vocabulary in schemas/README.md).
"""

import json
import re
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from flowlint.model.resources import schemas_dir


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
    global _all_read
    folder = schemas_dir() / "widgets"
    types: dict[str, WidgetType] = {}
    if folder.is_dir():
        for path in sorted(folder.glob("*.schema.json")):
            known = _read_type(path)
            if known is not None:
                types[known.name] = known
    _read_so_far.update(types)
    _all_read = True
    return types


def widget_type(name: str | None) -> WidgetType | None:
    if name is None:
        return None
    known = _read_so_far.get(name)
    if known is None:
        if _all_read or not _FILE_STEM.fullmatch(name):
            return widget_types().get(name)
        # Reading only the file of the type asked for: a lint needs the dozen types its flow
        # uses, and reading all 32 schemas cost about 4 ms of every run.
        known = _read_type(schemas_dir() / "widgets" / f"{name}.schema.json")
        if known is None or known.name != name:
            return widget_types().get(name)
    return known


_FILE_STEM = re.compile(r"[a-z0-9][a-z0-9-]*")
"""Type names that can be a schema's file name (`<type>.schema.json`)."""
_read_so_far: dict[str, WidgetType] = {}
"""Every type read so far, by name (after `widget_types`, exactly its entries)."""
_read_files: dict[str, WidgetType] = {}
"""The type read from each file, by file name without `.schema.json`."""
_all_read = False
"""Whether `widget_types` has read the whole folder (so a name not known is unknown)."""


def _read_type(path: Path) -> WidgetType | None:
    """The type a schema file describes: named by its `type` const, else by its file name."""
    stem = path.name.removesuffix(".schema.json")
    if stem in _read_files:
        return _read_files[stem]
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(schema, dict):
        return None
    name = stem
    try:
        const = schema["properties"]["type"]["const"]
        if isinstance(const, str):
            name = const
    except (KeyError, TypeError):
        pass
    known = _widget_type(name, schema)
    _read_so_far.setdefault(name, known)
    _read_files[stem] = known
    return known


@cache
def flow_definition_schema() -> dict[str, Any]:
    """The envelope schema (`schemas/flow-definition.schema.json`), or {} when missing."""
    path = schemas_dir() / "flow-definition.schema.json"
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return schema if isinstance(schema, dict) else {}
