"""Environment profiles: `[tool.flowlint.environments.<name>]` tables of placeholder values.

A value is a TOML string, number or boolean, or `{ env = "VARIABLE" }` to read it from an
environment variable when the configuration is loaded (`{ env = "VARIABLE", default = ... }`
falls back to the default when the variable is unset). An unset variable is only an error for
the environment a command uses (`--env`), and the error names it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flowlint.model.suggest import did_you_mean
from flowlint.templates.render import Value


class ProfileError(ValueError):
    """A mistake in an environments table, or an environment that cannot be used; the
    configuration loader turns it into a configuration error (exit status 2)."""


@dataclass(frozen=True)
class ProfileEntry:
    """One placeholder's value in one environment."""

    value: Value | None
    """None: it comes from an environment variable that is not set."""
    variable: str | None = None
    """The environment variable the value comes from, if any."""
    defaulted: bool = False
    """That variable is unset and the value is the entry's `default`."""

    def shown(self) -> str:
        """The value as TOML would write it, or why there is none."""
        if self.value is None:
            return f"(unset: ${self.variable} is not set)"
        if isinstance(self.value, str):
            return json.dumps(self.value, ensure_ascii=False)
        return str(self.value).lower() if isinstance(self.value, bool) else str(self.value)


@dataclass(frozen=True)
class Profile:
    name: str
    entries: dict[str, ProfileEntry] = field(default_factory=dict)

    def values(self) -> dict[str, Value]:
        """The values to render with; raises `ProfileError` naming an unset variable."""
        unset = [
            f"${{{name}}} reads the environment variable {entry.variable}, which is not set"
            for name, entry in self.entries.items()
            if entry.value is None
        ]
        if unset:
            raise ProfileError(
                f"environment '{self.name}': {'; '.join(unset)} "
                "(set it, or give the entry a `default`)"
            )
        return {
            name: entry.value for name, entry in self.entries.items() if entry.value is not None
        }


def parse_profiles(
    table: Any, where: str, environ: Mapping[str, str] | None = None
) -> dict[str, Profile]:
    """The profiles of an `environments` table; `where` labels errors (`pyproject.toml:
    [tool.flowlint] environments`)."""
    environ = os.environ if environ is None else environ
    if not isinstance(table, dict):
        raise ProfileError(f"{where}: expected a table of environments (name → table of values)")
    profiles = {}
    for name, entries in table.items():
        if not isinstance(entries, dict):
            raise ProfileError(f"{where}.{name}: expected a table of placeholder → value")
        profile = Profile(name)
        for key, raw in entries.items():
            profile.entries[key] = _entry(raw, f"{where}.{name}.{key}", environ)
        profiles[name] = profile
    return profiles


def _entry(raw: Any, where: str, environ: Mapping[str, str]) -> ProfileEntry:
    if isinstance(raw, str | int | float | bool):
        return ProfileEntry(raw)
    expected = 'a string, number or boolean, or { env = "VARIABLE" } (optionally with `default`)'
    if not isinstance(raw, dict) or not isinstance(raw.get("env"), str) or not raw["env"]:
        raise ProfileError(f"{where}: expected {expected}, got {raw!r}")
    unknown = set(raw) - {"env", "default"}
    if unknown:
        raise ProfileError(f"{where}: unknown key '{sorted(unknown)[0]}' (expected {expected})")
    variable = raw["env"]
    if variable in environ:
        return ProfileEntry(environ[variable], variable)
    default = raw.get("default")
    if default is not None and not isinstance(default, str | int | float | bool):
        raise ProfileError(f"{where}.default: expected a string, number or boolean")
    return ProfileEntry(default, variable, defaulted=default is not None)


def chosen_values(profiles: Mapping[str, Profile], name: str) -> dict[str, Value]:
    """The values of the environment `--env` names; a `ProfileError` when there is no such
    environment or one of its variables is unset."""
    if not profiles:
        raise ProfileError(
            f"--env {name}: no environments are configured (add a "
            f"[tool.flowlint.environments.{name}] table, see docs/environments.md)"
        )
    profile = profiles.get(name)
    if profile is None:
        raise ProfileError(
            f"--env {name}: no environment is named '{name}'{did_you_mean(name, list(profiles))} "
            f"(configured: {', '.join(profiles)})"
        )
    return profile.values()
