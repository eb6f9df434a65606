"""What kind of file this is: a raw definition, a Flow resource, a list page, or none of these.

Studio flows reach a repository in several shapes:
- a raw definition (`states`, `initial_state`, `flags`, `description`), as the Console exports it;
- a Flow resource as the REST API returns it (v1 or v2 fetch output, definition under
  `definition`), or a FlowRevision resource;
- a list page (`{"flows": [...], "meta": {...}}`, or `revisions`), each entry a Flow resource;
- a TestUsers resource (`{"sid": "FW…", "test_users": [...]}`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from flowlint.model.build import build_flow
from flowlint.model.flow import Flow
from flowlint.source.pointer import Pointer


class DocumentKind(enum.Enum):
    DEFINITION = "definition"
    FLOW_RESOURCE = "flow-resource"
    LIST_PAGE = "list-page"
    TEST_USERS = "test-users"
    NOT_A_FLOW = "not-a-flow"


_RESOURCE_KEYS = frozenset(
    {
        "sid",
        "friendly_name",
        "status",
        "revision",
        "account_sid",
        "date_created",
        "url",
        "commit_message",
    }
)


@dataclass(eq=False)
class Document:
    """A classified file: its kind, the flows it holds, and the resources around them."""

    kind: DocumentKind
    value: Any
    flows: list[Flow] = field(default_factory=list)
    resources: list[tuple[Pointer, dict[str, Any]]] = field(default_factory=list)
    """Flow/revision resources (pointer, object) whose metadata rules may check."""
    reason: str = ""
    """For NOT_A_FLOW: why the file was not recognised."""


def looks_like_definition(value: Any) -> bool:
    return isinstance(value, dict) and ("states" in value or "initial_state" in value)


def _is_resource(value: Any) -> bool:
    return isinstance(value, dict) and "definition" in value and bool(_RESOURCE_KEYS & value.keys())


def classify(value: Any) -> Document:
    """Classify a decoded JSON value and build the flows it contains."""
    if looks_like_definition(value):
        return Document(DocumentKind.DEFINITION, value, flows=[build_flow(value, ())])
    if _is_resource(value):
        document = Document(DocumentKind.FLOW_RESOURCE, value, resources=[((), value)])
        _add_resource_flow(document, (), value)
        return document
    if isinstance(value, dict):
        for list_key in ("flows", "revisions"):
            entries = value.get(list_key)
            if isinstance(entries, list) and (
                "meta" in value or any(_is_resource(entry) for entry in entries)
            ):
                document = Document(DocumentKind.LIST_PAGE, value)
                for index, entry in enumerate(entries):
                    if _is_resource(entry):
                        document.resources.append(((list_key, index), entry))
                        _add_resource_flow(document, (list_key, index), entry)
                return document
        if "test_users" in value:
            return Document(DocumentKind.TEST_USERS, value)
        return Document(
            DocumentKind.NOT_A_FLOW,
            value,
            reason="an object without `states`/`initial_state` (a definition), `definition` "
            "(a Flow resource) or `flows` (a list page)",
        )
    kind = "an array" if isinstance(value, list) else "a scalar value"
    return Document(DocumentKind.NOT_A_FLOW, value, reason=f"{kind}, not an object")


def _add_resource_flow(document: Document, pointer: Pointer, resource: dict[str, Any]) -> None:
    definition = resource.get("definition")
    if isinstance(definition, str):
        # Some clients keep the definition as a JSON string; we cannot point inside it.
        return
    if not isinstance(definition, dict):
        return
    label = resource.get("friendly_name") or resource.get("sid")
    document.flows.append(
        build_flow(
            definition, (*pointer, "definition"), label=label if isinstance(label, str) else None
        )
    )
