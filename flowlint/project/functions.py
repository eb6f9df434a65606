"""Reading a Twilio Serverless project: the Functions under `functions/`, the URL path each is
served at, and, where the source makes it evident, the `event` fields it reads and the keys of
the object it returns.

The layout is the one the Twilio CLI's serverless plugin creates and deploys: a `package.json`
(its `name` is the service's unique name, so its domain is `<name>-NNNN[-<env>].twil.io`), a
`functions/` folder whose files are served at their path without the extension
(`functions/sms/reply.protected.js` at `/sms/reply`), and `.twiliodeployinfo` after a deploy.

Best effort, with regular expressions rather than a JavaScript parser:
- `event.X` and `event['X']` reads are found anywhere in the file, so a read in dead code or a
  comment counts, and a read through another name (`const { X } = event`, `e = event; e.X`)
  is found only in the destructuring form;
- the response keys are known only when every `callback(null, …)` passes an object literal
  `{ a: …, b, 'c': … }` without spreads or nested braces; anything else (a variable, a
  `Twilio.Response`, `setBody`) makes the response unknown and nothing is checked.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from flowlint.diagnostics import Position, Range
from flowlint.project.model import FunctionFacts, Place, url_path_of, url_service_of
from flowlint.source.text import LineIndex

FUNCTION_SUFFIXES = (".protected.js", ".private.js", ".js")
"""Longest first: `a.protected.js` is served at `/a`."""
__all__ = ["read_functions", "serverless_folder", "service_name", "url_path_of", "url_service_of"]

_EVENT_READ = re.compile(r"\bevent\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*['\"]([^'\"]+)['\"]\s*\])")
_EVENT_DESTRUCTURE = re.compile(r"\{([^{}]*)\}\s*=\s*event\b")
_CALLBACK = re.compile(r"\bcallback\s*\(\s*null\s*,\s*")
_OBJECT_KEY = re.compile(r"^\s*(?:([A-Za-z_$][\w$]*)|'([^']*)'|\"([^\"]*)\")\s*(?::|$)")
MAX_SOURCE_BYTES = 1_000_000
"""A Function source larger than this is not read (no facts, no findings)."""


def serverless_folder(root: Path, near: list[Path] | None = None) -> Path | None:
    """The folder holding a Serverless project: one with a `functions/` folder and a
    `package.json` or `.twiliodeployinfo`, looked for in `root`, its direct children, and the
    folders from each of `near` (the checked files' folders) up to `root`."""
    candidates = [root, *sorted(child for child in _children(root) if child.is_dir())]
    for folder in near or []:
        if not folder.is_relative_to(root):
            continue
        for ancestor in (folder, *folder.parents):
            if ancestor not in candidates:
                candidates.append(ancestor)
            if ancestor == root:
                break
    for folder in candidates:
        if (folder / "functions").is_dir() and (
            (folder / "package.json").is_file() or (folder / ".twiliodeployinfo").is_file()
        ):
            return folder
    return None


def _children(root: Path) -> list[Path]:
    try:
        return [child for child in root.iterdir() if not child.name.startswith(".")]
    except OSError:
        return []


def service_name(folder: Path) -> str | None:
    """package.json's `name`, the service's unique name by default."""
    try:
        value = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = value.get("name") if isinstance(value, dict) else None
    return name.strip().lower() if isinstance(name, str) and name.strip() else None


def read_functions(folder: Path) -> list[FunctionFacts]:
    """Every Function under `folder/functions`, sorted by URL path."""
    functions_dir = folder / "functions"
    found: list[FunctionFacts] = []
    for source in sorted(functions_dir.rglob("*.js")):
        if "node_modules" in source.parts or not source.is_file():
            continue
        relative = source.relative_to(functions_dir).as_posix()
        suffix = next(s for s in FUNCTION_SUFFIXES if relative.endswith(s))
        try:
            if source.stat().st_size > MAX_SOURCE_BYTES:
                continue
            text = source.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        lines = LineIndex(text)
        where = str(source.absolute())

        def place(span: tuple[int, int], lines: LineIndex = lines, where: str = where) -> Place:
            start, end = (Position(*lines.line_column(offset)) for offset in span)
            return Place(where, Range(start, end), span[0], span[1])

        callback = _CALLBACK.search(text)
        found.append(
            FunctionFacts(
                path=where,
                url_path="/" + relative[: -len(suffix)],
                place=place((0, 0)),
                event_reads={name: place(span) for name, span in event_reads(text).items()},
                response_keys=response_keys(text),
                response_place=place(callback.span()) if callback else None,
            )
        )
    return found


def event_reads(source: str) -> dict[str, tuple[int, int]]:
    """The `event` fields the source reads, each with the span of its first read."""
    names: dict[str, tuple[int, int]] = {}
    for match in _EVENT_READ.finditer(source):
        name = match.group(1) or match.group(2)
        if name:
            names.setdefault(name, match.span())
    for match in _EVENT_DESTRUCTURE.finditer(source):
        for part in match.group(1).split(","):
            name = part.split(":", 1)[0].split("=", 1)[0].strip()
            if re.fullmatch(r"[A-Za-z_$][\w$]*", name):
                names.setdefault(name, match.span())
    return names


def response_keys(source: str) -> frozenset[str] | None:
    """The keys of the object every `callback(null, {...})` returns, or None when not evident."""
    keys: set[str] = set()
    calls = list(_CALLBACK.finditer(source))
    if not calls:
        return None
    for call in calls:
        start = call.end()
        if not source.startswith("{", start):
            return None
        close = source.find("}", start)
        body = source[start + 1 : close] if close > 0 else None
        if body is None or "{" in body or "..." in body:
            return None
        for part in _split_top_level(body):
            if not part.strip():
                continue
            match = _OBJECT_KEY.match(part)
            if match is None:
                return None
            keys.add(next(group for group in match.groups() if group is not None))
    return frozenset(keys)


def _split_top_level(body: str) -> list[str]:
    """Object literal members split on commas outside brackets, parentheses and strings."""
    parts: list[str] = []
    depth = 0
    quote: str | None = None
    current: list[str] = []
    for char in body:
        if quote:
            current.append(char)
            if char == quote:
                quote = None
            continue
        if char in "'\"`":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts
