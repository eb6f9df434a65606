"""A bare JSON-RPC client over the server's stdin/stdout, for what pytest-lsp cannot send:
bytes that are not UTF-8, parameters of the wrong shape, requests after `shutdown`, an `exit`
without one. Messages are framed by hand (`Content-Length`), so the test controls every byte."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from tests.lsp.support import SERVER_COMMAND


class WireServer:
    """`flowlint lsp` in a subprocess; its stderr is kept for checks on what it logged."""

    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen(
            SERVER_COMMAND,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        self._stderr: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

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

    def _read_stderr(self) -> None:
        stream = self.process.stderr
        assert stream is not None
        for line in stream:
            self._stderr.append(line)

    @property
    def log(self) -> str:
        return b"".join(self._stderr).decode("utf-8", errors="replace")

    def send_body(self, body: bytes) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        self.send_body(json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8"))

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> int:
        """Send a request; its id (wait for the answer with `response`)."""
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def response(self, request_id: int, timeout: float = 30) -> dict[str, Any]:
        return self.wait(lambda m: m.get("id") == request_id and "method" not in m, timeout)

    def wait(self, accept: Any, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("no such message from the server in time")
            try:
                message = self.messages.get(timeout=remaining)
            except queue.Empty:
                raise AssertionError("no such message from the server in time") from None
            if "id" in message and "method" in message:  # a request from the server
                self.send({"id": message["id"], "result": None})
                continue
            if accept(message):
                return message

    def publish_for(self, uri: str, version: int | None = None, timeout: float = 30) -> Any:
        return self.wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and (version is None or m["params"].get("version") == version)
            ),
            timeout,
        )["params"]

    def initialize(self, root: Path, options: dict[str, Any] | None = None) -> None:
        answer = self.response(
            self.request(
                "initialize",
                {
                    "processId": None,
                    "rootUri": root.as_uri(),
                    "capabilities": {},
                    "initializationOptions": {"debounceMs": 0, **(options or {})},
                },
            )
        )
        assert "result" in answer, answer
        self.notify("initialized", {})

    def exit_code(self, timeout: float = 30) -> int:
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
