"""What the widget schemas (`schemas/widgets/*.schema.json`) say about one property, for
completion and hover: its JSON type, the values it takes, its default, whether it is required,
whether it accepts Liquid, and the Twilio docs page of its widget.

The schemas are the only source: a property gains help here by being described there
(`description`, `enum`, `examples`, `default`, `x-flowlint-no-liquid`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flowlint.model.catalog import widget_type

WIDGET_LIBRARY = "https://www.twilio.com/docs/studio/widget-library"

_DOCS_PAGES = {
    "make-http-request": "http-request",
    "say-play": "sayplay",
    "gather-input-on-call": "gather-input-call",
    "send-message": "send-message",
    "run-function": "run-function",
}
"""Widget-library pages whose address was checked; other types link to the library's index."""


def docs_url(type_name: str) -> str:
    """The Twilio docs page of a widget type (the widget library's index when not known)."""
    page = _DOCS_PAGES.get(type_name)
    return f"{WIDGET_LIBRARY}/{page}" if page else WIDGET_LIBRARY


@dataclass(frozen=True)
class PropertyHelp:
    """One property of a widget type (or of a split-based-on condition), as its schema says."""

    owner: str
    """The widget type (`make-http-request`), or `split-based-on condition`."""
    name: str
    schema: dict[str, Any]
    required: bool

    @property
    def json_types(self) -> list[str]:
        declared = self.schema.get("type")
        if isinstance(declared, str):
            return [declared]
        if isinstance(declared, list):
            return [t for t in declared if isinstance(t, str)]
        if "enum" in self.schema:
            return sorted({_json_type(value) for value in self.schema["enum"]})
        return []

    @property
    def closed(self) -> bool:
        """Whether the values are an `enum` (else `values` are only examples)."""
        return isinstance(self.schema.get("enum"), list)

    @property
    def values(self) -> list[Any]:
        """The allowed values (`enum`), else the schema's `examples`."""
        for keyword in ("enum", "examples"):
            found = self.schema.get(keyword)
            if isinstance(found, list):
                return list(found)
        return []

    @property
    def description(self) -> str:
        return str(self.schema.get("description") or "")

    @property
    def has_default(self) -> bool:
        return "default" in self.schema

    @property
    def liquid(self) -> bool:
        """Whether a string value may hold Liquid."""
        return not self.schema.get("x-flowlint-no-liquid")


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object" if isinstance(value, dict) else "null"


def widget_properties(type_name: str | None) -> dict[str, PropertyHelp]:
    """The properties a widget type's schema declares, in schema order."""
    known = widget_type(type_name)
    if known is None:
        return {}
    try:
        block = known.schema["properties"]["properties"]
        declared = block["properties"]
    except (KeyError, TypeError):
        return {}
    if not isinstance(declared, dict):
        return {}
    required = set(block.get("required") or ()) if isinstance(block, dict) else set()
    return {
        key: PropertyHelp(known.name, key, schema, key in required)
        for key, schema in declared.items()
        if isinstance(schema, dict)
    }


def condition_fields() -> dict[str, PropertyHelp]:
    """The keys of a split-based-on condition (`type` holds the operators)."""
    known = widget_type("split-based-on")
    if known is None:
        return {}
    try:
        transition = known.schema["properties"]["transitions"]["items"]
        item = transition["properties"]["conditions"]["items"]
        declared = item["properties"]
    except (KeyError, TypeError):
        return {}
    required = set(item.get("required") or ())
    return {
        key: PropertyHelp("split-based-on condition", key, schema, key in required)
        for key, schema in declared.items()
        if isinstance(schema, dict)
    }


# -- completion: the text inserted after a property name -----------------------------------------


def _escape_choice(value: str) -> str:
    return "".join("\\" + c if c in "\\,|$}" else c for c in value)


def _escape_placeholder(value: str) -> str:
    return "".join("\\" + c if c in "\\$}" else c for c in value)


def value_snippet(help: PropertyHelp) -> str:
    """An LSP snippet for the value of `help`, after `"name": ` (choices for an enum, the
    default as the placeholder, else an empty value of the property's type)."""
    types_ = help.json_types
    values = help.values
    if help.closed and values:
        encoded = [json.dumps(value) for value in values]
        if all(isinstance(value, str) for value in values):
            inner = ",".join(_escape_choice(value) for value in values)
            return f'"${{1|{inner}|}}"'
        return "${1|" + ",".join(_escape_choice(text) for text in encoded) + "|}"
    default = help.schema.get("default")
    if "string" in types_ or not types_:
        placeholder = default if isinstance(default, str) else ""
        return f'"${{1:{_escape_placeholder(placeholder)}}}"'
    if "boolean" in types_:
        return "${1|true,false|}"
    if "integer" in types_ or "number" in types_:
        return f"${{1:{json.dumps(default) if default is not None else 0}}}"
    if "array" in types_:
        return "[$1]"
    return "{$1}"


def plain_value(help: PropertyHelp) -> str:
    """The value inserted for clients without snippets: the default, else an empty value."""
    if help.has_default:
        return json.dumps(help.schema["default"])
    types_ = help.json_types
    if "string" in types_ or not types_:
        return '""'
    if "boolean" in types_:
        return "false"
    if "integer" in types_ or "number" in types_:
        return "0"
    return "[]" if "array" in types_ else "{}"


# -- hover ------------------------------------------------------------------------------------------


def property_markdown(help: PropertyHelp) -> str:
    """Markdown: what the property is, its type, allowed values, default, and the docs link."""
    kind = " or ".join(help.json_types) or "any JSON value"
    required = "required" if help.required else "optional"
    lines = [f"**`{help.name}`** · {kind} · {required} · `{help.owner}` property"]
    if help.description:
        lines += ["", help.description]
    values = help.values
    if values:
        shown = ", ".join(f"`{json.dumps(value)}`" for value in values)
        lines += ["", ("Allowed values: " if help.closed else "For example: ") + shown]
    if help.has_default:
        lines += ["", f"Default: `{json.dumps(help.schema['default'])}`"]
    if "string" in help.json_types and not help.liquid:
        lines += ["", "Liquid is not allowed here: the value must be literal."]
    if widget_type(help.owner) is not None:
        lines += ["", f"[Twilio docs: {help.owner}]({docs_url(help.owner)})"]
    return "\n".join(lines)
