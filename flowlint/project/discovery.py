"""Finding the flows of the project and what names them.

Three sources, first one wins for a file:
1. `[tool.flowlint.flows]` in the configuration: a SID or a friendly name → a file;
2. what `flowlint pull` writes: `<name>.json` beside `<name>.meta.json`, which carries the SID
   and the friendly name (`flowlint.twilio.local_copy`), in the folders of the checked files
   and of the mapped files;
3. Flow resource files (`sid`, `friendly_name`, `definition`, as the REST API returns a flow)
   among the `.json` files of those folders.

A file none of these names is checked alone, as before. A file whose SID is not a valid Flow
SID (`FW` and 32 hex digits) is not part of the project: placeholders such as `FWxxxx` in
test data name no real flow.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from flowlint.project.facts import read_flow_facts
from flowlint.project.functions import read_functions, serverless_folder, service_name
from flowlint.project.model import FlowFacts, Project, is_flow_sid

META_SUFFIX = ".meta.json"
"""`flowlint pull` writes `<name>.json` and `<name>.meta.json` (see
`flowlint.twilio.local_copy`, in a layer above this one: its layout is restated here)."""

MAX_FLOW_BYTES = 5 * 1024 * 1024
"""Files larger than this are not read as project flows (Studio's own limit is 1 MB)."""


def discover_project(
    root: Path, checked: Iterable[str], flows_map: dict[str, Path] | None = None
) -> Project | None:
    """The project around the `checked` files (paths as given), or None when there is none:
    no flow with a known SID or name, and no Serverless project under `root`."""
    flows_map = flows_map or {}
    folders: dict[str, Path] = {}
    for path in [*checked, *map(str, flows_map.values())]:
        if path == "-":
            continue
        folder = Path(path).absolute().parent
        folders.setdefault(str(folder), folder)
    found: dict[str, FlowFacts] = {}
    for key, mapped in flows_map.items():
        sid = key if is_flow_sid(key) else None
        _add(found, mapped, sid=sid, friendly_name=None if sid else key, source="config")
    for folder in folders.values():
        _add_pulled(found, folder)
    for folder in folders.values():
        _add_resources(found, folder)
    flows = [facts for facts in found.values() if facts.sid or facts.friendly_name]
    root = root.absolute()
    serverless = serverless_folder(root, [folder for folder in folders.values()])
    functions = read_functions(serverless) if serverless is not None else []
    if not flows and serverless is None:
        return None
    name = service_name(serverless) if serverless is not None else None
    project = Project(
        flows=sorted(flows, key=lambda facts: facts.path),
        functions=functions,
        service_names=frozenset([name] if name else []),
        has_serverless=serverless is not None,
    )
    project.fingerprint = _fingerprint(project)
    return project


def _add(
    found: dict[str, FlowFacts],
    path: Path,
    *,
    sid: str | None,
    friendly_name: str | None,
    source: str,
) -> None:
    key = str(path.absolute())
    if key in found:
        return
    data = _read(path)
    if data is None:
        return
    facts = read_flow_facts(key, data, sid=sid, friendly_name=friendly_name)
    if facts is None:
        return
    if facts.sid is not None and not is_flow_sid(facts.sid):
        facts.sid = None
    facts.source = source
    found[key] = facts


def _add_pulled(found: dict[str, FlowFacts], folder: Path) -> None:
    """The flows `flowlint pull` wrote in `folder`: each metadata file that names its
    definition file (`definition_file` = `<name>.json`, with its SHA-256) and a Flow SID."""
    import json
    import re

    try:
        metadata_files = sorted(folder.glob("*" + META_SUFFIX))
    except OSError:
        return
    for path in metadata_files:
        name = path.name[: -len(META_SUFFIX)]
        try:
            metadata = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(metadata, dict) or metadata.get("definition_file") != f"{name}.json":
            continue
        digest, sid = metadata.get("definition_sha256"), metadata.get("sid")
        if not isinstance(digest, str) or re.fullmatch(r"[0-9a-f]{64}", digest) is None:
            continue
        if not is_flow_sid(sid):
            continue
        friendly = metadata.get("friendly_name")
        _add(
            found,
            folder / f"{name}.json",
            sid=sid,
            friendly_name=friendly if isinstance(friendly, str) else None,
            source="pull",
        )


def _add_resources(found: dict[str, FlowFacts], folder: Path) -> None:
    try:
        candidates = sorted(folder.glob("*.json"))
    except OSError:
        return
    for path in candidates:
        if str(path.absolute()) in found or path.name.endswith(META_SUFFIX):
            continue
        data = _read(path)
        # Cheap test first: most files are bare definitions, read once more by the linter.
        if data is None or b'"definition"' not in data or b'"sid"' not in data:
            continue
        facts = read_flow_facts(str(path.absolute()), data)
        if facts is not None and facts.sid is not None and is_flow_sid(facts.sid):
            found[facts.path] = facts


def _read(path: Path) -> bytes | None:
    try:
        if not path.is_file() or path.stat().st_size > MAX_FLOW_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _fingerprint(project: Project) -> str:
    digest = hashlib.sha256()
    for facts in project.flows:
        digest.update(
            f"{facts.path}\0{facts.sid}\0{facts.friendly_name}\0{facts.digest}\n".encode()
        )
    for function in project.functions:
        digest.update(
            f"{function.path}\0{sorted(function.event_reads.items())}\0"
            f"{sorted(function.response_keys) if function.response_keys is not None else None}\n".encode()
        )
    digest.update(f"{sorted(project.service_names)}\0{project.has_serverless}".encode())
    return digest.hexdigest()[:24]


def relative_to_cwd(path: str) -> str:
    """A project path as the command line spells the checked files (relative when inside)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith(os.pardir) else relative
