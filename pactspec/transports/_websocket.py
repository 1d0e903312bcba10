"""WebSocket with the ``websockets`` library: capture what a producer pushes, send a request and read its replies.

URL: ``ws://HOST:PORT/PATH?subprotocol=NAME`` (``wss://`` for TLS). ``subprotocol`` (repeatable)
is what pactspec offers in the handshake; the other query parameters stay part of the endpoint.

Transport data ↔ Pact metadata keys:

=====================  ===================================================
Pact metadata key      WebSocket
=====================  ===================================================
``path``               the path of the endpoint the connection was made to
``subprotocol``        the subprotocol the handshake agreed on, if any
``frame``              ``text`` or ``binary``: the frame's opcode
=====================  ===================================================

A text frame is read by the contract's content type (a WebSocket has no content-type field); a
binary frame is read as binary (``application/octet-stream``). Sending, a message goes as a text
frame unless its metadata says ``frame: binary`` or its content type is a binary one.

A capture connects before the trigger runs and takes the first message that arrives after it. A
server registers a client only once the handshake is done, and may greet it: so the capture waits
:data:`SETTLE` seconds after connecting, and what arrives meanwhile is not taken. A synchronous
message is sent by pactspec itself (no trigger) and the replies to it are read.

Opening the transport connects once to check the URL, so an endpoint that doesn't answer, refuses
the handshake (HTTP 4xx) or the subprotocol is one sentence before any trigger runs.
"""

from __future__ import annotations

import contextlib
import ssl
import time
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import websockets.exceptions
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Subprotocol

from pactspec.content import body_kind
from pactspec.errors import InputError, TransportError, TransportUnreachable
from pactspec.model import Message
from pactspec.transports._base import (
    DEFAULT_WAIT,
    Closing,
    Destination,
    PollingCapture,
    message_bytes,
    received_message,
    redact_url,
    unreachable,
)

__all__ = [
    "BINARY",
    "SETTLE",
    "WebSocketTransport",
    "frame_data",
    "frame_message",
    "offered_subprotocols",
]

BINARY = "application/octet-stream"  # how a binary frame is read
SETTLE = 0.1  # seconds a fresh connection waits before the trigger: the server registers the client meanwhile
_OPEN_TIMEOUT = 10.0
_FRAMES = ("text", "binary")


def offered_subprotocols(url: str) -> tuple[str, list[str]]:
    """The endpoint URL without pactspec's ``subprotocol`` parameters, and the subprotocols they name."""
    parts = urlsplit(url)
    kept: list[tuple[str, str]] = []
    offered: list[str] = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name == "subprotocol":
            offered.extend(v.strip() for v in value.split(",") if v.strip())
        else:
            kept.append((name, value))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), parts.fragment)), offered


def frame_data(message: Message) -> str | bytes:
    """What a message is sent as: text (``str``) or binary (``bytes``), by its ``frame`` metadata or content type."""
    data, content_type = message_bytes(message)
    frame = message.metadata.get("frame")
    if frame is not None and frame not in _FRAMES:
        raise InputError(f"metadata frame must be 'text' or 'binary', not {frame!r}")
    if frame is None:
        frame = "binary" if body_kind(content_type) == "binary" else "text"
    if frame == "binary":
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the message is to go as a text frame but its body is not UTF-8 text (byte {exc.start}); "
            "write frame: binary in its metadata"
        ) from exc


def frame_message(data: str | bytes, path: str, subprotocol: str | None) -> Message:
    """A received frame as a message: text frames undecided (the contract's content type reads them), binary as binary."""
    metadata: dict[str, Any] = {"path": path, "frame": "text" if isinstance(data, str) else "binary"}
    if subprotocol:
        metadata["subprotocol"] = subprotocol
    if isinstance(data, str):
        return received_message(data.encode("utf-8"), None, metadata)
    return received_message(bytes(data), BINARY, metadata)


