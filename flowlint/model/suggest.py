"""'Did you mean …?' suggestions for misspelt names."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate closest to `word`, if any is close enough (case-insensitive first)."""
    pool = list(candidates)
    lowered = {candidate.lower(): candidate for candidate in pool}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return lowered[word.lower()]
    import difflib  # imported when a name is misspelt, not by every run

    matches = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """A ` (did you mean 'x'?)` suffix, or an empty string."""
    match = closest(word, candidates, cutoff)
    return f"; did you mean '{match}'?" if match else ""


MAX_COMPARISONS = 100_000
"""Name comparisons one `Suggester` makes before it stops suggesting (about a second)."""


class Suggester:
    """`did_you_mean` over one fixed set of names, many times: each call compares the word
    with every name, so a flow with thousands of misspelt targets among thousands of widgets
    would take time growing with the square of its size; past `MAX_COMPARISONS` the messages
    simply come without a suggestion."""

    def __init__(self, candidates: Iterable[str]) -> None:
        self.candidates = list(candidates)
        self.comparisons_left = MAX_COMPARISONS

    def did_you_mean(self, word: str, cutoff: float = 0.6) -> str:
        if self.comparisons_left < len(self.candidates):
            return ""
        self.comparisons_left -= len(self.candidates)
        return did_you_mean(word, self.candidates, cutoff)
