"""Where a subflow's contract is written, across the files of a project.

Two kinds of names tie a parent flow to its subflow (docs/projects.md):
- an **output**: a key the subflow's set-variables sets, which the parent reads back as
  `{{widgets.<run-subflow widget>.<key>}}` (and the subflow itself as `flow.variables.<key>`);
- a **parameter**: a key of the parent's run-subflow `parameters`, which the subflow reads as
  `{{trigger.parent.parameters.<key>}}`.

`contract_at` finds the name under the cursor; `contract_sites` every place that writes it, in
the subflow and in every flow of the project's folders (and open buffer) that runs the subflow,
each with its span in that file's current text. Files are read from the open buffer when there
is one, else from disk; parses are cached per text.
"""

from __future__ import annotations

import enum
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flowlint.liquid.references import LiquidReference
from flowlint.lsp.liquid_locations import LiquidUse, liquid_uses
from flowlint.model.documents import Document, classify
from flowlint.model.flow import Flow, Widget
from flowlint.project.discovery import MAX_FLOW_BYTES, META_SUFFIX
from flowlint.project.model import FlowFacts, Project
from flowlint.source.pointer import Pointer
from flowlint.source.tree import JsonTree, parse_json

Span = tuple[int, int]


class ContractKind(enum.Enum):
    OUTPUT = "output"
    PARAMETER = "parameter"


@dataclass(frozen=True)
class Contract:
    """One output or parameter name of one subflow (the file at `subflow_path`)."""

    kind: ContractKind
    subflow_path: str
    names: tuple[str, ...]
    """What a parent's `flow_sid` may say to run it: its SIDs (one per account) and the
    template placeholders that name it (a file mentioning none of these is not read)."""
    key: str


@dataclass(frozen=True)
class ContractSite:
    """A place that writes a contract's key."""

    path: str
    span: Span
    """A JSON string with its quotes, or a Liquid segment as written (a bracketed key with
    its brackets)."""
    declaration: bool
    """Where the key is given a value: a set-variables entry (output) or a run-subflow
    `parameters` entry (parameter)."""
    liquid: bool
    bracketed: bool = False

    @property
    def name_span(self) -> Span:
        """The characters of the key itself (inside quotes or brackets)."""
        start, end = self.span
        if self.liquid:
            return (start + 2, end - 2) if self.bracketed else (start, end)
        return start + 1, end - 1


@dataclass
class ParsedFile:
    """A flow file as parsed for navigation."""

    path: str
    text: str
    tree: JsonTree
    document: Document
    _answers: dict[tuple[object, ...], list[LiquidUse]] = field(default_factory=dict)

    def uses_of(
        self, index: int, flow: Flow, question: tuple[object, ...], wanted: Wanted
    ) -> list[LiquidUse]:
        """The Liquid paths of the flow that are `wanted` (the answer to `question`, kept),
        located: the other flows of a project need only a few of theirs, and locating every
        path of 20 large flows takes a second."""
        key = (index, *question)
        found = self._answers.get(key)
        if found is None:
            found = self._answers[key] = liquid_uses(self.tree, flow, wanted)
        return found


Wanted = Callable[[LiquidReference], bool]

TextSource = Callable[[str], str | None]
"""The text of the file at an absolute path: the open buffer, else the file, else None."""


MAX_CACHED_TEXT = 32_000_000
"""Characters of flow text whose parses the cache keeps: a parse takes about 15 times its
text in memory, so a project of many large flows would otherwise keep every one of them for
the whole session. Beyond it, the least recently used parses are dropped (and redone on the
next request that needs them)."""


class ParseCache:
    """Parsed flow files by path and text (texts are compared by identity first, then by
    value: a buffer's text object changes with every edit), least recently used first out
    once the texts add up to more than `limit` characters."""

    def __init__(self, limit: int = MAX_CACHED_TEXT) -> None:
        self._lock = threading.Lock()
        self._limit = limit
        self._entries: OrderedDict[str, tuple[str, ParsedFile | None]] = OrderedDict()
        self._size = 0

    def parse(self, path: str, text: str) -> ParsedFile | None:
        with self._lock:
            known = self._entries.get(path)
            if known is not None and (known[0] is text or known[0] == text):
                self._entries.move_to_end(path)
                return known[1]
        parsed = parse_json(text)
        result = None
        if parsed.tree is not None:
            document = classify(parsed.tree.value)
            if document.flows:
                result = ParsedFile(path, text, parsed.tree, document)
        with self._lock:
            self._forget(path)
            self._entries[path] = (text, result)
            self._size += len(text)
            while self._size > self._limit and len(self._entries) > 1:
                self._forget(next(iter(self._entries)))
        return result

    def __len__(self) -> int:
        return len(self._entries)

    def _forget(self, path: str) -> None:
        dropped = self._entries.pop(path, None)
        if dropped is not None:
            self._size -= len(dropped[0])


