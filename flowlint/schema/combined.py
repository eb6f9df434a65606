"""One self-contained schema for whole definitions: the envelope plus every widget schema.

flowlint itself validates widget by widget (`validation`), but editors' JSON language services
(VS Code's `json.schemas`, vscode-json-languageserver in Neovim/Helix/Zed) take one schema per
file. `flowlint schema` prints this one: the envelope of `flow-definition.schema.json`, each
widget schema under `definitions/<type>`, and for each state an `if`/`then` on its `type`
(faster than a `oneOf` and precise in its errors). The benchmark uses it as the naive baseline.
"""

from __future__ import annotations

import copy
from typing import Any

from flowlint.model.catalog import flow_definition_schema, widget_types


def combined_schema() -> dict[str, Any]:
    """The flow-definition schema with every widget type's schema applied to `states`."""
    schema = copy.deepcopy(flow_definition_schema())
    definitions: dict[str, Any] = schema.setdefault("definitions", {})
    branches: list[dict[str, Any]] = [{"$ref": "#/definitions/State"}]
    names = sorted(widget_types())
    for name in names:
        widget = copy.deepcopy(widget_types()[name].schema)
        # Embedded copies must not declare their own base URI or dialect.
        widget.pop("$id", None)
        widget.pop("$schema", None)
        definitions[name] = widget
        branches.append(
            {
                "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                "then": {"$ref": f"#/definitions/{name}"},
            }
        )
    branches.append(
        {
            "properties": {
                "type": {
                    "enum": names,
                    "description": "The widget type; Twilio rejects any other value.",
                }
            }
        }
    )
    states = schema.setdefault("properties", {}).setdefault("states", {"type": "array"})
    states["items"] = {"allOf": branches}
    return schema
