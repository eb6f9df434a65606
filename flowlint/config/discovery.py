"""Where the configuration comes from: `--config PATH`, or the nearest of `.flowlint.toml`,
`flowlint.toml` and `pyproject.toml` (with a `[tool.flowlint]` table) from the working
directory upward."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from flowlint.engine.settings import ConfigError

CONFIG_FILE_NAMES = (".flowlint.toml", "flowlint.toml", "pyproject.toml")
"""Looked for in this order in each folder; the first folder that has one wins."""


class ConfigFile(NamedTuple):
    """A configuration file and its flowlint table."""

    path: Path
    table: dict[str, Any]
    section: str
    """How messages name the table: `[tool.flowlint]` in pyproject.toml, empty otherwise."""

    def describe(self, key: str = "") -> str:
        """`pyproject.toml: [tool.flowlint] select` style label for messages and provenance."""
        where = display_path(self.path)
        inside = " ".join(part for part in (self.section, key) if part)
        return f"{where}: {inside}" if inside else where


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is below it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _parse(path: Path) -> dict[str, Any]:
    import tomllib  # only runs that have a configuration file pay for the TOML parser

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"cannot read configuration file {display_path(path)}: {exc.strerror or exc}"
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{display_path(path)}: not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{display_path(path)}: not valid TOML: {exc}") from None


def _flowlint_table(path: Path, document: dict[str, Any]) -> dict[str, Any] | None:
    tool = document.get("tool")
    if not isinstance(tool, dict) or "flowlint" not in tool:
        return None
    table = tool["flowlint"]
    if not isinstance(table, dict):
        raise ConfigError(f"{display_path(path)}: [tool.flowlint] must be a table")
    return table


def read_config_file(path: Path) -> ConfigFile:
    """Read a configuration file named with `--config`: a pyproject.toml must have a
    `[tool.flowlint]` table; any other file holds the keys at its top level."""
    path = path.resolve() if path.exists() else path
    document = _parse(path)
    if path.name == "pyproject.toml":
        table = _flowlint_table(path, document)
        if table is None:
            raise ConfigError(f"{display_path(path)} has no [tool.flowlint] table")
        return ConfigFile(path, table, "[tool.flowlint]")
    return ConfigFile(path, document, "")


def _may_configure_flowlint(path: Path) -> bool:
    """Whether a pyproject.toml can hold a `[tool.flowlint]` table, judged from its text.

    Most projects' pyproject.toml does not configure flowlint, and parsing it would import the
    TOML parser (about 3 ms) in every run. The table can only be written as `tool.flowlint`
    (a header or a dotted key, quotes and spaces allowed), inside a `[tool]` table, or in an
    inline `tool = {...}`; a quoted key could also spell it with escapes. Files showing none
    of these are passed over; any doubt (or an unreadable file) means parsing it.
    """
    import re

    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True
    quote = "[\"']?"
    forms = (
        rf"tool{quote}\s*\.\s*{quote}flowlint",
        rf"\[\s*{quote}tool{quote}\s*\]",
        rf"\btool{quote}\s*=\s*\{{",
        r"\\[uU]",
    )
    return re.search("|".join(forms), text) is not None


def find_config_file(start: Path) -> ConfigFile | None:
    """The nearest configuration from `start` upward; a pyproject.toml without
    `[tool.flowlint]` does not count and the search goes on."""
    folder = start.resolve()
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_FILE_NAMES:
            candidate = candidate_folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and not _may_configure_flowlint(candidate):
                continue
            document = _parse(candidate)
            if name == "pyproject.toml":
                table = _flowlint_table(candidate, document)
                if table is None:
                    continue
                return ConfigFile(candidate, table, "[tool.flowlint]")
            return ConfigFile(candidate, document, "")
    return None