PARSES = ParseCache()


def disk_text(path: str) -> str | None:
    """A file's text, or None when it is missing, too large or not UTF-8."""
    try:
        if os.path.getsize(path) > MAX_FLOW_BYTES:
            return None
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


# -- the name under the cursor -------------------------------------------------------------------


def contract_at(parsed: ParsedFile, offset: int, project: Project) -> Contract | None:
    """The output or parameter key at `offset` of `parsed`, if it names one of a subflow in
    the project."""
    pointer, _ = parsed.tree.node_at(offset)
    for index, flow in enumerate(parsed.document.flows):
        widget = next((w for w in flow.widgets if pointer[: len(w.pointer)] == w.pointer), None)
        if widget is None:
            continue
        # Only the paths of the widget under the cursor are located.
        question = ("widget", widget.index)
        for use in parsed.uses_of(index, flow, question, _in_widget(widget)):
            if not use.span[0] <= offset <= use.span[1]:
                continue
            found = _contract_of_use(parsed, flow, use, offset, project)
            if found is not None:
                return found
        found = _contract_of_key(parsed, flow, pointer, project)
        if found is not None:
            return found
    return None


def _contract(kind: ContractKind, subflow: FlowFacts, key: str, project: Project) -> Contract:
    placeholders = [
        name for name, path in project.placeholder_flows.items() if path == subflow.path
    ]
    sids = [sid for sid in [subflow.sid, *subflow.other_sids] if sid]
    return Contract(kind, subflow.path, (*sids, *placeholders), key)


def _in_widget(widget: Widget) -> Wanted:
    def wanted(reference: LiquidReference) -> bool:
        return reference.widget is widget

    return wanted


def _segment_at(use: LiquidUse, index: int, offset: int) -> str | None:
    if index >= len(use.segment_spans) or not isinstance(use.segments[index], str):
        return None
    start, end = use.segment_spans[index]
    return str(use.segments[index]) if start <= offset <= end else None


def _contract_of_use(
    parsed: ParsedFile, flow: Flow, use: LiquidUse, offset: int, project: Project
) -> Contract | None:
    segments = use.segments
    if use.root == "widgets":
        key = _segment_at(use, 2, offset)
        widget = flow.widgets_by_name.get(str(segments[1])) if key else None
        subflow = project.subflow_of(widget) if widget is not None else None
        if key and subflow is not None:
            return _contract(ContractKind.OUTPUT, subflow, key, project)
        return None
    this = project.flow_at(parsed.path)
    if this is None:
        return None
    if use.root == "flow" and segments[1:2] == ("variables",):
        key = _segment_at(use, 2, offset)
        if key and this.incoming_parent_wired and key in this.variables_set:
            return _contract(ContractKind.OUTPUT, this, key, project)
    if use.root == "trigger" and segments[1:3] == ("parent", "parameters"):
        key = _segment_at(use, 3, offset)
        if key:
            return _contract(ContractKind.PARAMETER, this, key, project)
    return None


def _contract_of_key(
    parsed: ParsedFile, flow: Flow, pointer: Pointer, project: Project
) -> Contract | None:
    """A set-variables `key` (output) of a subflow, or a run-subflow `parameters` key."""
    for widget in flow.widgets:
        if widget.type == "set-variables":
            for index, key in _keys(widget, "variables"):
                if pointer == widget.property_pointer("variables", index, "key"):
                    this = project.flow_at(parsed.path)
                    if this is not None:
                        return _contract(ContractKind.OUTPUT, this, key, project)
        elif widget.type == "run-subflow":
            for index, key in _keys(widget, "parameters"):
                if pointer == widget.property_pointer("parameters", index, "key"):
                    subflow = project.subflow_of(widget)
                    if subflow is not None:
                        return _contract(ContractKind.PARAMETER, subflow, key, project)
    return None


def _keys(widget: Widget, property_name: str) -> Iterator[tuple[int, str]]:
    """The string `key` of each entry of a list property (`variables`, `parameters`)."""
    entries = widget.properties.get(property_name)
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        key = entry.get("key") if isinstance(entry, dict) else None
        if isinstance(key, str) and key:
            yield index, key


# -- every place of a name -------------------------------------------------------------------------


@dataclass
class SiteSearch:
    """The sites of a contract, and what a rename must know besides."""

    sites: list[ContractSite]
    taken: set[str]
    """Keys the new name must not be: other outputs the subflow sets, or other parameters
    passed to it or read by it."""
    unreadable: list[str]
    """Files that run the subflow (or are it) but are not a valid flow right now."""


