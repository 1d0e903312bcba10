"""Redis Streams with redis-py: ``XADD`` to publish, ``XREAD`` from the stream's end to capture.

URL: ``redis://[:PASSWORD@]HOST:PORT/STREAM`` (``rediss://`` for TLS; or ``?topic=STREAM``);
``?db=N`` picks the database, ``?body_field=F`` the entry field that holds the message (default
``body``); other query parameters go to redis-py's ``from_url``.

A stream entry is a set of fields: one holds the message's bytes, the others are its metadata.
A capture reads from the stream's last entry id at the moment it opened, so entries already in
the stream are left there and only what the trigger adds is seen. Delivery (``stub``) needs the
stream to exist (the consumer creates it, e.g. ``XGROUP CREATE … MKSTREAM``): pactspec does not
create streams, so a misspelt name is an error rather than a stream nobody reads.

Transport data ↔ Pact metadata keys:

=================  ==============================================================
Pact metadata key  Redis Streams
=================  ==============================================================
``stream``         the stream's key (captured; on publish, the target when the URL has none)
``id``             the entry id, e.g. ``1700000000000-0`` (captured)
``contentType``    field ``contentType`` (``content-type`` is read too)
any other key      a field of the same name (text; other values as JSON text)
=================  ==============================================================
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlunsplit

import redis
import redis.exceptions

from pactspec.content import CONTENT_TYPE_KEY, content_type_key
from pactspec.errors import ConfigurationError, InputError, TransportError
from pactspec.model import Message
from pactspec.transports._base import (
    DEFAULT_WAIT,
    Closing,
    Destination,
    PollingCapture,
    message_bytes,
    publish_target,
    received_message,
    redact_url,
    server_url,
    unreachable,
)
from pactspec.transports._wire import from_bytes, metadata_headers, path_name, with_content_type

__all__ = ["RedisStreamsTransport"]

_ENTRY_KEYS = ("stream", "id")
_TIMEOUT = 5.0
_BATCH = 100


class RedisStreamsTransport(Closing):
    """One redis-py client (a connection pool) for one Redis server."""

    carries_content_type = False

    def __init__(self, url: str, destination: Destination | None = None) -> None:
        self.url = url
        parts, _ = server_url(url, what="Redis server", example="redis://127.0.0.1:6379/my-stream")
        query = dict(parse_qsl(parts.query))
        self.body_field = query.pop("body_field", "body")
        stream = path_name(url)
        self.destination = (destination or Destination()).merged(Destination(topic=stream))
        client_url = urlunsplit((parts.scheme, parts.netloc, "", urlencode(query), ""))
        self._server = f"{parts.hostname}:{parts.port or 6379}"
        try:
            self._client = redis.Redis.from_url(
                client_url, socket_connect_timeout=_TIMEOUT, socket_keepalive=True
            )
        except ValueError as exc:
            raise InputError(f"{redact_url(url)}: {exc}; see redis-py's URL form") from exc
        try:  # once at opening, so an unreachable Redis stops the run before anything is published
            self._client.ping()
        except redis.exceptions.AuthenticationError as exc:
            raise unreachable("Redis", url, f"{exc}", "password and database") from exc
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as exc:
            raise unreachable("Redis", url, f"{type(exc).__name__}: {exc}") from exc
        except redis.exceptions.ResponseError as exc:
            raise unreachable("Redis", url, str(exc), "password and database") from exc

    def publish(self, message: Message, destination: Destination | None = None) -> str:
        target = (destination or Destination()).merged(self.destination)
        metadata = dict(message.metadata)
        stream = publish_target(target.topic, metadata, "stream", what="Redis stream", url="redis://HOST:PORT/STREAM")
        where = f"Redis stream {stream!r} at {self._server}"
        kind = self._call(lambda: self._client.type(stream), where)
        if kind != b"stream":
            raise ConfigurationError(
                f"there is no Redis stream {stream!r} at {self._server}"
                + (f" (the key holds a {kind.decode()})" if kind != b"none" else "")
                + "; the consumer creates it before delivering (XGROUP CREATE … MKSTREAM), or fix the name"
            )
        body, content_type = message_bytes(message)
        fields: dict[Any, Any] = metadata_headers(metadata, (*_ENTRY_KEYS, self.body_field))
        if content_type is not None and content_type_key(metadata) is None:
            fields[CONTENT_TYPE_KEY] = content_type
        fields[self.body_field] = body
        entry = self._call(lambda: self._client.xadd(stream, fields), where)
        return f"{where} (entry {entry.decode()})"

    def capture(self, source: Destination | None = None, *, timeout: float = DEFAULT_WAIT) -> PollingCapture:
        source = (source or Destination()).merged(self.destination)
        if not source.topic:
            raise InputError("say which Redis stream to capture from (redis://HOST:PORT/STREAM or topic=…)")
        stream = source.topic
        where = f"Redis stream {stream!r} at {self._server}"
        last = {"id": self._last_id(stream, where)}
        client = self._client

        def poll(seconds: float) -> list[Message]:
            answer = self._call(
                lambda: client.xread({stream: last["id"]}, count=_BATCH, block=max(1, int(seconds * 1000))), where
            )
            messages = []
            for _name, entries in answer or []:
                for entry_id, fields in entries:
                    last["id"] = entry_id
                    messages.append(self._received(stream, entry_id, fields))
            return messages

        return PollingCapture(where, poll, lambda: None, timeout=timeout)

    def close(self) -> None:
        self._client.close()

    def _last_id(self, stream: str, where: str) -> bytes:
        """The id after which new entries come: the stream's last generated id, or 0-0 before it exists."""
        kind = self._call(lambda: self._client.type(stream), where)
        if kind == b"none":
            return b"0-0"
        if kind != b"stream":
            raise ConfigurationError(
                f"the Redis key {stream!r} at {self._server} holds a {kind.decode()}, not a stream; fix the name"
            )
        info = self._call(lambda: self._client.xinfo_stream(stream), where)
        last: bytes = info["last-generated-id"]
        return last

    def _received(self, stream: str, entry_id: bytes, fields: dict[bytes, bytes]) -> Message:
        body = b""
        metadata: dict[str, Any] = {}
        for name, value in fields.items():
            key = name.decode("utf-8", errors="replace")
            if key == self.body_field:
                body = value
            else:
                metadata[key] = from_bytes(value)
        # The entry's own data last: a field of the same name cannot pass for the stream or the id.
        metadata["stream"] = stream
        metadata["id"] = entry_id.decode()
        metadata, content_type = with_content_type(metadata)
        return received_message(body, content_type, metadata)

    def _call(self, action: Any, where: str) -> Any:
        try:
            return action()
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
            raise TransportError(f"lost Redis while using {where}: {exc}") from exc
        except redis.exceptions.ResponseError as exc:
            raise TransportError(f"Redis refused the command on {where}: {exc}") from exc
