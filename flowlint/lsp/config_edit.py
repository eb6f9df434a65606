"""Writing a per-widget ignore into the project configuration (the "ignore" code action).

The entry is appended as one more `[[tool.flowlint.per-widget-ignores]]` table (in
pyproject.toml) or `[[per-widget-ignores]]` table (in flowlint.toml / .flowlint.toml), the
format `flowlint.config` reads. Appending an array-of-tables entry keeps every other line of
the file as it was; the result is parsed before it is written, and nothing is written if it
would not be valid TOML (for example when the file already uses an inline
`per-widget-ignores = [...]` array).

The command's arguments come from the client, so the server never trusts the path in them:
`workspace_config_path` names the one file it may edit for a document (the configuration in
use when it lies inside the document's workspace folder, else a new flowlint.toml at that
folder's root), and a request for any other path is refused.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flowlint.run.atomic import write_atomically

NEW_CONFIG_NAME = "flowlint.toml"
CONFIG_NAMES = ("pyproject.toml", "flowlint.toml", ".flowlint.toml")


@dataclass(frozen=True)
class WidgetIgnoreRequest:
    """Silence `rule` for widget `widget` in the document `document_path`."""

    config_path: Path
    document_path: Path
    widget: str
    rule: str

    def to_arguments(self) -> dict[str, str]:
        return {
            "config": str(self.config_path),
            "document": str(self.document_path),
            "widget": self.widget,
            "rule": self.rule,
        }

    @classmethod
    def from_arguments(cls, arguments: object) -> WidgetIgnoreRequest | None:
        if isinstance(arguments, list) and len(arguments) == 1:
            arguments = arguments[0]
        if not isinstance(arguments, dict):
            return None
        values = [arguments.get(key) for key in ("config", "document", "widget", "rule")]
        if not all(isinstance(value, str) and value for value in values):
            return None
        config, document, widget, rule = (str(value) for value in values)
        return cls(Path(config), Path(document), widget, rule)


def _glob_literal(name: str) -> str:
    """`name` as an fnmatch pattern matching only itself."""
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def _toml_string(value: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def entry_text(request: WidgetIgnoreRequest) -> str:
    """The TOML table to append."""
    in_pyproject = request.config_path.name == "pyproject.toml"
    header = "tool.flowlint.per-widget-ignores" if in_pyproject else "per-widget-ignores"
    try:
        files = request.document_path.relative_to(request.config_path.parent).as_posix()
    except ValueError:
        files = request.document_path.as_posix()
    return (
        f"[[{header}]]\n"
        f"files = {_toml_string(_glob_literal(files))}\n"
        f"widget = {_toml_string(_glob_literal(request.widget))}\n"
        f"rules = [{_toml_string(request.rule)}]\n"
    )


class ConfigEditError(Exception):
    """The configuration could not be changed; the message says why."""


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path` lies in `folder`, links followed."""
    real_folder = os.path.realpath(folder)
    return os.path.commonpath([real_folder, os.path.realpath(path)]) == real_folder


def workspace_config_path(
    config_in_use: Path | None, document: Path, workspace_folders: Iterable[Path]
) -> Path | None:
    """The only configuration file an ignore for `document` may write: the configuration in
    use if it is inside the document's workspace folder, else flowlint.toml at that folder's
    root; None for a document outside every workspace folder."""
    folders = sorted(workspace_folders, key=lambda folder: len(str(folder)), reverse=True)
    folder = next((f for f in folders if document.is_absolute() and _inside(document, f)), None)
    if folder is None:
        return None
    if config_in_use is not None and _inside(config_in_use, folder):
        return config_in_use
    return folder / NEW_CONFIG_NAME


def check_request(request: WidgetIgnoreRequest, allowed: Path | None) -> None:
    """Refuse a request whose configuration path is not the one the server would write
    (`allowed`, from `workspace_config_path`). Raises ConfigEditError."""
    if allowed is None:
        raise ConfigEditError(
            f"refusing to edit {request.config_path}: {request.document_path} is not in a "
            "workspace folder"
        )
    asked = Path(os.path.abspath(request.config_path))
    if asked != Path(os.path.abspath(allowed)) or asked.name not in CONFIG_NAMES:
        raise ConfigEditError(
            f"refusing to edit {request.config_path}: the ignore command only edits the "
            f"workspace's configuration file ({allowed})"
        )
    if os.path.lexists(asked) and not os.path.isfile(asked):
        raise ConfigEditError(f"refusing to edit {asked}: it is not a regular file")


def append_widget_ignore(request: WidgetIgnoreRequest) -> str:
    """Append the ignore to the configuration file (creating it if needed); returns a
    message for the user."""
    path = request.config_path
    try:
        before = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigEditError(f"cannot read {path}: {exc}") from None
    if not before or before.endswith("\n\n"):
        separator = ""
    else:
        separator = "\n" if before.endswith("\n") else "\n\n"
    after = before + separator + entry_text(request)
    try:
        tomllib.loads(after)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigEditError(
            f"{path.name} would not be valid TOML with the new entry ({exc}); add it by hand"
        ) from None
    try:
        write_atomically(path, after)
    except OSError as exc:
        raise ConfigEditError(f"cannot write {path}: {exc}") from None
    return f"flowlint: {request.rule} is now ignored for widget '{request.widget}' ({path.name})"
