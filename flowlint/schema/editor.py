"""The schema published for editors' JSON language services (`flowlint schema`, the VS Code
extension's `jsonValidation`): the combined schema (`combined`) made to report what flowlint
reports and nothing it does not.

- Each widget type's `properties` gets `additionalProperties: false`, so a misspelt or unknown
  property is reported, as flowlint's `unknown-property` does (not for `permissive` types,
  known by name only).
- Constraints flowlint reports only as warnings (`x-flowlint-severity: warning`, UNCONFIRMED
  facts) are dropped: an editor shows every schema failure alike, as an error. Their `enum`
  stays as `examples`, so editors still offer the values.
"""

from __future__ import annotations

from typing import Any

from flowlint.model.catalog import widget_types
from flowlint.schema.combined import combined_schema

_KEPT_IN_WARNINGS = ("description", "title", "examples", "default")


def _soften(node: Any) -> Any:
    """`node` with every warning-level subschema reduced to its annotations."""
    if isinstance(node, list):
        return [_soften(item) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("x-flowlint-severity") == "warning":
        kept = {key: node[key] for key in _KEPT_IN_WARNINGS if key in node}
        if isinstance(node.get("enum"), list):
            kept.setdefault("examples", node["enum"])
        return kept
    return {key: _soften(value) for key, value in node.items()}


def editor_schema() -> dict[str, Any]:
    """The whole-definition schema for editors (see the module docstring)."""
    schema = combined_schema()
    definitions = schema["definitions"]
    for name, known in widget_types().items():
        widget = _soften(definitions[name])
        block = widget.get("properties", {}).get("properties")
        if isinstance(block, dict) and not known.extra.get("permissive"):
            block["additionalProperties"] = False
        definitions[name] = widget
    return schema
