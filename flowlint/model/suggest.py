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
        self._loose: dict[str, list[str]] | None = None

    def did_you_mean(self, word: str, cutoff: float = 0.6) -> str:
        if not self._spend():
            return ""
        return did_you_mean(word, self.candidates, cutoff)

    def loose_match(self, word: str) -> str | None:
        """`loose_match` over the candidates, by one dictionary lookup."""
        if self._loose is None:
            self._loose = {}
            for candidate in self.candidates:
                self._loose.setdefault(loose_key(candidate), []).append(candidate)
        matches = [name for name in self._loose.get(loose_key(word), []) if name != word]
        return matches[0] if len(matches) == 1 else None

    def single_close_match(self, word: str, cutoff: float = 0.6) -> str | None:
        """`single_close_match` over the candidates, within the same comparison budget."""
        loose = self.loose_match(word)
        if loose is not None or not self._spend():
            return loose
        return single_close_match(word, self.candidates, cutoff)

    def _spend(self) -> bool:
        """Take one word's comparisons from the budget; False once it is spent."""
        if self.comparisons_left < len(self.candidates):
            return False
        self.comparisons_left -= len(self.candidates)
        return True


def loose_key(name: str) -> str:
    """A name with case, `_`, `-` and spaces ignored: `getDynamicsToken`, `Get_Dynamics_Token`
    and `get-dynamics-token` all give `getdynamicstoken`."""
    return "".join(character for character in name.lower() if character not in "_- ")


def loose_match(word: str, candidates: Iterable[str]) -> str | None:
    """The one candidate that differs from `word` only in case, `_`, `-` or spaces; None when
    none does or several do (then no guess is certain)."""
    key = loose_key(word)
    matches = {candidate for candidate in candidates if loose_key(candidate) == key}
    matches.discard(word)
    return matches.pop() if len(matches) == 1 else None


CLEAR_MARGIN = 0.15
"""How much closer (difflib ratio, 0 to 1) the best name must be than the next one for a fix
to pick it: `goodby` → `goodbye` (0.92) over `goodbye_retry` (0.63), but not `send_1` over
`send_2`."""


def single_close_match(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The one clearly closest candidate, for a fix (which must not pick between two plausible
    names): a loose match first, else the only difflib match above `cutoff` or one that beats
    the next by `CLEAR_MARGIN`."""
    pool = [candidate for candidate in candidates if candidate != word]
    loose = loose_match(word, pool)
    if loose is not None:
        return loose
    if any(loose_key(candidate) == loose_key(word) for candidate in pool):
        return None  # several loose matches: ambiguous
    import difflib

    matcher = difflib.SequenceMatcher(b=word)
    scored = []
    for candidate in pool:
        matcher.set_seq1(candidate)
        ratio = matcher.ratio()
        if ratio >= cutoff:
            scored.append((ratio, candidate))
    scored.sort(reverse=True)
    if len(scored) == 1 or (len(scored) > 1 and scored[0][0] - scored[1][0] >= CLEAR_MARGIN):
        return scored[0][1]
    return None
