"""Baselines: accept the findings a project already has, and fail only on new ones.

`--write-baseline FILE` records every current finding; `--baseline FILE` then hides the
findings it records. Entries are matched by fingerprint (see `flowlint.run.fingerprints`): rule,
file (relative to the baseline file's folder), widget, a pointer that names the widget instead
of its index, and the message with numbers blanked. Reformatting a file or moving widgets
does not bring old findings back. Entries that match nothing are reported as
`unused-baseline-entry` and dropped when the baseline is rewritten.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flowlint import __version__
from flowlint.diagnostics import Diagnostic, Position, Range, Severity
from flowlint.engine.linter import FileResult, Linter
from flowlint.engine.settings import ConfigError
from flowlint.run.atomic import write_atomically
from flowlint.run.fingerprints import fingerprint, normalised_path, stable_pointer
from flowlint.source.text import LineIndex
from flowlint.source.tree import parse_json

FORMAT_VERSION = 1
UNUSED_ENTRY = "unused-baseline-entry"


@dataclass(frozen=True)
class BaselineEntry:
    path: str
    rule: str
    code: str
    widget: str | None
    pointer: str
    message: str
    fingerprint: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "rule": self.rule,
            "code": self.code,
            "widget": self.widget,
            "pointer": self.pointer,
            "message": self.message,
            "fingerprint": self.fingerprint,
        }


@dataclass
class Baseline:
    path: Path
    entries: list[BaselineEntry] = field(default_factory=list)
    text: str = ""
    """The file as read, to point unused entries at their line."""

    @property
    def folder(self) -> Path:
        return Path(os.path.abspath(self.path)).parent


@dataclass
class BaselineOutcome:
    hidden: int
    """Findings the baseline accepted (removed from the results)."""
    unused: list[int]
    """Indices of entries that matched no finding in the files checked."""


def relative_to_baseline(report_path: str, folder: Path) -> str:
    """A reported path as the baseline stores it: relative to the baseline's folder."""
    if report_path.startswith("<"):  # <stdin>
        return report_path
    absolute = os.path.abspath(report_path)
    try:
        return normalised_path(os.path.relpath(absolute, folder))
    except ValueError:  # another drive on Windows
        return normalised_path(absolute)


def entry_for(diagnostic: Diagnostic, folder: Path) -> BaselineEntry:
    path = relative_to_baseline(diagnostic.path, folder)
    return BaselineEntry(
        path=path,
        rule=diagnostic.rule,
        code=diagnostic.code,
        widget=diagnostic.widget,
        pointer=stable_pointer(diagnostic),
        message=diagnostic.message,
        fingerprint=fingerprint(diagnostic, path),
    )


