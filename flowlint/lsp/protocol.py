"""How the server speaks JSON-RPC: pygls' protocol with the answers the LSP specification asks
for where pygls (2.x) gives none.

- A request whose parameters do not fit its method gets InvalidParams (-32602); pygls only
  logged a traceback, and the client waited forever.
- An error answer a handler chose (a refused rename: RequestFailed) is logged as one line, not
  as a traceback.
- After `shutdown`, every request but `exit` gets InvalidRequest (-32600); pygls dropped them.
- The process exit status follows `exit`: 0 after `shutdown`, 1 without it (pygls' own
  `sys.exit` was swallowed by its I/O loop, so the status was always 0).
- A message body that is not UTF-8 is read with U+FFFD in place of each invalid byte (pygls
  dropped the whole message, so a `didOpen` went unlinted).
- A handler's future is forgotten once it is done. pygls 2.1 files the future of every
  notification (and of every step of its generator handlers) under a fresh id that nothing
  removes: each `didChange`, `didOpen`, `didClose` kept about 1.9 kB for the rest of the session
  (1.9 MB per 1,000 keystrokes).

The server also keeps its own copy of open documents (`flowlint.lsp.documents`), so pygls'
document sync handlers only pass the notifications on.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from concurrent.futures import Future
from typing import Any, BinaryIO

from cattrs.errors import ClassValidationError
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcInvalidRequest
from pygls.protocol import (
    JsonRPCNotification,
    JsonRPCRequestMessage,
    LanguageServerProtocol,
    lsp_method,
)

logger = logging.getLogger(__name__)


class InvalidMessage:
    """A request or notification whose parameters do not fit its method."""

    def __init__(self, data: dict[str, Any], problem: str) -> None:
        self.id = data.get("id")
        self.method = data.get("method")
        self.problem = problem
        self.jsonrpc = data.get("jsonrpc")


class FlowlintProtocol(LanguageServerProtocol):
    """pygls' protocol with complete JSON-RPC error answers (see the module docstring)."""

    exit_status: int | None = None
    """Set by `exit`: what the process returns."""

    # -- reading messages ----------------------------------------------------------------------

    def structure_message(self, data: dict[str, Any]) -> Any:
        method = data.get("method")
        if "jsonrpc" not in data or not isinstance(method, str) or "error" in data:
            return super().structure_message(data)
        # A request or notification: structured here rather than by pygls, which logs a
        # traceback for parameters of the wrong shape and leaves the request unanswered.
        if "id" in data:
            message_type = self.get_message_type(method) or JsonRPCRequestMessage
        else:
            message_type = self.get_message_type(method) or JsonRPCNotification
        try:
            return self._converter.structure(data, message_type)
        except (ClassValidationError, TypeError, ValueError, KeyError) as error:
            return InvalidMessage(data, _first_problem(error))

    def handle_message(self, message: Any) -> None:
        if isinstance(message, InvalidMessage):
            self._refuse_invalid(message)
            return
        method = getattr(message, "method", None)
        if self._shutdown and method != types.EXIT:
            if getattr(message, "id", None) is not None and method is not None:
                self._send_response(
                    message.id,
                    None,
                    JsonRpcInvalidRequest(
                        f"the server is shut down: {method} refused"
                    ).to_response_error(),
                )
                return
            if method is not None:
                logger.info("notification %s after shutdown ignored", method)
                return
        super().handle_message(message)

    def _refuse_invalid(self, message: InvalidMessage) -> None:
        if message.id is None or message.method is None:
            logger.warning(
                "ignored %s: invalid parameters (%s)",
                message.method or "a message",
                message.problem,
            )
            return
        logger.info("refused %s: invalid parameters (%s)", message.method, message.problem)
        self._send_response(
            message.id,
            None,
            JsonRpcInvalidParams(
                f"invalid parameters for {message.method}: {message.problem}"
            ).to_response_error(),
        )

    # -- running handlers ------------------------------------------------------------------------

    def _execute_handler(
        self,
        msg_id: Any,
        handler: Any,
        callback: Any,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        # pygls removes a request's future when it answers, and never a notification's
        # (their ids are made up, so no cancel can name them): drop each one once done.
        future = self._request_futures.get(msg_id)
        if future is not None:
            future.add_done_callback(lambda done: self._forget_future(msg_id, done))

    def _forget_future(self, msg_id: Any, done: Future[Any]) -> None:
        if self._request_futures.get(msg_id) is done:  # not a later message's with the same id
            self._request_futures.pop(msg_id, None)

    # -- answering -----------------------------------------------------------------------------

    def _send_handler_result(self, future: Future[Any], *, msg_id: Any) -> None:
        # An error answer a handler raised on purpose is an answer, not a server failure:
        # send it and log one line (pygls logs a traceback and reports it to the client).
        if not future.cancelled():
            error = future.exception()
            if isinstance(error, JsonRpcException):
                self._request_futures.pop(msg_id, None)
                logger.info("request %s answered with error %s: %s", msg_id, error.code, error)
                self._send_response(msg_id, error=error.to_response_error())
                return
        super()._send_handler_result(future, msg_id=msg_id)

    # -- lifecycle -----------------------------------------------------------------------------

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args: Any) -> Generator[Any, Any, None]:
        self.exit_status = 0 if self._shutdown else 1
        yield from super().lsp_exit(*args)

    # -- document sync: the server keeps the documents -----------------------------------------

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(
        self, params: types.DidOpenTextDocumentParams
    ) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(
        self, params: types.DidCloseTextDocumentParams
    ) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


def _first_problem(error: BaseException) -> str:
    """The innermost reason cattrs gave, in one line."""
    while isinstance(error, ClassValidationError) and error.exceptions:
        error = error.exceptions[0]
    note = getattr(error, "__notes__", None)
    text = f"{error}" if not note else f"{note[0]}: {error}"
    return " ".join(text.split())[:200]


class Utf8Input:
    """The client's stream, with each message body that is not valid UTF-8 re-encoded with
    U+FFFD in place of each invalid byte (JSON-RPC bodies must be UTF-8)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def readline(self) -> bytes:
        return self.stream.readline()

    def read(self, size: int) -> bytes:
        body = self.stream.read(size)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as error:
            logger.warning(
                "a message from the client is not valid UTF-8 (byte %d); read with U+FFFD",
                error.start,
            )
            return body.decode("utf-8", errors="replace").encode("utf-8")
        return body