class WebSocketTransport(Closing):
    """A WebSocket client: one connection per capture or request, opened on demand."""

    carries_content_type = False

    def __init__(self, url: str, destination: Destination | None = None) -> None:
        self.url, self.subprotocols = offered_subprotocols(url)
        self.destination = destination or Destination()
        self.path = urlsplit(self.url).path or "/"
        self._open: list[ClientConnection] = []
        self._close(self._connect(self.subprotocols))

    def publish(self, message: Message, destination: Destination | None = None) -> str:
        data = frame_data(message)
        connection = self._connect(self._subprotocols_for(message))
        with self._using(connection):
            try:
                connection.send(data)
            except websockets.exceptions.ConnectionClosed as exc:
                raise TransportError(f"{_closed(exc, self._where())} before the message was sent") from exc
        return self._where()

    def capture(self, source: Destination | None = None, *, timeout: float = DEFAULT_WAIT) -> PollingCapture:
        connection = self._connect(self.subprotocols)
        where = f"the WebSocket endpoint {self._where()}"
        early = _settle(connection)

        def poll(seconds: float) -> list[Message]:
            return self._receive(connection, seconds, "before a message arrived")

        return PollingCapture(where, poll, lambda: self._close(connection), timeout=timeout, waiting=lambda: early)

    def request(self, message: Message, destination: Destination | None = None, *, replies: int = 1,
                timeout: float = DEFAULT_WAIT) -> tuple[str, list[Message]]:
        """Send a request on a fresh connection; the replies that arrive within ``timeout``.

        Once ``replies`` replies came, more are read while they follow within :data:`SETTLE` seconds
        of each other, so a surplus reply is seen.
        """
        data = frame_data(message)
        connection = self._connect(self._subprotocols_for(message))
        with self._using(connection):
            _settle(connection)
            try:
                connection.send(data)
            except websockets.exceptions.ConnectionClosed as exc:
                raise TransportError(f"{_closed(exc, self._where())} before the request was sent") from exc
            answers: list[Message] = []
            deadline = time.monotonic() + timeout
            while len(answers) < replies and (remaining := deadline - time.monotonic()) > 0:
                answers.extend(self._receive(connection, remaining, "before it replied", quiet=bool(answers)))
            # a reply more than the contract has is as wrong as one missing: give it SETTLE seconds to show
            # (a server that never stops replying is read until the time limit, not forever)
            while answers and time.monotonic() < deadline and (extra := self._receive(connection, SETTLE, "", quiet=True)):
                answers.extend(extra)
        return f"the WebSocket endpoint {self._where()}", answers

    def close(self) -> None:
        for connection in list(self._open):
            self._close(connection)

    @contextlib.contextmanager
    def _using(self, connection: ClientConnection) -> Iterator[ClientConnection]:
        try:
            yield connection
        finally:
            self._close(connection)

    def _close(self, connection: ClientConnection) -> None:
        connection.close()
        if connection in self._open:
            self._open.remove(connection)

    def _where(self) -> str:
        return redact_url(self.url)

    def _subprotocols_for(self, message: Message) -> list[str]:
        named = message.metadata.get("subprotocol")
        return [named] if isinstance(named, str) and named else self.subprotocols

    def _receive(self, connection: ClientConnection, seconds: float, when: str, *, quiet: bool = False) -> list[Message]:
        try:
            data = connection.recv(timeout=seconds)
        except TimeoutError:
            return []
        except websockets.exceptions.ConnectionClosed as exc:
            if quiet:  # the replies that came are the answer; the verifier counts them
                return []
            raise TransportError(f"{_closed(exc, self._where())} {when}") from exc
        return [frame_message(data, self.path, connection.subprotocol)]

    def _connect(self, subprotocols: Sequence[str]) -> ClientConnection:
        """A connection whose handshake succeeded with one of ``subprotocols`` (if any were offered)."""
        url = self._where()
        offered = f"the subprotocol {' or '.join(repr(s) for s in subprotocols)}" if subprotocols else "no subprotocol"
        try:
            connection = connect(
                self.url, subprotocols=[Subprotocol(s) for s in subprotocols] or None, open_timeout=_OPEN_TIMEOUT
            ).__enter__()  # closed by the caller or by close(); `with connect(…)` is the library's supported form
        except websockets.exceptions.InvalidStatus as exc:
            response = exc.response
            said = bytes(response.body or b"").decode("utf-8", "replace").strip().splitlines()
            reason = f": {said[0].rstrip('.')}" if said else ""
            hint = (
                f"pactspec offered {offered}; name the server's with ?subprotocol=… in the URL"
                if "subprotocol" in (said[0] if said else "").lower()
                else "check the path and the server's handshake requirements"
            )
            raise TransportUnreachable(
                f"the WebSocket server at {url} refused the handshake (HTTP {response.status_code} "
                f"{response.reason_phrase}{reason}); {hint}"
            ) from exc
        except websockets.exceptions.NegotiationError as exc:
            raise TransportUnreachable(
                f"the WebSocket server at {url} chose a subprotocol pactspec did not offer ({exc}); pactspec "
                f"offered {offered}; name the server's with ?subprotocol=… in the URL"
            ) from exc
        except websockets.exceptions.InvalidURI as exc:
            raise InputError(f"{url} is not a WebSocket URL ({exc}); write one such as ws://127.0.0.1:8765/events") from exc
        except ssl.SSLCertVerificationError as exc:
            raise TransportUnreachable(
                f"the WebSocket server at {url} presented a certificate pactspec cannot trust ({exc.verify_message}); "
                "add its CA to the system's trust store or point SSL_CERT_FILE at it"
            ) from exc
        except (OSError, TimeoutError, websockets.exceptions.WebSocketException) as exc:
            detail = f"{type(exc).__name__}: {str(exc).strip() or 'no answer'}"
            raise unreachable("a WebSocket server", self.url, detail, "host, port and path") from exc
        if subprotocols and connection.subprotocol is None:
            connection.close()
            raise TransportUnreachable(
                f"the WebSocket server at {url} accepted the connection without a subprotocol, but pactspec "
                f"offered {offered}; leave ?subprotocol out of the URL or make the server speak it"
            )
        self._open.append(connection)
        return connection


def _settle(connection: ClientConnection) -> int:
    """Wait :data:`SETTLE` seconds, then drop what the server sent on connecting; how many frames that was."""
    time.sleep(SETTLE)
    dropped = 0
    with contextlib.suppress(TimeoutError, websockets.exceptions.ConnectionClosed):
        while True:
            connection.recv(timeout=0)
            dropped += 1
    return dropped


def _closed(exc: websockets.exceptions.ConnectionClosed, url: str) -> str:
    """Who closed the connection to ``url``, with the close code and reason."""
    server = f"the WebSocket server at {url}"
    if exc.rcvd is not None:
        frame, who = exc.rcvd, f"{server} closed the connection"
    elif exc.sent is not None:  # pactspec's side gave up, e.g. on a frame over the size limit (1009)
        frame, who = exc.sent, f"pactspec closed the connection to {server}"
    else:
        return f"{server} closed the connection without a close frame"
    return f"{who} (code {frame.code}{': ' + frame.reason if frame.reason else ''})"
