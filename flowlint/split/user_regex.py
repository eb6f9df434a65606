"""Compiling and running the regular expressions users write in split conditions, safely.

A flow is untrusted input: a `regex` condition such as `(a+)+$` backtracks for ages on a
long value, and a linter must answer in bounded time on any file. Matching uses the `regex`
package rather than the standard `re`, for two reasons:

- `re` cannot be interrupted (its matcher holds the GIL, so a watchdog thread never gets to
  run), while `regex` takes a `timeout` and raises `TimeoutError` from inside the matcher;
- Studio's patterns follow the Java/PCRE family: `\\p{L}`, possessive quantifiers and atomic
  groups are valid there and in `regex`, but `\\p{...}` is an error for `re`, which would turn
  valid conditions into false `invalid-regex` findings.

Sizes are capped as well, so even a pattern that is slow to compile stays cheap. `regex` is
imported only when a flow has a regex condition.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MAX_PATTERN_LENGTH = 2_000
MAX_SUBJECT_LENGTH = 10_000
MATCH_TIMEOUT_SECONDS = 0.05
"""Per match; a pattern that needs longer on a short literal is itself a problem."""


class PatternError(ValueError):
    """The pattern does not compile; `offset` is where the engine stopped, if it says."""

    def __init__(self, message: str, offset: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str) -> Any:
    """Compile a Studio regex condition (case-insensitive). Raises PatternError."""
    import regex

    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(f"the pattern is longer than {MAX_PATTERN_LENGTH} characters", None)
    try:
        return regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)
    except regex.error as error:
        position = getattr(error, "pos", None)
        message = getattr(error, "msg", None) or str(error)
        raise PatternError(message, position if isinstance(position, int) else None) from None


_RESULTS: dict[tuple[str, str], bool | None] = {}
_RESULTS_LIMIT = 4096
_SLOW_PATTERNS: set[str] = set()
"""Patterns that ran out of time once: never run again in this process, so a split with many
such patterns costs one timeout per pattern, not one per comparison."""


def matches_whole(pattern: str, subject: str) -> bool | None:
    """Whether `pattern` matches all of `subject` (Studio's regex semantics); None when that
    cannot be decided in bounded time (bad pattern, oversized input, timeout, or a pattern
    that timed out before). Answers are remembered."""
    if len(subject) > MAX_SUBJECT_LENGTH or pattern in _SLOW_PATTERNS:
        return None
    key = (pattern, subject)
    if key in _RESULTS:
        return _RESULTS[key]
    try:
        compiled = compile_pattern(pattern)
    except PatternError:
        return None
    try:
        answer: bool | None = compiled.fullmatch(subject, timeout=MATCH_TIMEOUT_SECONDS) is not None
    except TimeoutError:
        _SLOW_PATTERNS.add(pattern)
        return None
    if len(_RESULTS) >= _RESULTS_LIMIT:
        _RESULTS.clear()
    _RESULTS[key] = answer
    return answer


def clear_caches() -> None:
    """Forget compiled patterns, answers and slow patterns (benchmarks and tests)."""
    compile_pattern.cache_clear()
    _RESULTS.clear()
    _SLOW_PATTERNS.clear()
