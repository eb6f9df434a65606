"""The configs for editors that do not run here (Helix, Sublime Text, Zed) wire flowlint to
Studio flow JSON and to `flowlint test` files (*.flowtest.yaml), next to the editor's own JSON
and YAML servers, and map the published test-file schema for their YAML server.

These read the shipped files as the editor would parse them (TOML; JSON with comments); they do
not start the editors. That the server ignores the other JSON and YAML these configs send it is
checked over stdio in tests/lsp/test_diagnostics.py and tests/lsp/test_flowtest_documents.py.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from tests.conftest import REPO

EDITORS = REPO / "editors"
SCHEMA_URL_PREFIX = "https://raw.githubusercontent.com/flowlint/flowlint/main/"
TEST_FILE_GLOB = "*.flowtest.yaml"


def _without_comments(text: str) -> str:
    """Sublime and Zed settings are JSON with `//` line comments; strings may hold `//`."""
    out: list[str] = []
    in_string = escaped = False
    index = 0
    while index < len(text):
        char = text[index]
        if in_string:
            out.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
            out.append(char)
        elif text.startswith("//", index):
            while index < len(text) and text[index] != "\n":
                index += 1
            continue
        else:
            out.append(char)
        index += 1
    return "".join(out)


def _jsonc(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(_without_comments(path.read_text(encoding="utf-8")))
    return loaded


def _toml(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _assert_maps_the_published_schema(schemas: dict[str, str]) -> None:
    """yaml-language-server's `yaml.schemas`: {schema URL: glob}."""
    urls = [url for url, glob in schemas.items() if glob == TEST_FILE_GLOB]
    assert len(urls) == 1, schemas
    assert urls[0].startswith(SCHEMA_URL_PREFIX), urls
    published = REPO / urls[0].removeprefix(SCHEMA_URL_PREFIX)
    assert published == EDITORS / "flowtest.schema.json"
    assert json.loads(published.read_text(encoding="utf-8"))["title"]


def test_the_comment_stripper_keeps_urls_in_strings() -> None:
    text = '{\n  // a comment\n  "u": "https://x/y" // another\n}\n'
    assert json.loads(_without_comments(text)) == {"u": "https://x/y"}


def test_helix_sends_yaml_to_flowlint_after_yaml_language_server() -> None:
    config = _toml(EDITORS / "helix" / "languages.toml")
    server = config["language-server"]["flowlint"]
    assert [server["command"], *server["args"]] == ["flowlint", "lsp"]
    languages = {language["name"]: language for language in config["language"]}
    assert languages["json"]["language-servers"] == ["vscode-json-language-server", "flowlint"]
    # Helix names its YAML language "yaml"; its own server stays first (hover, formatting).
    assert languages["yaml"]["language-servers"] == ["yaml-language-server", "flowlint"]
    yaml_server = config["language-server"]["yaml-language-server"]
    _assert_maps_the_published_schema(yaml_server["config"]["yaml"]["schemas"])


def test_sublime_selects_json_and_yaml_views_for_flowlint() -> None:
    client = _jsonc(EDITORS / "sublime" / "LSP-flowlint.sublime-settings")["clients"]["flowlint"]
    assert client["enabled"] is True
    assert client["command"] == ["flowlint", "lsp"]
    selectors = {part.strip() for part in client["selector"].split("|")}
    assert selectors == {"source.json", "source.yaml"}


def test_sublime_lsp_yaml_gets_the_test_file_schema() -> None:
    settings = _jsonc(EDITORS / "sublime" / "LSP-yaml.sublime-settings")["settings"]
    _assert_maps_the_published_schema(settings["yaml.schemas"])


def test_zed_extension_serves_json_and_yaml() -> None:
    manifest = _toml(EDITORS / "zed" / "extension.toml")
    assert manifest["language_servers"]["flowlint"]["languages"] == ["JSON", "YAML"]


def test_zed_settings_add_flowlint_next_to_the_yaml_server() -> None:
    settings = _jsonc(EDITORS / "zed" / "settings.json")
    # "..." keeps the servers Zed runs anyway (its JSON and YAML servers).
    assert settings["languages"]["JSON"]["language_servers"] == ["flowlint", "..."]
    assert settings["languages"]["YAML"]["language_servers"] == ["flowlint", "..."]
    yaml_server = settings["lsp"]["yaml-language-server"]["settings"]["yaml"]
    _assert_maps_the_published_schema(yaml_server["schemas"])
