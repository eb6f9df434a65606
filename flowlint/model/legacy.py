"""Recognising pre-v2 Studio exports, so that they get one finding instead of a flood.

Flows saved before Studio's v2 definition format carry marks no v2 export has: transitions
with a `uuid`, `next` holding a widget SID (`FF` + 32 hex digits) instead of a widget name,
and widget types spelt with capitals (`Gather`, `SendMessage`). Checked against today's
schemas, every widget of such a file fails; one clear `legacy-definition-format` finding says
what the file is and how to get a current export.
"""

import re
from typing import NamedTuple

from flowlint.model.flow import Flow

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
