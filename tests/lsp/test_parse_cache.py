"""The language server's cache of parsed project files is bounded by the characters of text it
holds (before, it kept one parse per project file for the whole session)."""

from __future__ import annotations

import json

from flowlint.lsp.project_sites import ParseCache


def _flow_text(name: str) -> str:
    states = [
        {"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage"}]},
        {"name": name, "type": "set-variables", "transitions": [], "properties": {}},
    ]
    return json.dumps({"description": name, "states": states, "initial_state": "Trigger"})


def test_the_least_recently_used_parses_go_once_the_texts_pass_the_limit() -> None:
    texts = {f"/p/flow{index}.json": _flow_text(f"w{index}") for index in range(5)}
    size = len(next(iter(texts.values())))
    cache = ParseCache(limit=2 * size + size // 2)  # room for two texts
    first = cache.parse("/p/flow0.json", texts["/p/flow0.json"])
    assert first is not None and first.document.flows
    assert cache.parse("/p/flow0.json", texts["/p/flow0.json"]) is first  # a hit
    for path in list(texts)[1:]:
        cache.parse(path, texts[path])
        cache.parse("/p/flow0.json", texts["/p/flow0.json"])  # used again: kept
    assert len(cache) == 2
    assert cache.parse("/p/flow0.json", texts["/p/flow0.json"]) is first
    again = cache.parse("/p/flow1.json", texts["/p/flow1.json"])  # dropped, parsed again
    assert again is not None and again.tree.value == json.loads(texts["/p/flow1.json"])


def test_a_changed_text_replaces_its_entry_and_one_large_file_is_still_kept() -> None:
    cache = ParseCache(limit=10)
    text = _flow_text("w")
    parsed = cache.parse("/p/big.json", text)
    assert parsed is not None and len(cache) == 1  # larger than the limit, but the only one
    edited = text.replace('"w"', '"v"')
    assert cache.parse("/p/big.json", edited) is not parsed
    assert len(cache) == 1