def candidate_paths(
    project: Project, here: str, open_paths: list[str], walked: list[str]
) -> list[str]:
    """The files that may run a subflow: the project's flows, the `.json` files of the
    project root (`walked`), and those (on disk or open) of the folders of the project's flows
    and of `here`."""
    folders = {os.path.dirname(facts.path) for facts in project.flows}
    folders.add(os.path.dirname(here))
    found = {facts.path for facts in project.flows}
    found.update(walked)
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith(".json") and not name.endswith(META_SUFFIX):
                found.add(os.path.join(folder, name))
    # Open buffers not saved yet; those of other folders belong to other projects (a second
    # copy of the repository runs the same SIDs).
    found.update(
        path
        for path in open_paths
        if path.endswith(".json") and os.path.isabs(path) and os.path.dirname(path) in folders
    )
    return sorted(found)


def contract_sites(
    contract: Contract, candidates: list[str], read: TextSource, project: Project
) -> SiteSearch:
    search = SiteSearch([], set(), [])
    for path in candidates:
        is_subflow = os.path.abspath(path) == contract.subflow_path
        text = read(path)
        if text is None or not (is_subflow or any(name in text for name in contract.names)):
            continue
        parsed = PARSES.parse(path, text)
        if parsed is None:
            search.unreadable.append(path)
            continue
        for index, flow in enumerate(parsed.document.flows):
            if is_subflow:
                _subflow_sites(parsed, index, flow, contract, search)
            _parent_sites(parsed, index, flow, contract, search, project)
    search.sites.sort(key=lambda site: (site.path, site.span))
    return search


def _reads(*prefix: str) -> Callable[[LiquidReference], bool]:
    """Whether a reference's path starts with `prefix`."""
    count = len(prefix)

    def wanted(reference: LiquidReference) -> bool:
        return tuple(reference.segments[:count]) == prefix

    return wanted


def _string_site(parsed: ParsedFile, pointer: Pointer, declaration: bool) -> ContractSite | None:
    span = parsed.tree.value_span(pointer)
    return ContractSite(parsed.path, span, declaration, liquid=False) if span else None


def _liquid_site(parsed: ParsedFile, use: LiquidUse, index: int) -> ContractSite:
    return ContractSite(
        parsed.path, use.segment_spans[index], False, liquid=True, bracketed=use.bracketed[index]
    )


def _subflow_sites(
    parsed: ParsedFile, index: int, flow: Flow, contract: Contract, search: SiteSearch
) -> None:
    key = contract.key
    if contract.kind is ContractKind.OUTPUT:
        for widget in flow.widgets:
            if widget.type != "set-variables":
                continue
            for position, name in _keys(widget, "variables"):
                if name != key:
                    search.taken.add(name)
                    continue
                pointer = widget.property_pointer("variables", position, "key")
                site = _string_site(parsed, pointer, declaration=True)
                if site is not None:
                    search.sites.append(site)
    if contract.kind is ContractKind.OUTPUT:
        wanted = _reads("flow", "variables", key)
    else:
        wanted = _reads("trigger", "parent", "parameters")
    question = ("subflow", contract.kind, key)
    for use in parsed.uses_of(index, flow, question, wanted):
        segments = use.segments
        if contract.kind is ContractKind.OUTPUT:
            if use.root == "flow" and segments[1:3] == ("variables", key):
                search.sites.append(_liquid_site(parsed, use, 2))
        elif use.root == "trigger" and segments[1:3] == ("parent", "parameters"):
            if len(segments) > 3 and segments[3] == key:
                search.sites.append(_liquid_site(parsed, use, 3))
            elif len(segments) > 3 and isinstance(segments[3], str):
                search.taken.add(segments[3])


def _parent_sites(
    parsed: ParsedFile,
    index: int,
    flow: Flow,
    contract: Contract,
    search: SiteSearch,
    project: Project,
) -> None:
    runners = set()
    for widget in flow.widgets:
        subflow = project.subflow_of(widget)
        if subflow is not None and subflow.path == contract.subflow_path:
            runners.add(widget.name)
    if not runners:
        return
    key = contract.key
    if contract.kind is ContractKind.PARAMETER:
        for widget in flow.widgets:
            if widget.name not in runners or widget.type != "run-subflow":
                continue
            for position, name in _keys(widget, "parameters"):
                if name != key:
                    search.taken.add(name)
                    continue
                pointer = widget.property_pointer("parameters", position, "key")
                site = _string_site(parsed, pointer, declaration=True)
                if site is not None:
                    search.sites.append(site)
        return

    def wanted(reference: LiquidReference) -> bool:
        return (
            reference.root == "widgets"
            and reference.segment(1) in runners
            and reference.segment(2) == key
        )

    question = ("parent", key, *sorted(name for name in runners if name))
    for use in parsed.uses_of(index, flow, question, wanted):
        segments = use.segments
        if use.root == "widgets" and segments[2:3] == (key,) and segments[1] in runners:
            search.sites.append(_liquid_site(parsed, use, 2))
