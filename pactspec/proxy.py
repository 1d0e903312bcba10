"""The Pact message-proxy protocol, both ways: serve our producers, and verify anyone's.

The protocol, as the Pact verifiers speak it:

* ``POST /_pact/message`` with ``{"description": …, "providerStates": [{"name": …, "params": {…}}]}``
  (``providerStates`` absent when there are none; a synchronous message adds ``"request"``, its V4
  request contents). The answer's body is the message, its ``Content-Type`` header the message's
  content type, and the ``Pact-Message-Metadata`` header base64(JSON) of the message metadata.
* ``POST /_pact/state`` with ``{"state": …, "params": {…}, "action": "setup" | "teardown"}``; the
  answer to a setup may be a JSON object of values for ``ProviderState`` generators.

:class:`MessageProxy` is the server (``pactspec serve``); :class:`ProxyBackend` is the client that
``pactspec verify --message-url URL [--state-url URL]`` uses.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pactspec.content import decode_body, encode_body
from pactspec.errors import InputError
from pactspec.model import (
    NO_BODY,
    AsynchronousMessage,
    Message,
    MessageContents,
    ProviderState,
    SynchronousMessage,
)
from pactspec.provider import ActiveState, Provider, StateSetupError, call_producer, set_up_state
from pactspec.verifier import ProducerError, to_contents

__all__ = ["MESSAGE_PATH", "METADATA_HEADER", "STATE_PATH", "MessageProxy", "ProxyBackend"]

MESSAGE_PATH = "/_pact/message"
STATE_PATH = "/_pact/state"
METADATA_HEADER = "Pact-Message-Metadata"


def _contents_to_wire(contents: MessageContents) -> dict[str, Any]:
    """V4 message contents JSON (``{"contents": {"content", "contentType", "encoded"}, "metadata"}``)."""
    body: dict[str, Any] = {"contentType": contents.content_type}
    if isinstance(contents.body, (bytes, bytearray)):
        body.update(content=base64.b64encode(bytes(contents.body)).decode("ascii"), encoded="base64")
    elif contents.body is NO_BODY:
        body = {}
    else:
        body.update(content=contents.body, encoded=False)
    return {"contents": body, "metadata": dict(contents.metadata)}


def _contents_from_wire(data: Any) -> MessageContents:
    if not isinstance(data, Mapping):
        return MessageContents()
    body_json = data.get("contents") or {}
    metadata = data.get("metadata") or {}
    content_type = body_json.get("contentType") if isinstance(body_json, Mapping) else None
    body: Any = NO_BODY
    if isinstance(body_json, Mapping) and "content" in body_json:
        body = body_json["content"]
        if body_json.get("encoded") == "base64" and isinstance(body, str):
            body = decode_body(base64.b64decode(body), content_type)
        elif body_json.get("encoded") == "json" and isinstance(body, str):
            body = json.loads(body)
    return MessageContents(body=body, content_type=content_type,
                           metadata=dict(metadata) if isinstance(metadata, Mapping) else {})


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else keep-alive responses stall ~40 ms (Nagle + delayed ACK)

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
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return {}
        return json.loads(raw)

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


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    proxy: MessageProxy


@dataclass
class MessageProxy:
    """Serve a provider's producers and state handlers over the message-proxy protocol."""

    provider: Provider
    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port, see :attr:`port` after :meth:`start`
    message_path: str = MESSAGE_PATH
    state_path: str = STATE_PATH
    verbose: bool = False
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
            except StateSetupError:
                pass

    def __enter__(self) -> MessageProxy:  # noqa: PYI034 - a dataclass, not subclassed
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

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
                return 500, {"error": str(exc)}
            return 200, {}
        handler = self.provider.find_state(name)
        if handler is None:
            return 404, {"error": f"no handler for provider state {name!r}; add @provider_state({name!r})"}
        with self._lock:
            previous = self._active.pop(key, None)
        try:
            if previous is not None:  # set up again without a teardown in between
                previous.teardown()
            active = set_up_state(handler, ProviderState(name, dict(params)))
        except StateSetupError as exc:
            return 500, {"error": str(exc)}
        with self._lock:
            self._active[key] = active
        return 200, _jsonable(active.values)

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
                contents = _contents_from_wire(data["request"])
                request = Message(contents.body, dict(contents.metadata), contents.content_type,
                                  encode_body(contents.body, contents.content_type))
        except (InputError, ValueError, TypeError) as exc:
            return _json_error(400, f"the request of {description!r} cannot be read: {exc}")
        try:
            value = call_producer(function, request=request, context=context, synchronous=synchronous)
        except Exception as exc:  # noqa: BLE001 - the verifier on the other side gets the reason
            return _json_error(500, f"the producer of {description!r} raised {type(exc).__name__}: {exc}")
        if synchronous and isinstance(value, (list, tuple)):
            value = value[0] if value else None  # the protocol carries one response
        try:
            message = to_contents(value, MessageContents())
        except ProducerError as exc:
            return _json_error(500, f"the producer of {description!r} failed: {exc}")
        metadata = dict(message.metadata)
        if message.content_type:
            # Contracts spell it either way and the Pact verifiers compare metadata keys literally:
            # the message's content type answers to both spellings.
            metadata.setdefault("contentType", message.content_type)
            metadata.setdefault("Content-Type", message.content_type)
        headers = {}
        if metadata:
            encoded = json.dumps(_jsonable(metadata), separators=(",", ":")).encode("utf-8")
            headers[METADATA_HEADER] = base64.b64encode(encoded).decode("ascii")
        return 200, encode_body(message.body, message.content_type), message.content_type, headers


