"""Turn a concrete flow (a Console export) into a template: each account-specific value of a
profile, inside a JSON string, becomes its `${NAME}`.

Only string values of at least `MIN_LENGTH` characters count as account-specific (SIDs, URLs,
domains, phone numbers): a short value such as `voice` or a number would match text that has
nothing to do with the environment. Everything else is kept byte for byte, and a literal `${`
already in a string is written `$${` (Terraform's escape), so rendering the template with the
same profile gives back the original file exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flowlint.templates.profiles import Profile
from flowlint.templates.render import in_string

MIN_LENGTH = 8

_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*+"')
"""The rest of a JSON string after its opening quote, closing quote included."""


def account_values(profile: Profile) -> dict[str, str]:
    """Value → placeholder name for the profile's account-specific values (the first name,
    in table order, when two share a value)."""
    found: dict[str, str] = {}
    for name, entry in profile.entries.items():
        if isinstance(entry.value, str) and len(entry.value) >= MIN_LENGTH:
            found.setdefault(entry.value, name)
    return found


@dataclass
class Templatized:
    text: str
    replaced: dict[str, int] = field(default_factory=dict)
    """Placeholder name → how many literals became it."""


def templatize(text: str, profile: Profile) -> Templatized:
    """`text` with the profile's literal values replaced by their placeholders."""
    escaped = {in_string(value): name for value, name in account_values(profile).items()}
    result = Templatized(text)
    alternatives = sorted(escaped, key=len, reverse=True)
    literal = re.compile("|".join([r"\$\{", *(re.escape(value) for value in alternatives)]))

    def in_literal(match: re.Match[str]) -> str:
        found = match.group()
        if found == "${":
            return "$${"
        name = escaped[found]
        result.replaced[name] = result.replaced.get(name, 0) + 1
        return f"${{{name}}}"

    def in_json_string(string: str) -> str:
        return literal.sub(in_literal, string)

    result.text = _each_json_string(text, in_json_string)
    return result


def _each_json_string(text: str, replace: Callable[[str], str]) -> str:
    """`text` with each JSON string (quotes included) replaced by `replace(string)`, in one
    pass: an unterminated string ends the scan, where a pattern searched from every quote
    would try again from each escaped quote inside it (time quadratic in its length)."""
    pieces: list[str] = []
    index = 0
    while (start := text.find('"', index)) >= 0:
        rest = _STRING_REST.match(text, start + 1)
        if rest is None:
            break
        pieces += [text[index:start], replace(text[start : rest.end()])]
        index = rest.end()
    pieces.append(text[index:])
    return "".join(pieces)
