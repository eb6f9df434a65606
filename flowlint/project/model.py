"""What rules see of the project: facts about each flow and Function, with positions.

Everything here is plain data (picklable), since the project is found once in the main process
and handed to every worker process that lints files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flowlint.diagnostics import Range, RelatedLocation

if TYPE_CHECKING:
    from flowlint.model.flow import Widget


FLOW_SID = re.compile(r"^FW[0-9a-fA-F]{32}$")
"""A Studio Flow SID (as `flowlint.twilio.sid`, which sits in a layer above this one)."""


def is_flow_sid(value: object) -> bool:
    return isinstance(value, str) and FLOW_SID.match(value) is not None


_WHOLE_PLACEHOLDER = re.compile(r"^\$\{(?P<name>[^{}$]+)\}$")
"""A `flow_sid` that is one template placeholder, `${SUBFLOW_SID}` (docs/environments.md)."""


def placeholder_name(value: str) -> str | None:
    """`SUBFLOW_SID` for `${SUBFLOW_SID}`, None for anything else."""
    match = _WHOLE_PLACEHOLDER.match(value.strip())
    return match.group("name").strip() if match else None


_FUNCTION_URL = re.compile(
    r"^https://(?P<service>[a-z0-9-]+?)-\d{4}(?:-[a-z0-9]+)?\.twil\.io(?P<path>/\S*)$"
)
"""A Twilio Serverless URL: `https://<service>-NNNN[-<environment>].twil.io/<path>`."""


def url_path_of(url: str) -> str | None:
    """The path a `*.twil.io` Function URL calls (`/lookup`), or None for other URLs."""
    match = _FUNCTION_URL.match(url.strip())
    if match is None:
        return None
    return match.group("path").split("?", 1)[0].rstrip("/") or "/"


def url_service_of(url: str) -> str | None:
    """The service name of a `*.twil.io` URL (`acme-ivr` in `https://acme-ivr-1234.twil.io/x`)."""
    match = _FUNCTION_URL.match(url.strip())
    return match.group("service") if match else None


@dataclass(frozen=True)
class Place:
    """A range in another file of the project (`path` is absolute)."""

    path: str
    range: Range
    start_offset: int
    end_offset: int

    def note(self, message: str) -> RelatedLocation:
        """This place as a related location of a finding, with `message`."""
        return RelatedLocation(message, self.range, self.start_offset, self.end_offset, self.path)


@dataclass(frozen=True)
class VariableSet:
    """A key a set-variables widget of a subflow sets (what the parent reads back)."""

    key: str
    widget: str
    place: Place


@dataclass(frozen=True)
class ParameterRead:
    """A `trigger.parent.parameters.<key>` a subflow reads."""

    key: str
    widget: str
    place: Place
    handles_empty: bool
    """Every read of the key copes with an empty value (`| default: …`, an `{% if %}` test)."""


@dataclass(frozen=True)
class NestedSubflow:
    """A run-subflow widget inside a flow (error 81024 when that flow runs as a subflow)."""

    widget: str
    place: Place


@dataclass
class FlowFacts:
    """One flow of the project and the facts its callers depend on."""

    path: str
    """Absolute path of the file."""
    sid: str | None
    friendly_name: str | None
    digest: str
    """SHA-256 of the file's bytes (part of every dependent file's cache key)."""
    trigger: Place | None = None
    incoming_parent_wired: bool = False
    """The trigger has an `incomingParent` transition to a widget: it can run as a subflow."""
    parameters_read: dict[str, ParameterRead] = field(default_factory=dict)
    reads_every_parameter: bool = False
    """It reads `trigger.parent.parameters` whole (e.g. `| to_json`): any key may be used."""
    variables_set: dict[str, VariableSet] = field(default_factory=dict)
    nested_subflows: list[NestedSubflow] = field(default_factory=list)
    source: str = "resource"
    """What named it: `config` ([tool.flowlint.flows]), `pull` (a metadata file) or
    `resource` (a Flow resource file's own `sid`)."""
    other_sids: list[str] = field(default_factory=list)
    """Its SIDs in other accounts: one flow is deployed once per environment, with a SID
    each (several `[tool.flowlint.flows]` keys, or an environment profile's values)."""

    @property
    def label(self) -> str:
        """How messages name the flow: its friendly name, else its file's name."""
        import os

        return f"'{self.friendly_name}'" if self.friendly_name else os.path.basename(self.path)


@dataclass(frozen=True)
class FunctionFacts:
    """A Function of the repository's Serverless project, as far as its source makes evident."""

    path: str
    """Absolute path of the source file."""
    url_path: str
    """The path it is served at, e.g. `/lookup` for functions/lookup.protected.js."""
    place: Place
    event_reads: dict[str, Place]
    """`event.X` and `event['X']` the source reads, each at its first read."""
    response_keys: frozenset[str] | None
    """The keys of the object it returns when every `callback(null, …)` passes an object
    literal with plain keys; None when the response is not evident from the source."""
    response_place: Place | None = None
    """Its first `callback(null, …)`."""


@dataclass
class Project:
    """The flows and Functions flowlint knows of in this repository."""

    flows: list[FlowFacts] = field(default_factory=list)
    functions: list[FunctionFacts] = field(default_factory=list)
    service_names: frozenset[str] = frozenset()
    """Serverless service names (package.json `name`) whose `<name>-NNNN.twil.io` URLs are the
    repository's own Functions; empty when no Serverless project was found."""
    has_serverless: bool = False
    placeholder_flows: dict[str, str] = field(default_factory=dict)
    """Template placeholder → path of the flow it names in every environment (`${CHILD_SID}`
    in a run-subflow widget): from `"${CHILD_SID}" = "flows/child.json"` in
    `[tool.flowlint.flows]`, or from a profile whose value is a project flow's SID."""
    placeholder_sids: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Template placeholder → (environment, Flow SID) for the profile values that are Flow
    SIDs (the active environment's only, with `--env`): what FL951 quotes."""
    fingerprint: str = ""
    """Changes whenever any fact a file's findings may depend on changes (cache key)."""
    _by_sid: dict[str, FlowFacts] = field(default_factory=dict, repr=False)
    _by_path: dict[str, FlowFacts] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for facts in self.flows:
            for sid in [facts.sid, *facts.other_sids]:
                if sid:
                    self._by_sid.setdefault(sid, facts)
            self._by_path.setdefault(facts.path, facts)

    @property
    def knows_flows(self) -> bool:
        """Some run-subflow widget may resolve to a project flow (by SID or placeholder)."""
        return bool(self._by_sid) or bool(self.placeholder_flows)

    @property
    def maps_flows(self) -> bool:
        """Flows were named on purpose (configuration or `flowlint pull`), not merely found
        as Flow resource files: then a SID the project lacks is worth a hint."""
        return any(facts.source != "resource" for facts in self.flows)

    def flow_for_sid(self, sid: str) -> FlowFacts | None:
        """The project flow with this SID, or None."""
        return self._by_sid.get(sid.strip())

    def flow_at(self, path: str) -> FlowFacts | None:
        """The project flow in the file at `path` (any spelling of it), or None."""
        import os

        return self._by_path.get(os.path.abspath(path))

    def subflow_of(self, widget: Widget) -> FlowFacts | None:
        """The project flow a run-subflow widget runs, or None (not run-subflow, or unknown)."""
        if widget.type != "run-subflow":
            return None
        sid = widget.properties.get("flow_sid")
        return self.flow_for_reference(sid) if isinstance(sid, str) else None

    def flow_for_reference(self, value: str) -> FlowFacts | None:
        """The project flow a `flow_sid` names: a Flow SID (any environment's), or a
        `${NAME}` template placeholder that names a project flow (see `placeholder_flows`)."""
        name = placeholder_name(value)
        if name is None:
            return self.flow_for_sid(value)
        path = self.placeholder_flows.get(name)
        return self._by_path.get(path) if path is not None else None

    def function_for_url(self, url: str) -> FunctionFacts | None:
        """The repository's Function a run-function URL names, or None."""
        path = url_path_of(url)
        if path is None:
            return None
        for function in self.functions:
            if function.url_path == path:
                return function
        return None
