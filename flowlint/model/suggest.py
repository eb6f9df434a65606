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
