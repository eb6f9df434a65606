"""What the language-server tests share: a recording client, the server command, and an
independent oracle for LSP positions in UTF-8, UTF-16 and UTF-32."""

from __future__ import annotations

import asyncio
import json
import sys
import time
import typing
from pathlib import Path
from typing import Any

import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

FIXTURES = Path(__file__).parent / "fixtures"
OWL_SUPPORT = FIXTURES / "owl_support.flow.json"
SERVER_COMMAND = [sys.executable, "-m", "flowlint", "lsp"]

ENCODINGS = {"neovim": "utf-8", "emacs": "utf-32", "visual-studio-code": "utf-16"}
"""The position encoding each bundled client capability set negotiates with pygls."""


class RecordingClient(LanguageClient):
    """pytest-lsp's client, also keeping every publish and every registration request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.publishes: list[types.PublishDiagnosticsParams] = []
        self.registrations: list[types.Registration] = []


def _record_publish(client: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.publishes.append(params)


def _record_registration(client: RecordingClient, params: types.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def _converter() -> Any:
    """pygls' converter, with one lsprotocol client-side fix: a `CodeAction` that carries a
    `command` object was read back as a `Command` (lsprotocol tests only `"command" in obj`)."""
    converter = default_converter()

    def command_or_code_action(obj: Any, _: type) -> types.Command | types.CodeAction:
        if isinstance(obj.get("command"), str):
            return converter.structure(obj, types.Command)  # type: ignore[no-any-return]
        return converter.structure(obj, types.CodeAction)  # type: ignore[no-any-return]

    # lsprotocol registers its hook under typing.Union, which `X | Y` does not replace.
    union = typing.Union[types.Command, types.CodeAction]  # noqa: UP007
    converter.register_structure_hook(union, command_or_code_action)
    return converter


def make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record_publish
    features[types.CLIENT_REGISTER_CAPABILITY] = _record_registration
    register_lsp_features(client, features)
    return client


SERVER = ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client)


async def initialize(
    client: LanguageClient,
    client_name: str,
    root: Path,
    options: dict[str, Any] | None = None,
) -> types.InitializeResult:
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=pytest_lsp.client_capabilities(client_name),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options={"debounceMs": 50, **(options or {})},
        )
    )


def open_document(
    client: LanguageClient, path: Path, text: str, version: int = 1, language_id: str = "json"
) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language_id, version=version, text=text
            )
        )
    )
    return uri


def replace_all(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def edit(
    client: LanguageClient,
    uri: str,
    version: int,
    start: types.Position,
    end: types.Position,
    text: str,
) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=start, end=end), text=text
                )
            ],
        )
    )


async def wait_for_publish(
    client: RecordingClient, uri: str, version: int | None = None, timeout: float = 30
) -> types.PublishDiagnosticsParams:
    """The first publish for `uri` (for `version`, when given) that arrives or has arrived."""
    deadline = time.monotonic() + timeout
    while True:
        for params in client.publishes:
            if params.uri == uri and (version is None or params.version == version):
                return params
        if time.monotonic() > deadline:
            seen = [(p.uri, p.version) for p in client.publishes]
            raise AssertionError(f"no diagnostics for {uri} version {version}; got {seen}")
        await asyncio.sleep(0.02)


class Text:
    """Positions in a text, computed independently of the server for one encoding."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self.lines = text.split("\n")

    def _units(self, segment: str) -> int:
        if self.encoding == "utf-8":
            return len(segment.encode("utf-8"))
        if self.encoding == "utf-16":
            return len(segment.encode("utf-16-le")) // 2
        return len(segment)

    def position(self, offset: int) -> types.Position:
        line = self.text.count("\n", 0, offset)
        line_start = self.text.rfind("\n", 0, offset) + 1
        return types.Position(line=line, character=self._units(self.text[line_start:offset]))

    def offset_of(self, needle: str, occurrence: int = 0, after: str | None = None) -> int:
        start = self.text.index(after) if after is not None else 0
        offset = self.text.index(needle, start)
        for _ in range(occurrence):
            offset = self.text.index(needle, offset + 1)
        return offset

    def find(
        self, needle: str, occurrence: int = 0, delta: int = 0, after: str | None = None
    ) -> types.Position:
        """The position `delta` characters into the `occurrence`-th `needle`."""
        return self.position(self.offset_of(needle, occurrence, after) + delta)

    def span(self, needle: str, occurrence: int = 0, after: str | None = None) -> types.Range:
        start = self.offset_of(needle, occurrence, after)
        return types.Range(start=self.position(start), end=self.position(start + len(needle)))

    def offset(self, position: types.Position) -> int:
        line_start = sum(len(line) + 1 for line in self.lines[: position.line])
        line = self.lines[position.line]
        units = 0
        for index, character in enumerate(line):
            if units >= position.character:
                return line_start + index
            units += self._units(character)
        return line_start + len(line)

    def text_of(self, range_: types.Range) -> str:
        return self.text[self.offset(range_.start) : self.offset(range_.end)]


def apply_edits(text: str, edits: list[types.TextEdit], encoding: str = "utf-16") -> str:
    """Apply LSP text edits (non-overlapping) to `text`."""
    oracle = Text(text, encoding)
    spans = sorted(
        ((oracle.offset(e.range.start), oracle.offset(e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


def synthetic_flow(widgets: int) -> str:
    """A generated Console-like flow of `widgets` widgets (bench/generate_flows.py)."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "bench" / "generate_flows.py"
    spec = importlib.util.spec_from_file_location("generate_flows", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return json.dumps(module.generate(widgets), indent=2) + "\n"


def cli_findings(path: Path) -> list[tuple[str, str, int, int]]:
    """(code, message, start offset, end offset) of `flowlint check` on the file: the oracle
    the server's diagnostics must match (one engine for both)."""
    import subprocess

    process = subprocess.run(
        [sys.executable, "-m", "flowlint", "check", "--format", "json", path.name],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode in (0, 1), process.stderr
    text = path.read_text(encoding="utf-8")
    oracle = Text(text, "utf-32")
    found = []
    for item in json.loads(process.stdout)["diagnostics"]:
        start, end = item["range"]["start"], item["range"]["end"]
        found.append(
            (
                item["code"],
                item["message"],
                oracle.offset(
                    types.Position(line=start["line"] - 1, character=start["column"] - 1)
                ),
                oracle.offset(types.Position(line=end["line"] - 1, character=end["column"] - 1)),
            )
        )
    return sorted(found)


def lsp_findings(
    diagnostics: typing.Sequence[types.Diagnostic], text: str, encoding: str = "utf-16"
) -> list[tuple[str, str, int, int]]:
    oracle = Text(text, encoding)
    return sorted(
        (str(d.code), d.message, oracle.offset(d.range.start), oracle.offset(d.range.end))
        for d in diagnostics
    )


def codes(diagnostics: typing.Sequence[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)
