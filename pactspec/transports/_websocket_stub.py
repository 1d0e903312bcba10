"""A WebSocket stub server: it plays the provider for a consumer that connects to it.

Every client that connects gets each contract's asynchronous example, in order; a request it sends
is matched against the contracts' synchronous messages and answered with the first matching one's
responses. A request that no contract matches closes the connection (code 1008, saying so), so the
consumer fails at once instead of waiting for a reply.

Routing by metadata: a message whose contract names a ``path`` goes only to clients connected to
that path; a URL path other than ``/`` accepts clients on that path only (HTTP 404 otherwise). The
``subprotocol`` values of the contracts (and ``?subprotocol=`` in the URL) are the ones the stub
speaks; a client offering none of them is refused in the handshake, as a real server would.

A client counts as *served* once it received every example meant for its path and had every
synchronous message meant for it answered at least once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from http import HTTPStatus
from typing import Any, Self
from urllib.parse import urlsplit, urlunsplit

import websockets.exceptions
from websockets.datastructures import Headers
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve
from websockets.typing import Subprotocol

from pactspec.errors import InputError, ProducerError
from pactspec.matching import CompiledContents, compile_contents
from pactspec.transports._capture import captured_contents
from pactspec.transports._stub import StubExchange, StubMessage
from pactspec.transports._websocket import frame_data, frame_message, offered_subprotocols

__all__ = ["WebSocketStub"]

_NO_MATCH = 1008  # policy violation: the request is not one the contracts know


class WebSocketStub:
    """A ``websockets`` server in a thread; ``log`` gets one line per delivery, answer and refusal."""

    def __init__(
        self,
        url: str,
        messages: Sequence[StubMessage],
        exchanges: Sequence[StubExchange] = (),
        *,
        log: Callable[[str], None] | None = None,
    ) -> None:
        endpoint, offered = offered_subprotocols(url)
        parts = urlsplit(endpoint)
        if parts.scheme.lower() != "ws":
            raise InputError(
                f"{url}: the WebSocket stub serves ws:// only (it has no TLS certificate for wss://); "
                "write ws://127.0.0.1:PORT/path"
            )
        if not parts.hostname:
            raise InputError(f"{url}: name the host to listen on, e.g. ws://127.0.0.1:8765/events")
        try:
            port = parts.port  # 0 is a port here: the system picks a free one
        except ValueError as exc:
            raise InputError(f"{url}: the port is not a number from 0 to 65535 ({exc})") from exc
        self._port = 80 if port is None else port
        self._host = parts.hostname
        self._parts = parts
        self.path = parts.path or "/"
        self.url = endpoint
        self.messages = list(messages)
        self.exchanges = list(exchanges)
        self.log = log or (lambda line: None)
        if self.path not in ("", "/"):
            for what, metadata in [*((m.describe(), m.message.metadata) for m in self.messages),
                                   *((e.describe(), e.request.metadata) for e in self.exchanges)]:
                named = metadata.get("path")
                if isinstance(named, str) and named and named != self.path:
                    raise InputError(
                        f"{what} is for the path {named!r}, which a stub at {self.path} never serves; "
                        f"serve at ws://{parts.netloc}/ (every path) or pick the pacts with --provider/--description"
                    )
        named = [m.message.metadata.get("subprotocol") for m in self.messages]
        named += [e.request.metadata.get("subprotocol") for e in self.exchanges]
        self.subprotocols = list(dict.fromkeys([*offered, *(n for n in named if isinstance(n, str) and n)]))
        self._compiled: list[tuple[StubExchange, CompiledContents]] = [
            (exchange, compile_contents(exchange.request)) for exchange in self.exchanges
        ]
        # the frames, made once: a message that cannot go as its frame is bad input before the stub listens
        self._pushed = [(stub, frame_data(stub.message)) for stub in self.messages]
        self._answers = {id(e): [frame_data(response) for response in e.responses] for e in self.exchanges}
        self._served = 0
        self._changed = threading.Condition()
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        """Listen now (the consumer may connect as soon as this returns)."""
        if self._server is not None:
            return self
        try:
            self._server = serve(
                self._handle,
                self._host,
                self._port,
                subprotocols=[Subprotocol(s) for s in self.subprotocols] or None,
                process_request=self._check_path,
                compression=None,
            )
        except OSError as exc:
            raise InputError(
                f"the WebSocket stub cannot listen on {self._host}:{self._port} ({exc.strerror or exc}); "
                "choose another port (0 picks a free one)"
            ) from exc
        port = self._server.socket.getsockname()[1]
        netloc = f"{self._host}:{port}" if ":" not in self._host else f"[{self._host}]:{port}"
        self.url = urlunsplit(("ws", netloc, self._parts.path, self._parts.query, ""))
        self._thread = threading.Thread(target=self._server.serve_forever, name="pactspec-websocket-stub", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection and stop listening."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown(code=1000, reason="the pactspec stub stopped")
        if self._thread is not None:
            self._thread.join(timeout=10)

    def served(self) -> int:
        with self._changed:
            return self._served

    def wait_for_clients(self, clients: int, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            while self._served < clients:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                # short waits: a signal (Ctrl-C, SIGTERM) is handled between them
                self._changed.wait(0.2 if remaining is None else min(remaining, 0.2))
        return True

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _check_path(self, connection: ServerConnection, request: Request) -> Response | None:
        path = urlsplit(request.path).path
        if self.path in ("", "/") or path == self.path:
            return None
        self.log(f"refused a client on {path}: the stub serves {self.path}")
        body = f"no WebSocket stub at {path}; it serves {self.path}\n".encode()
        headers = Headers([("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
        return Response(HTTPStatus.NOT_FOUND.value, HTTPStatus.NOT_FOUND.phrase, headers, body)

    def _handle(self, connection: ServerConnection) -> None:
        path = urlsplit(connection.request.path if connection.request else "/").path or "/"
        client = _peer(connection)
        expected = {e.description for e in self.exchanges if _for_path(e.request.metadata.get("path"), path)}
        try:
            for stub, data in self._pushed:
                if _for_path(stub.message.metadata.get("path"), path):
                    connection.send(data)
                    self.log(f"delivered {stub.describe()} to client {client}")
            counted = self._count_if_done(client, expected, False)
            for request in connection:
                exchange = self._matching(request, path, connection.subprotocol)
                if exchange is None:
                    self.log(f"client {client} sent a request no contract matches; closed its connection")
                    connection.close(_NO_MATCH, "no contract matches this request")
                    return
                for answer in self._answers[id(exchange)]:
                    connection.send(answer)
                self.log(f"answered {exchange.describe()} to client {client}")
                expected.discard(exchange.description)
                counted = self._count_if_done(client, expected, counted)
        except websockets.exceptions.ConnectionClosed:
            return  # the client left; what it got was logged

    def _count_if_done(self, client: str, expected: set[str], counted: bool) -> bool:
        if counted or expected:
            return counted
        self.log(f"client {client} has every message meant for it")  # before a waiter wakes and reports the end
        with self._changed:
            self._served += 1
            self._changed.notify_all()
        return True

    def _matching(self, data: str | bytes, path: str, subprotocol: str | None) -> StubExchange | None:
        received = frame_message(data, path, subprotocol)
        for exchange, compiled in self._compiled:
            if not _for_path(exchange.request.metadata.get("path"), path):
                continue
            try:
                actual = captured_contents(received, exchange.request, where="the client", typed=False)
            except ProducerError:
                continue  # not readable as this contract's content type: another contract's request
            if not compiled.match(actual):
                return exchange
        return None


def _for_path(named: Any, path: str) -> bool:
    return not isinstance(named, str) or not named or named == path


def _peer(connection: ServerConnection) -> str:
    address = connection.remote_address
    if isinstance(address, tuple) and len(address) >= 2:
        return f"{address[0]}:{address[1]}"
    return str(address)
