"""The typed flow model rules look at: Flow, Widget, Transition, Condition.

Built by `flowlint.model.build` from a decoded JSON value. Every object keeps the JSON Pointer of
the node it came from, so a rule reports a model object and the engine finds the exact range.
Malformed input never raises here: a field with the wrong JSON type is recorded as a
`StructureProblem` and the field reads as absent.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from flowlint.source.pointer import Pointer, format_pointer


class StructureProblem(NamedTuple):
    """A part of the definition whose JSON type makes it unusable (e.g. `states` is a string)."""

    pointer: Pointer
    message: str
    widget: str | None = None


@dataclass(eq=False, repr=False)
class Condition:
    """One condition of a split-based-on `match` transition."""

    transition: "Transition"
    index: int
    pointer: Pointer
    data: dict[str, Any]

    @property
    def type(self) -> str | None:
        value = self.data.get("type")
        return value if isinstance(value, str) else None

    @property
    def value(self) -> Any:
        return self.data.get("value")

    @property
    def friendly_name(self) -> str | None:
        value = self.data.get("friendly_name")
        return value if isinstance(value, str) else None

    @property
    def arguments(self) -> list[Any]:
        value = self.data.get("arguments")
        return value if isinstance(value, list) else []

    def __repr__(self) -> str:
        return f"Condition({self.type!r} {self.value!r})"


@dataclass(eq=False, repr=False)
class Transition:
    """An entry of a widget's `transitions`: when `event` happens, go to widget `next`."""

    widget: "Widget"
    index: int
    pointer: Pointer
    data: dict[str, Any]
    event: str | None
    next: str | None
    """The target widget name; None when `next` is absent, null or empty (the branch ends)."""
    conditions: list[Condition] = field(default_factory=list)

    @property
    def event_pointer(self) -> Pointer:
        return (*self.pointer, "event")

    @property
    def next_pointer(self) -> Pointer:
        return (*self.pointer, "next")

    def __repr__(self) -> str:
        return f"Transition({self.widget.label!r} --{self.event}--> {self.next!r})"


@dataclass(eq=False, repr=False)
class Widget:
    """One entry of `states`."""

    flow: "Flow"
    index: int
    pointer: Pointer
    data: dict[str, Any]
    name: str | None
    type: str | None
    properties: dict[str, Any]
    transitions: list[Transition] = field(default_factory=list)
    derived: dict[str, Any] = field(default_factory=dict, repr=False)
    """Results analyses compute once per widget (e.g. its Liquid strings). They live on the
    widget so they are freed with it; a module-level WeakKeyDictionary would keep every widget
    alive forever, because its values refer back to their keys."""

    @property
    def name_pointer(self) -> Pointer:
        return (*self.pointer, "name")

    @property
    def type_pointer(self) -> Pointer:
        return (*self.pointer, "type")

    @property
    def properties_pointer(self) -> Pointer:
        return (*self.pointer, "properties")

    def property_pointer(self, key: str, *rest: str | int) -> Pointer:
        return (*self.pointer, "properties", key, *rest)

    @property
    def label(self) -> str:
        """How messages name the widget: its name, else its position."""
        return self.name if self.name is not None else f"states[{self.index}]"

    def __repr__(self) -> str:
        return f"Widget({self.label!r}, {self.type!r})"


@dataclass(eq=False, repr=False)
class Flow:
    """A flow definition: the envelope plus its widgets.

    `pointer` is where the definition sits in the file: `()` for a raw definition,
    `("definition",)` for a Flow resource, `("flows", 3, "definition")` in a list page.
    """

    pointer: Pointer
    data: dict[str, Any]
    label: str | None = None
    """A name for reports when the file holds several flows (friendly name or SID)."""
    widgets: list[Widget] = field(default_factory=list)
    initial_state: str | None = None
    problems: list[StructureProblem] = field(default_factory=list)
    derived: dict[str, Any] = field(default_factory=dict, repr=False)
    """Results analyses compute once per flow (execution order, Liquid references, schema
    findings), freed with the flow (see `Widget.derived`)."""

    @cached_property
    def legacy(self) -> "LegacySigns | None":
        """The marks of a pre-v2 export, or None for a current definition. Rules about names
        and transitions skip legacy flows, which get one `legacy-definition-format` finding."""
        return legacy_signs(self)

    @cached_property
    def widgets_by_name(self) -> dict[str, Widget]:
        """Widgets by name; with duplicate names the first one wins (as a `next` would resolve)."""
        by_name: dict[str, Widget] = {}
        for widget in self.widgets:
            if widget.name is not None and widget.name not in by_name:
                by_name[widget.name] = widget
        return by_name

    @property
    def description(self) -> str | None:
        value = self.data.get("description")
        return value if isinstance(value, str) else None

    @property
    def states_pointer(self) -> Pointer:
        return (*self.pointer, "states")

    @property
    def initial_state_pointer(self) -> Pointer:
        return (*self.pointer, "initial_state")

    def transitions(self) -> list[Transition]:
        return [transition for widget in self.widgets for transition in widget.transitions]

    def __repr__(self) -> str:
        return f"Flow({len(self.widgets)} widgets, at {format_pointer(self.pointer) or '/'})"


# Recognising pre-v2 Studio exports, so that they get one finding instead of a flood.
#
# Flows saved before Studio's v2 definition format carry marks no v2 export has: transitions
# with a `uuid`, `next` holding a widget SID (`FF` + 32 hex digits) instead of a widget name,
# and widget types spelt with capitals (`Gather`, `SendMessage`). Checked against today's
# schemas, every widget of such a file fails; one clear `legacy-definition-format` finding says
# what the file is and how to get a current export.

_WIDGET_SID = re.compile(r"FF[0-9a-fA-F]{32}")


class LegacySigns(NamedTuple):
    """The pre-v2 marks found in one flow."""

    capitalised_types: list[str]
    uuid_transitions: int
    sid_targets: list[str]

    def describe(self) -> str:
        parts = []
        if self.capitalised_types:
            shown = ", ".join(f"'{name}'" for name in self.capitalised_types[:3])
            parts.append(f"widget types such as {shown}")
        if self.uuid_transitions:
            parts.append(f"{self.uuid_transitions} transition(s) with a `uuid`")
        if self.sid_targets:
            parts.append(f"`next` holding widget SIDs such as '{self.sid_targets[0]}'")
        return ", ".join(parts)


def legacy_signs(flow: Flow) -> LegacySigns | None:
    """The pre-v2 marks of `flow`, or None when it looks like a current export.

    A `uuid` on a transition or a widget SID in `next` is enough; capitalised types alone
    count only when there are several and they make up at least half of the widgets (one
    `Say-Play` is a typo for `unknown-widget-type` to report, with its suggestion).
    """
    capitalised: list[str] = []
    typed = 0
    uuids = 0
    targets: list[str] = []
    for widget in flow.widgets:
        if widget.type is not None:
            typed += 1
            if widget.type[:1].isupper() and widget.type not in capitalised:
                capitalised.append(widget.type)
        for transition in widget.transitions:
            if "uuid" in transition.data:
                uuids += 1
            if transition.next is not None and _WIDGET_SID.fullmatch(transition.next):
                targets.append(transition.next)
    capitalised_count = sum(
        1 for widget in flow.widgets if widget.type is not None and widget.type[:1].isupper()
    )
    many_capitalised = capitalised_count >= 2 and capitalised_count * 2 >= typed
    if not (uuids or targets or many_capitalised):
        return None
    return LegacySigns(capitalised, uuids, targets)