def _json_error(status: int, message: str) -> tuple[int, bytes, str, dict[str, str]]:
    return status, json.dumps({"error": message}).encode("utf-8"), "application/json", {}


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


@dataclass(slots=True)
class _RemoteState:
    backend: ProxyBackend
    state: ProviderState
    values: dict[str, Any]

    def teardown(self) -> None:
        self.backend._post_state(self.state, "teardown")


@dataclass(slots=True)
class ProxyBackend:
    """A verifier backend that reaches the producer over HTTP (any language).

    States go to ``state_url`` when given, else to in-process handlers of ``provider`` when it has
    them, else nowhere (the message request still names them, for servers that set up themselves).
    """

    message_url: str
    state_url: str | None = None
    provider: Provider | None = None
    timeout: float = 30.0

    def _post(self, url: str, payload: Mapping[str, Any]) -> tuple[int, bytes, Any]:
        request = urllib.request.Request(url, data=json.dumps(payload).encode("utf-8"), method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.read(), response.headers
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), exc.headers
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ProducerError(f"cannot reach {url}: {reason}; is the producer's message proxy running?") from exc

    def _post_state(self, state: ProviderState, action: str) -> dict[str, Any]:
        assert self.state_url is not None
        payload = {"state": state.name, "params": dict(state.params or {}), "action": action}
        try:
            status, body, _ = self._post(self.state_url, payload)
        except ProducerError as exc:
            raise StateSetupError(f"provider state {state.name!r} ({action}): {exc}") from exc
        if not 200 <= status < 300:
            raise StateSetupError(f"the state URL answered {status} to the {action} of provider state "
                                  f"{state.name!r}: {_error_text(body)}")
        if action == "setup" and body.strip():
            try:
                values = json.loads(body)
            except ValueError:
                return {}
            if isinstance(values, Mapping):
                return {str(k): v for k, v in values.items()}
        return {}

    def set_up(self, state: ProviderState) -> Any:
        if self.state_url:
            return _RemoteState(self, state, self._post_state(state, "setup"))
        if self.provider is not None:
            handler = self.provider.find_state(state.name)
            if handler is not None:
                return set_up_state(handler, state)
        return None

    def produce(self, interaction: AsynchronousMessage | SynchronousMessage,
                request: MessageContents | None, context: Mapping[str, Any]) -> list[MessageContents]:
        payload: dict[str, Any] = {"description": interaction.description}
        if interaction.provider_states:
            payload["providerStates"] = [{"name": s.name, "params": dict(s.params or {})}
                                         for s in interaction.provider_states]
        if request is not None:
            payload["request"] = _contents_to_wire(request)
        status, raw, headers = self._post(self.message_url, payload)
        if status != 200:
            raise ProducerError(f"the message proxy at {self.message_url} answered {status} for "
                                f"{interaction.description!r}: {_error_text(raw)}")
        content_type = headers.get("Content-Type")
        metadata: dict[str, Any] = {"contentType": content_type} if content_type else {}
        header = headers.get(METADATA_HEADER)
        if header:
            try:
                extra = json.loads(base64.b64decode(header, validate=True))
            except (binascii.Error, ValueError) as exc:
                raise ProducerError(f"the {METADATA_HEADER} header is not base64-encoded JSON ({exc}); "
                                    "send base64(JSON object of the message metadata)") from exc
            if not isinstance(extra, Mapping):
                raise ProducerError(f"the {METADATA_HEADER} header must hold a JSON object, "
                                    f"got {type(extra).__name__}")
            metadata.update(extra)
        try:
            body = decode_body(raw, content_type)
        except InputError as exc:
            raise ProducerError(f"the message from {self.message_url}: {exc}") from exc
        return [MessageContents(body=body, content_type=content_type, metadata=metadata)]


def _error_text(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        return text[:500] or "(empty answer)"
    if isinstance(data, Mapping) and isinstance(data.get("error"), str):
        return data["error"]
    return text[:500]
