"""Serve the registered producers and provider states as a Pact message proxy, for any verifier.

The protocol is described in :mod:`pactspec.provider._proxy_protocol`. :class:`MessageProxy` is the server
(``pactspec serve``); :class:`~pactspec.provider._proxy_client.ProxyBackend`, the client that ``pactspec
verify --message-url URL`` uses, is re-exported here.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import traceback
import urllib.parse
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

from pactspec.content import CONTENT_TYPE_KEY, encode_body, load_json
from pactspec.errors import ConfigurationError, InputError, ProducerError, StateSetupError
from pactspec.model import Message, MessageContents, ProviderState
from pactspec.provider._producing import (
    call_producer,
    producer_arguments,
    to_contents,
)
from pactspec.provider._proxy_protocol import (
    MESSAGE_PATH,
    METADATA_HEADER,
    STATE_PATH,
    contents_from_wire,
    encode_metadata,
    jsonable,
)
from pactspec.provider._registry import Provider
from pactspec.provider._states import ActiveState, set_up_state
from pactspec.usercode import DEFAULT_TIMEOUT

__all__ = [
    "BACKLOG",
    "FAILED",
    "IDLE_TIMEOUT",
    "WORKERS",
    "MessageProxy",
]

# Under load: the listen backlog (socketserver's default of 5 reset 80 of 200 concurrent connections),
# the threads that answer (bounded: one thread per connection reached 300 threads on idle clients),
# and how long a connection may sit idle, or dribble a request, before it is closed.
BACKLOG = 128
WORKERS = 32
IDLE_TIMEOUT = 10.0

# The status for "your producer or state handler failed": 422, not 500, because the official
# verifiers retry 5xx answers with back-off (a raising state handler cost two minutes and eight
# calls), while this failure is the same on every try; a 4xx is reported at once.
FAILED = 422


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else keep-alive responses stall ~40 ms (Nagle + delayed ACK)
    timeout = IDLE_TIMEOUT  # socket reads and writes: an idle keep-alive connection frees its worker

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.proxy.verbose:
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, content_type: str | None,
              headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, json.dumps({"error": message}).encode("utf-8"), "application/json")

    def _read_json(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:  # read(-1) would wait for the client to close the connection
            raise ValueError(f"Content-Length {length} is negative")
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return {}
        return load_json(raw.decode("utf-8"))  # bounded depth: a request 100k levels deep is a 400

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        proxy = self.server.proxy
        try:
            data = self._read_json()
        except (ValueError, UnicodeDecodeError) as exc:
            self._error(400, f"the request body is not JSON ({exc}); send a JSON object")
            return
        if not isinstance(data, dict):
            self._error(400, "the request body must be a JSON object")
            return
        if url.path == proxy.message_path:
            status, body, content_type, headers = proxy.handle_message(data)
            self._send(status, body, content_type, headers)
        elif url.path == proxy.state_path:
            query = dict(urllib.parse.parse_qsl(url.query))
            if query and not data:  # `--state-change-as-query`: state, action and params in the query
                data = {"state": query.pop("state", ""), "action": query.pop("action", "setup"),
                        "params": query}
            status, values = proxy.handle_state(data)
            self._send(status, json.dumps(values).encode("utf-8"), "application/json")
        else:
            self._error(404, f"no such endpoint {url.path}; POST to {proxy.message_path} or {proxy.state_path}")

    def do_GET(self) -> None:
        self._error(405, f"use POST {self.server.proxy.message_path} or POST {self.server.proxy.state_path}")


class _Server(HTTPServer):
    """An HTTP server that answers on a bounded pool of threads and never prints a traceback."""

    request_queue_size = BACKLOG
    proxy: MessageProxy

    def __init__(self, address: tuple[str, int], handler: type[_Handler]) -> None:
        super().__init__(address, handler)
        self._pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="pactspec-serve")
        self._open: set[socket.socket] = set()  # connections being answered, closed at once on shutdown
        self._open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        try:
            self._pool.submit(self._answer, request, client_address)
        except RuntimeError:  # shutting down: the pool takes no more work
            self.shutdown_request(request)

    def _answer(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        try:
            self.finish_request(request, client_address)
        except Exception:  # noqa: BLE001 - one line, never a traceback (handle_error)
            self.handle_error(request, client_address)
        finally:
            with self._open_lock:
                self._open.discard(request)
            self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, socket.timeout)):
            return  # the client went away or sat idle: nothing to answer, nothing to tell
        sys.stderr.write(f"pactspec serve: a request from {client_address[0]} failed: "
                         f"{type(exc).__name__}: {exc}\n")

    def server_close(self) -> None:
        super().server_close()
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._open_lock:
            waiting = list(self._open)
        for connection in waiting:  # idle keep-alive clients must not hold SIGTERM up for IDLE_TIMEOUT
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


@dataclass
class MessageProxy:
    """Serve a provider's producers and state handlers over the message-proxy protocol."""

    provider: Provider
    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port, see :attr:`port` after :meth:`start`
    message_path: str = MESSAGE_PATH
    state_path: str = STATE_PATH
    verbose: bool = False
    timeout: float | None = DEFAULT_TIMEOUT  # seconds each producer or state handler may take; None: no limit
    _server: _Server | None = field(default=None, init=False, repr=False)
    _thread: threading.Thread | None = field(default=None, init=False, repr=False)
    _active: dict[tuple[str, str], ActiveState] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def message_url(self) -> str:
        return self.base_url + self.message_path

    @property
    def state_url(self) -> str:
        return self.base_url + self.state_path

    def bind(self) -> None:
        """Open the listening socket (so :attr:`port` is known) without serving yet."""
        if self._server is None:
            server = _Server((self.host, self.port), _Handler)
            server.proxy = self
            self._server = server
            self.port = server.server_address[1]

    def start(self) -> MessageProxy:
        """Serve in a background thread."""
        self.bind()
        assert self._server is not None
        # a short poll interval: stop() waits for the next poll, and tests start and stop many proxies
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="pactspec-proxy", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted."""
        self.bind()
        assert self._server is not None
        try:
            self._server.serve_forever()
        finally:
            self.close()

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._thread.join()
        self.close()

    def close(self) -> None:
        if self._server is not None:
            self._server.server_close()
            self._server = None
        self._thread = None
        with self._lock:
            pending, self._active = list(self._active.values()), {}
        for active in reversed(pending):  # teardowns the verifier never asked for still run
            try:
                active.teardown()
            except StateSetupError as exc:  # no verifier is left to tell: the operator is
                print(f"pactspec serve: {exc}", file=sys.stderr)

    def __enter__(self) -> MessageProxy:  # noqa: PYI034 - a dataclass, not subclassed
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _log(self, message: str, exc: BaseException | None = None) -> None:
        """With --verbose, tell the operator (stderr) what the verifier on the other side is told."""
        if not self.verbose:
            return
        text = f"pactspec serve: {message}\n"
        if exc is not None:
            text += "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        sys.stderr.write(text)
        sys.stderr.flush()

    def handle_state(self, data: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
        name = data.get("state")
        params = data.get("params") or {}
        action = data.get("action") or "setup"
        if not isinstance(name, str) or not isinstance(params, Mapping) or action not in ("setup", "teardown"):
            return 400, {"error": 'send {"state": "<name>", "params": {...}, "action": "setup" | "teardown"}'}
        if not name:
            return 200, {}
        key = (name, json.dumps(params, sort_keys=True, default=str))
        if action == "teardown":
            with self._lock:
                active = self._active.pop(key, None)
            try:
                if active is not None:
                    active.teardown()
            except StateSetupError as exc:
                return FAILED, {"error": str(exc)}
            return 200, {}
        handler = self.provider.find_state(name)
        if handler is None:
            return 404, {"error": f"no handler for provider state {name!r}; add @provider_state({name!r})"}
        with self._lock:
            previous = self._active.pop(key, None)
        try:
            if previous is not None:  # set up again without a teardown in between
                previous.teardown()
            active = set_up_state(handler, ProviderState(name, dict(params)), timeout=self.timeout)
        except StateSetupError as exc:
            self._log(str(exc), exc.__cause__)
            return FAILED, {"error": str(exc)}
        with self._lock:
            self._active[key] = active
        return 200, jsonable(active.values)

    def handle_message(self, data: Mapping[str, Any]) -> tuple[int, bytes, str | None, dict[str, str]]:
        description = data.get("description")
        if not isinstance(description, str):
            return _json_error(400, 'send {"description": "<message description>", "providerStates": [...]}')
        function = self.provider.find_producer(description)
        if function is None:
            return _json_error(404, f"no producer for message {description!r}; add @producer({description!r})")
        context: dict[str, Any] = {}
        states = data.get("providerStates") or []
        with self._lock:
            for state in states if isinstance(states, list) else []:
                if isinstance(state, Mapping):
                    params = state.get("params") or {}
                    context.update(params if isinstance(params, Mapping) else {})
                    key = (str(state.get("name")), json.dumps(params, sort_keys=True, default=str))
                    if key in self._active:
                        context.update(self._active[key].values)
        synchronous = "request" in data
        try:
            request = None
            if synchronous:
                contents = contents_from_wire(data["request"])
                request = Message(contents.body, dict(contents.metadata), contents.content_type,
                                  encode_body(contents.body, contents.content_type))
        except (InputError, ValueError, TypeError) as exc:
            return _json_error(400, f"the request of {description!r} cannot be read: {exc}")
        try:
            provider_states = [ProviderState(str(s.get("name")), dict(p) if isinstance(p := s.get("params"), Mapping)
                                             else {})
                               for s in (states if isinstance(states, list) else []) if isinstance(s, Mapping)]
            args, kwargs = producer_arguments(function, request=request, context=context,
                                              synchronous=synchronous, description=description,
                                              states=provider_states)
        except ConfigurationError as exc:
            self._log(str(exc))
            return _json_error(FAILED, str(exc))
        try:
            value = call_producer(function, args, kwargs, description=description, timeout=self.timeout)
        except ProducerError as exc:  # the verifier on the other side gets the reason
            self._log(str(exc), exc.__cause__)
            return _json_error(FAILED, str(exc))
        if synchronous and isinstance(value, (list, tuple)):
            # The message-proxy protocol carries one response per request (the Pact verifiers read
            # the HTTP body as the one response), so a list sends its first item; say so when verbose.
            if len(value) > 1:
                self._log(f"the producer of {description!r} returned {len(value)} responses; the message "
                          "proxy sends the first only (use pactspec verify --app to verify several)")
            value = value[0] if value else None
        try:
            message = to_contents(value, MessageContents())
        except ProducerError as exc:
            self._log(f"the producer of {description!r} failed: {exc}")
            return _json_error(FAILED, f"the producer of {description!r} failed: {exc}")
        metadata = dict(message.metadata)
        if message.content_type:
            # Contracts spell it either way and the Pact verifiers compare metadata keys literally:
            # the message's content type answers to both spellings.
            metadata.setdefault(CONTENT_TYPE_KEY, message.content_type)
            metadata.setdefault("Content-Type", message.content_type)
        headers = {}
        if metadata:
            headers[METADATA_HEADER] = encode_metadata(metadata)
        return 200, encode_body(message.body, message.content_type), message.content_type, headers


def _json_error(status: int, message: str) -> tuple[int, bytes, str, dict[str, str]]:
    return status, json.dumps({"error": message}).encode("utf-8"), "application/json", {}