def read_baseline(path: Path, *, missing_ok: bool = False) -> Baseline:
    """Read a baseline file; a mistake in it is a ConfigError (exit status 2)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if missing_ok:
            return Baseline(path)
        raise ConfigError(
            f"baseline {path} does not exist (create it with --write-baseline {path})"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(f"cannot read baseline {path}: {reason}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"baseline {path} is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise ConfigError(
            f"baseline {path} is not a flowlint baseline (expected an object with `entries`)"
        )
    entries = []
    for number, raw in enumerate(document["entries"]):
        try:
            entries.append(
                BaselineEntry(
                    path=str(raw["path"]),
                    rule=str(raw["rule"]),
                    code=str(raw.get("code", "")),
                    widget=raw.get("widget"),
                    pointer=str(raw.get("pointer", "")),
                    message=str(raw.get("message", "")),
                    fingerprint=str(raw["fingerprint"]),
                )
            )
        except (KeyError, TypeError, AttributeError):
            raise ConfigError(
                f"baseline {path}: entry {number + 1} lacks `path`, `rule` or `fingerprint`"
            ) from None
    return Baseline(path, entries, text)


def check_baseline_target(path: Path) -> None:
    """`--write-baseline` replaces only a flowlint baseline: a file that does not exist yet, or
    one whose JSON object carries `flowlint_baseline`. Anything else (a README, a flow, a
    folder) is refused before the run, with a ConfigError (exit status 2)."""
    if not os.path.lexists(path):
        return
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        document = None
    if not isinstance(document, dict) or "flowlint_baseline" not in document:
        raise ConfigError(
            f"refusing to overwrite {path} with a baseline: it is not a flowlint baseline "
            "(a JSON object with `flowlint_baseline`); remove it or name another file"
        )


def apply_baseline(baseline: Baseline, results: list[FileResult]) -> BaselineOutcome:
    """Remove accepted findings from `results`. Each entry accepts one finding, so a second
    copy of a recorded problem is still reported."""
    available: Counter[str] = Counter(entry.fingerprint for entry in baseline.entries)
    used: Counter[str] = Counter()
    hidden = 0
    for result in results:
        kept = []
        for diagnostic in result.diagnostics:
            key = fingerprint(diagnostic, relative_to_baseline(diagnostic.path, baseline.folder))
            if used[key] < available[key]:
                used[key] += 1
                hidden += 1
            else:
                kept.append(diagnostic)
        result.diagnostics = kept
    unused: list[int] = []
    for index, entry in enumerate(baseline.entries):
        if used[entry.fingerprint] > 0:
            used[entry.fingerprint] -= 1
        else:
            unused.append(index)
    return BaselineOutcome(hidden, unused)


def unused_entries_result(
    baseline: Baseline, outcome: BaselineOutcome, results: list[FileResult], linter: Linter
) -> FileResult | None:
    """`unused-baseline-entry` findings, located at each entry in the baseline file. Only
    entries about files checked in this run (or deleted since) are stale: a run on part of
    the project says nothing about the rest."""
    if not linter.is_enabled(UNUSED_ENTRY) or not outcome.unused:
        return None
    checked = checked_paths(baseline, results)
    rule = linter.registry.by_name[UNUSED_ENTRY]
    severity = linter.severities.get(UNUSED_ENTRY, Severity.WARNING)
    tree = parse_json(baseline.text).tree
    lines = LineIndex(baseline.text)
    report_path = str(baseline.path)
    result = FileResult(report_path, text=baseline.text)
    for index in outcome.unused:
        entry = baseline.entries[index]
        deleted = not (baseline.folder / entry.path).exists()
        if entry.path not in checked and not deleted:
            continue
        span = (0, 0)
        if tree is not None:  # at the entry's message, the line a reader recognises
            span = (
                tree.value_span(("entries", index, "message"))
                or tree.value_span(("entries", index))
                or (0, 0)
            )
        start, end = lines.line_column(span[0]), lines.line_column(span[1])
        widget = f" on widget '{entry.widget}'" if entry.widget else ""
        reason = "the file no longer exists" if deleted else "no finding matches it any more"
        result.diagnostics.append(
            Diagnostic(
                path=report_path,
                code=rule.code,
                rule=rule.name,
                severity=severity,
                message=(
                    f"baseline entry for {entry.rule}{widget} in {entry.path}: {reason} "
                    f"(fixed?); rewrite the baseline with --write-baseline to drop it"
                ),
                widget=None,
                pointer=("entries", index),
                range=Range(Position(*start), Position(*end)),
                start_offset=span[0],
                end_offset=span[1],
            )
        )
    return result if result.diagnostics else None


def checked_paths(baseline: Baseline, results: list[FileResult]) -> set[str]:
    """The files of this run, spelt as the baseline spells them."""
    return {
        relative_to_baseline(result.path, baseline.folder)
        for result in results
        if result.error is None
    }


def entries_outside_run(baseline: Baseline, results: list[FileResult]) -> list[BaselineEntry]:
    """Entries about files this run did not check (and that still exist): a rewrite keeps
    them, so updating the baseline from a run on part of the project loses nothing."""
    checked = checked_paths(baseline, results)
    return [
        entry
        for entry in baseline.entries
        if entry.path not in checked and (baseline.folder / entry.path).exists()
    ]


def write_baseline(
    path: Path, results: list[FileResult], keep: list[BaselineEntry] | None = None
) -> int:
    """Record every finding of `results` (plus the `keep` entries) in `path`, atomically;
    returns the entry count."""
    folder = Path(os.path.abspath(path)).parent
    entries = [
        entry_for(diagnostic, folder)
        for result in results
        for diagnostic in result.diagnostics
        if diagnostic.rule != UNUSED_ENTRY
    ]
    entries.extend(keep or [])
    entries.sort(key=lambda entry: (entry.path, entry.rule, entry.pointer, entry.fingerprint))
    document = {
        "flowlint_baseline": FORMAT_VERSION,
        "flowlint_version": __version__,
        "entries": [entry.to_json() for entry in entries],
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, text)
    return len(entries)
