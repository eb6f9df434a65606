"""Finding the flows of the project and what names them.

Sources, the first one that names a file wins (later ones may add SIDs: one per account):
1. `[tool.flowlint.flows]` in the configuration: a SID, a friendly name or a template
   placeholder (`"${VERIFY_SID}"`) → a file; several SIDs may name one file;
2. what `flowlint pull` writes: `<name>.json` beside `<name>.meta.json`, which carries the SID
   and the friendly name (`flowlint.twilio.local_copy`);
3. Flow resource files (`sid`, `friendly_name`, `definition`, as the REST API returns a flow);
4. environment profiles: a placeholder whose value in some environment is a project flow's
   SID names that flow, and its values in the other environments are that flow's SIDs there.

Sources 2 and 3 are looked for in the folders of the checked and mapped files and among the
project's `.json` files the caller found by walking the project root
(`flowlint.run.project_sources`, which bounds that walk).

A file none of these names is checked alone, as before. A file whose SID is not a valid Flow
SID (`FW` and 32 hex digits) is not part of the project: placeholders such as `FWxxxx` in
test data name no real flow.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from flowlint.project.facts import read_flow_facts
from flowlint.project.functions import read_functions, serverless_folder, service_name
from flowlint.project.model import FlowFacts, Project, is_flow_sid, placeholder_name
from flowlint.templates.profiles import Profile

META_SUFFIX = ".meta.json"
"""`flowlint pull` writes `<name>.json` and `<name>.meta.json` (see
`flowlint.twilio.local_copy`, in a layer above this one: its layout is restated here)."""

RESOURCE_HEAD_BYTES = 4096
"""How much of a `.json` file is read to tell a bare definition from a possible resource."""

MAX_FLOW_BYTES = 5 * 1024 * 1024
"""Files larger than this are not read as project flows (Studio's own limit is 1 MB)."""


def discover_project(
    root: Path,
    checked: Iterable[str],
    flows_map: dict[str, Path] | None = None,
    *,
    profiles: Mapping[str, Profile] | None = None,
    environment: str | None = None,
    project_files: Iterable[str] = (),
) -> Project | None:
    """The project around the `checked` files (paths as given), or None when there is none:
    no flow with a known SID or name, and no Serverless project under `root`.

    `project_files`: the `.json` files of the whole project (a bounded walk of its root,
    `flowlint.run.project_sources`), searched like the folders of the checked files, so
    checking one file still knows every flow. `profiles` (and the `environment` chosen with
    `--env`) name flows by template placeholder, see `placeholder_flows`."""
    flows_map = flows_map or {}
    folders: dict[str, Path] = {}
    for path in [*checked, *map(str, flows_map.values())]:
        if path == "-":
            continue
        folder = Path(path).absolute().parent
        folders.setdefault(str(folder), folder)
    found: dict[str, FlowFacts] = {}
    placeholder_flows: dict[str, str] = {}
    for key, mapped in flows_map.items():
        name = placeholder_name(key)
        if name is not None:
            _add(found, mapped, sid=None, friendly_name=None, source="config")
            if str(mapped.absolute()) in found:
                placeholder_flows[name] = str(mapped.absolute())
            continue
        sid = key if is_flow_sid(key) else None
        _add(found, mapped, sid=sid, friendly_name=None if sid else key, source="config")
    candidates = _candidates(folders.values(), project_files)
    for candidate in candidates:
        if candidate.name.endswith(META_SUFFIX):
            _add_pulled(found, candidate)
    for candidate in candidates:
        if not candidate.name.endswith(META_SUFFIX):
            _add_resource(found, candidate)
    # Every environment says which flow a placeholder names (a `--env prod` parent runs
    # prod's SID of the flow a dev pull wrote); the chosen one's values are what FL951 quotes.
    _name_flows_by_placeholder(found, placeholder_flows, _placeholder_sids(profiles or {}, None))
    placeholder_sids = _placeholder_sids(profiles or {}, environment)
    named_by_placeholder = set(placeholder_flows.values())
    flows = [
        facts
        for facts in found.values()
        if facts.sid or facts.friendly_name or facts.path in named_by_placeholder
    ]
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
        placeholder_flows=placeholder_flows,
        placeholder_sids=placeholder_sids,
    )
    project.fingerprint = _fingerprint(project)
    return project


def _candidates(folders: Iterable[Path], project_files: Iterable[str]) -> list[Path]:
    """The `.json` files to look at, each once: those of the folders, then the project's."""
    seen: dict[str, Path] = {}
    for folder in folders:
        try:
            listed = sorted(folder.glob("*.json"))
        except OSError:
            continue
        for path in listed:
            seen.setdefault(str(path.absolute()), path)
    for name in project_files:
        path = Path(name)
        seen.setdefault(str(path.absolute()), path)
    return list(seen.values())


