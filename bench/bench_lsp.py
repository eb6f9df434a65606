"""Language-server latency on a large flow, against a cold `flowlint check` of the same file.

    python bench/generate_flows.py --preset       # writes bench/flows/flow-1000.json (~0.9 MB)
    python bench/bench_lsp.py [--runs 15] [FILE]  # prints a Markdown table

Starts `python -m flowlint lsp` with a minimal JSON-RPC client over stdio, with the server's
default settings (its default debounce, reported in the table, is part of every edit's
latency), opens the flow, then measures:

- diagnostics after a 1-character edit: from sending `didChange` to receiving the
  `publishDiagnostics` of that version, for edits inside string values (message bodies,
  URLs), and separately for edits that change the widget graph (a `next` value); each edit
  arrives after a pause (`--pause`), as a keystroke after the debounce would;
- hover, definition, references and completion on the settled document (request to
  response);

and compares the edit latency with cold `flowlint check --no-cache` runs of the same file. The
checks alternate with the edits (one check in the middle of the pause before each string
edit, while the server is idle), so load from other processes on a shared machine weighs on both alike; the
table gives the ratio of the medians and the median of the per-pair ratios.
Targets (issue 16): edit ≤ 0.5x the cold check; each request ≤ 20 ms.
"""

from __future__ import annotations

import argparse
import json
import queue
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_FLOW = HERE / "flows" / "flow-1000.json"


class Server:
    """`flowlint lsp` in a subprocess, spoken to with raw Content-Length framed JSON-RPC."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flowlint", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        wanted = self.next_id
        self.send({"id": wanted, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == wanted and "method" not in m).get("result")

    def wait(self, accept: Any, timeout: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            if "id" in message and "method" in message:  # a request from the server
                self.send({"id": message["id"], "result": None})
                continue
            if accept(message):
                return message

    def close(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        self.process.wait(timeout=30)


def position(text: str, offset: int) -> dict[str, int]:
    """UTF-16 position (the client below negotiates nothing, so the server uses UTF-16)."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return {"line": line, "character": len(text[start:offset].encode("utf-16-le")) // 2}


