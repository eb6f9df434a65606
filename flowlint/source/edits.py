"""Edits, fixes and their applicability; applying non-overlapping fixes to a text."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from itertools import pairwise
from typing import Any, NamedTuple


class Applicability(enum.Enum):
    """How sure a fix is, in ruff's sense.

    - `safe`: the fix keeps the intended meaning with certainty, and it cannot change how a
      flow that Twilio accepts behaves: `check --fix` applies it;
    - `unsafe`: it changes behaviour (usually the point: a setting Studio ignored starts to
      apply), or it rests on a guess: applied only with `--unsafe-fixes`;
    - `display`: only offered in the editor, never applied by the command line (it leaves a
      blank for the author to fill in).
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY = "display"


class Edit(NamedTuple):
    """Replace the characters `start` to `end` (end exclusive, character offsets into the
    decoded text) with `text`. An insertion has `start == end`."""

    start: int
    end: int
    text: str


class Fix(NamedTuple):
    """What a rule proposes for one finding: edits applied together, all or none."""

    title: str
    """Imperative and specific, e.g. `Change 'send_reply' to 'send_replies'`."""
    edits: tuple[Edit, ...]
    applicability: Applicability
    isolated: bool = False
    """Applied only in a pass where no other fix applies: for fixes whose correctness depends
    on the rest of the flow (removing widgets, adding a property), which another fix in the
    same pass could invalidate (e.g. a `next` repaired to point at a widget being removed)."""

    def span(self) -> tuple[int, int]:
        """From the first edited character to the last."""
        return min(edit.start for edit in self.edits), max(edit.end for edit in self.edits)

    def applies(self, unsafe: bool) -> bool:
        """Whether the command line applies it (with `--unsafe-fixes` when `unsafe`)."""
        if self.applicability is Applicability.SAFE:
            return True
        return unsafe and self.applicability is Applicability.UNSAFE

    def to_plain(self) -> list[Any]:
        """As lists and strings, for the results cache."""
        return [
            self.title,
            self.applicability.value,
            [[edit.start, edit.end, edit.text] for edit in self.edits],
            self.isolated,
        ]

    @classmethod
    def from_plain(cls, raw: list[Any]) -> Fix:
        title, applicability, edits, isolated = raw
        return cls(
            title, tuple(Edit(*edit) for edit in edits), Applicability(applicability), isolated
        )


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    # Touching spans count as overlapping: two insertions at one offset, or a removal next
    # to a rename, could otherwise merge into text neither fix meant.
    start, end = span
    return any(start <= other_end and other_start <= end for other_start, other_end in taken)


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """Apply the fixes that do not overlap an earlier one (in the given order); returns the
    new text and the fixes applied. The rest wait for the next pass, when they are recomputed
    on the new text. An isolated fix is applied alone, and only when no other fix is left."""
    candidates = [fix for fix in fixes if fix.edits]
    shared = [fix for fix in candidates if not fix.isolated]
    if not shared:
        shared = candidates[:1]
    chosen: list[Fix] = []
    taken: list[tuple[int, int]] = []
    for fix in shared:
        if not fix.edits:
            continue
        edits = sorted(fix.edits)
        if any(first.end > second.start for first, second in pairwise(edits)):
            continue  # a malformed fix (its own edits overlap): never apply it
        span = fix.span()
        if _overlaps(span, taken):
            continue
        chosen.append(fix)
        taken.append(span)
    edits = sorted((edit for fix in chosen for edit in fix.edits), reverse=True)
    pieces = []
    cursor = len(text)
    for edit in edits:
        pieces.append(text[edit.end : cursor])
        pieces.append(edit.text)
        cursor = edit.start
    pieces.append(text[:cursor])
    return "".join(reversed(pieces)), chosen