def _placeholder_sids(
    profiles: Mapping[str, Profile], environment: str | None
) -> dict[str, list[tuple[str, str]]]:
    """Placeholder → (environment, value) for every profile value that is a Flow SID: of
    the chosen environment only when there is one (`--env`), else of every environment."""
    chosen = [environment] if environment is not None and environment in profiles else [*profiles]
    found: dict[str, list[tuple[str, str]]] = {}
    for environment_name in chosen:
        for key, entry in profiles[environment_name].entries.items():
            if is_flow_sid(entry.value):
                found.setdefault(key, []).append((environment_name, str(entry.value)))
    return found


def _name_flows_by_placeholder(
    found: dict[str, FlowFacts],
    placeholder_flows: dict[str, str],
    placeholder_sids: dict[str, list[tuple[str, str]]],
) -> None:
    """A placeholder whose value in some environment is a project flow's SID names that flow
    in every environment, and its values in the others are that flow's SIDs in those
    accounts. The first environment (in configuration order) that names a flow decides."""
    by_sid = {
        sid: facts
        for facts in found.values()
        for sid in [facts.sid, *facts.other_sids]
        if sid is not None
    }
    for name, values in placeholder_sids.items():
        if name in placeholder_flows:
            continue
        for _environment, sid in values:
            if sid in by_sid:
                placeholder_flows[name] = by_sid[sid].path
                break
    for name, path in placeholder_flows.items():
        facts = found[path]
        for _environment, sid in placeholder_sids.get(name, []):
            if sid not in by_sid:
                facts.other_sids.append(sid)
                by_sid[sid] = facts


def _add(
    found: dict[str, FlowFacts],
    path: Path,
    *,
    sid: str | None,
    friendly_name: str | None,
    source: str,
) -> None:
    key = str(path.absolute())
    if key in found:  # a flow deployed in several accounts: one SID each
        known = found[key]
        if sid is not None and sid != known.sid and sid not in known.other_sids:
            known.other_sids.append(sid)
        known.friendly_name = known.friendly_name or friendly_name
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


def _add_pulled(found: dict[str, FlowFacts], path: Path) -> None:
    """The flow `flowlint pull` wrote beside the metadata file at `path`, when that names its
    definition file (`definition_file` = `<name>.json`, with its SHA-256) and a Flow SID."""
    import json
    import re

    name = path.name[: -len(META_SUFFIX)]
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(metadata, dict) or metadata.get("definition_file") != f"{name}.json":
        return
    digest, sid = metadata.get("definition_sha256"), metadata.get("sid")
    if not isinstance(digest, str) or re.fullmatch(r"[0-9a-f]{64}", digest) is None:
        return
    if not is_flow_sid(sid):
        return
    friendly = metadata.get("friendly_name")
    _add(
        found,
        path.with_name(f"{name}.json"),
        sid=sid,
        friendly_name=friendly if isinstance(friendly, str) else None,
        source="pull",
    )


def _add_resource(found: dict[str, FlowFacts], path: Path) -> None:
    """The flow of a Flow resource file (`sid`, `friendly_name`, `definition`)."""
    if str(path.absolute()) in found or _is_bare_definition(path):
        return
    data = _read(path)
    # Cheap test first: most files are bare definitions, read once more by the linter.
    if data is None or b'"definition"' not in data or b'"sid"' not in data:
        return
    facts = read_flow_facts(str(path.absolute()), data)
    if facts is not None and facts.sid is not None and is_flow_sid(facts.sid):
        found[facts.path] = facts


def _is_bare_definition(path: Path) -> bool:
    """Whether the file's first bytes show a flow definition (`"states"` before any
    `"definition"`): in a Flow resource the states are inside `definition`. Reading only the
    head keeps a walk of thousands of flows fast (the whole of each is read only when it
    may be a resource)."""
    try:
        if not path.is_file():  # a FIFO would block the read
            return True
        with open(path, "rb") as handle:
            head = handle.read(RESOURCE_HEAD_BYTES)
    except OSError:
        return True
    return b'"states"' in head and b'"definition"' not in head


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
            f"{facts.path}\0{facts.sid}\0{facts.other_sids}\0{facts.friendly_name}\0"
            f"{facts.digest}\n".encode()
        )
    for function in project.functions:
        digest.update(
            f"{function.path}\0{sorted(function.event_reads.items())}\0"
            f"{sorted(function.response_keys) if function.response_keys is not None else None}\n".encode()
        )
    digest.update(f"{sorted(project.service_names)}\0{project.has_serverless}".encode())
    digest.update(f"{sorted(project.placeholder_flows.items())}".encode())
    return digest.hexdigest()[:24]


def relative_to_cwd(path: str) -> str:
    """A project path as the command line spells the checked files (relative when inside)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith(os.pardir) else relative