def cold_check_once(path: Path) -> float:
    """The wall time of one `flowlint check --no-cache` process on `path`."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "flowlint", "check", "--no-cache", "--format", "json", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def edit_latencies(
    server: Server,
    uri: str,
    text: str,
    offsets: list[int],
    state: dict[str, int],
    pause: float,
    between: Any = None,
) -> tuple[list[float], str]:
    """Insert one character at each offset (then the next edit removes it): seconds from
    didChange to the publish of that version. `between()` runs in the pause before each
    edit (the server is idle then)."""
    times = []
    for offset in offsets:
        for inserted in (True, False):
            state["version"] += 1
            version = state["version"]
            at = position(text, offset)
            if inserted:
                change = {"range": {"start": at, "end": at}, "text": "x"}
                text = text[:offset] + "x" + text[offset:]
            else:
                after = position(text, offset + 1)
                change = {"range": {"start": at, "end": after}, "text": ""}
                text = text[:offset] + text[offset + 1 :]
            # A settled document (the server finishes its work after publishing), then one
            # keystroke; a cold check, when asked for, runs in the middle of the pause.
            time.sleep(pause / 2)
            if between is not None:
                between()
            time.sleep(pause / 2)
            start = time.perf_counter()
            server.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
            )
            server.wait(
                lambda m, v=version: (
                    m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"].get("version") == v
                )
            )
            times.append(time.perf_counter() - start)
    return times, text


def request_latencies(
    server: Server, method: str, params: dict[str, Any], runs: int
) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = server.request(method, params)
        times.append(time.perf_counter() - start)
        if not result:
            raise SystemExit(f"{method} returned nothing at {params.get('position')}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--pause",
        type=float,
        default=1.0,
        help="seconds between edits: the server is idle when each keystroke arrives",
    )
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FLOW)
    args = parser.parse_args()
    path: Path = args.file.resolve()
    if not path.is_file():
        raise SystemExit(f"{path} is missing: run `python bench/generate_flows.py --preset` first")
    text = path.read_text(encoding="utf-8")
    definition = json.loads(text)
    names = [state["name"] for state in definition["states"]]

    checks: list[float] = []
    server = Server()
    server.request(
        "initialize",
        {
            "processId": None,
            "rootUri": path.parent.as_uri(),
            # As VS Code and Neovim declare: one edit range for a whole completion list.
            "capabilities": {
                "textDocument": {
                    "completion": {"completionList": {"itemDefaults": ["editRange", "data"]}}
                }
            },
        },
    )
    server.notify("initialized", {})
    uri = path.as_uri()
    start = time.perf_counter()
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}},
    )
    server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    first = time.perf_counter() - start
    state = {"version": 1}

    # 1-character edits inside string values spread over the file (message bodies and URLs).
    string_offsets = []
    for needle in ('"body": "', '"url": "', '"say": "'):
        found = 0
        while len(string_offsets) < args.runs and (found := text.find(needle, found + 1)) >= 0:
            if found % 7 == 0 or len(string_offsets) < args.runs // 3:
                string_offsets.append(found + len(needle) + 3)
    string_offsets = sorted(string_offsets)[: args.runs]
    in_strings, text = edit_latencies(
        server,
        uri,
        text,
        string_offsets,
        state,
        args.pause,
        lambda: checks.append(cold_check_once(path)),
    )
    check = statistics.median(checks)
    paired = statistics.median(edit / check for edit, check in zip(in_strings, checks, strict=True))
    # Edits that change the graph: one character in a `next` value (the target disappears).
    next_offsets = []
    found = 0
    while (
        len(next_offsets) < max(3, args.runs // 3)
        and (found := text.find('"next": "', found + 1)) >= 0
    ):
        next_offsets.append(found + len('"next": "') + 1)
    in_graph, text = edit_latencies(
        server, uri, text, next_offsets[:: max(1, len(next_offsets) // 5)], state, args.pause
    )

    doc = {"uri": uri}
    target = names[len(names) // 2]
    at_next = position(text, text.index(f'"next": "{target}"') + len('"next": "') + 1)
    at_name = position(text, text.index(f'"name": "{target}"') + len('"name": "') + 1)
    body = text.index('"body": "', len(text) // 2) + len('"body": "') + 1
    liquid = text.index("{{flow.", len(text) // 2) + len("{{flow.") + 2
    requests = {
        "hover": ("textDocument/hover", {"textDocument": doc, "position": at_next}),
        "definition": ("textDocument/definition", {"textDocument": doc, "position": at_next}),
        "references": (
            "textDocument/references",
            {"textDocument": doc, "position": at_name, "context": {"includeDeclaration": True}},
        ),
        "completion (next)": (
            "textDocument/completion",
            {"textDocument": doc, "position": at_next},
        ),
        "completion (Liquid)": (
            "textDocument/completion",
            {"textDocument": doc, "position": position(text, liquid)},
        ),
    }
    del body
    request_times = {
        label: statistics.median(request_latencies(server, method, params, args.runs))
        for label, (method, params) in requests.items()
    }
    status = server.request("workspace/executeCommand", {"command": "flowlint.status"})
    server.close()

    size = path.stat().st_size
    edit = statistics.median(in_strings)
    print(f"File: {path.name}, {size / 1024:,.0f} KiB, {len(names)} widgets; median of runs.")
    print(f"Server debounce (default, included in the edit times): {status['debounceMs']} ms.\n")
    print("| measurement | time | target |")
    print("|---|---:|---|")
    print(
        f"| cold `flowlint check --no-cache` (whole process, {len(checks)} runs alternating "
        f"with the edits) | {check * 1000:.0f} ms | |"
    )
    print(f"| first diagnostics after didOpen | {first * 1000:.0f} ms | |")
    print(
        f"| diagnostics after a 1-character edit in a string ({len(in_strings)} edits) | "
        f"{edit * 1000:.0f} ms = {edit / check:.2f}x check (paired: {paired:.2f}x) | ≤ 0.5x |"
    )
    graph_edit = statistics.median(in_graph)
    print(
        f"| diagnostics after a 1-character edit of a `next` ({len(in_graph)} edits) | "
        f"{graph_edit * 1000:.0f} ms = {graph_edit / check:.2f}x check | |"
    )
    for label, seconds in request_times.items():
        print(f"| {label} | {seconds * 1000:.1f} ms | ≤ 20 ms |")


if __name__ == "__main__":
    main()
