"""What the schema pass hands to the rules in `rules/schema/`: findings, and the names of the
rules they belong to.

Kept apart from `mapping` (which words findings, and imports what wording needs) so that loading
the schema rules, and a pass over a valid flow, import only this small module.
"""

from typing import NamedTuple

from flowlint.diagnostics import Severity
from flowlint.source.pointer import Pointer

# The rule names, as the rules in rules/schema/ declare them.
LEGACY_FORMAT = "legacy-definition-format"
UNKNOWN_WIDGET_TYPE = "unknown-widget-type"
MISSING_REQUIRED = "missing-required-property"
INVALID_TYPE = "invalid-property-type"
INVALID_ENUM = "invalid-enum-value"
UNKNOWN_PROPERTY = "unknown-property"
INVALID_SID = "invalid-sid"
LIQUID_NOT_ALLOWED = "liquid-not-allowed"
OUT_OF_RANGE = "value-out-of-range"
SCHEMA_VIOLATION = "schema-violation"


class SchemaFinding(NamedTuple):
    """What one schema rule will report."""

    rule: str
    pointer: Pointer
    """Absolute pointer in the file."""
    message: str
    widget: str | None = None
    severity: Severity | None = None
    """WARNING for UNCONFIRMED facts; None means the rule's own severity."""
    on_key: bool = False
    keyword: str = ""
    """The JSON Schema keyword behind the finding (empty for flowlint's own checks)."""
    missing: str = ""
    """For `required`: the missing property."""
    expected: str = ""
    """For `type`: the one JSON type the schema wants (`string`, `integer`, `boolean`, ...),
    empty when it allows several."""
    declared: tuple[str, ...] = ()
    """For unknown properties: the properties the widget's type declares."""
