"""The transport interface: publish a message to a real message broker, capture what arrives there.

A transport is opened from a URL whose scheme names it (see :mod:`pactspec.transports`);
where a message goes or comes from is a :class:`Destination`. Transport details travel as Pact
message metadata, mapped per transport in each adapter's docstring, so a capture can be matched
against a contract and a contract's example can be published with the same keys.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any, Protocol, Self, runtime_checkable
from urllib.parse import SplitResult, urlsplit, urlunsplit

from pactspec.content import declared_content_type, decode_body, encode_body, guess_content_type
from pactspec.errors import InputError, NothingArrived, TransportUnreachable
from pactspec.model import NO_BODY, Message

__all__ = [
    "DEFAULT_WAIT",
    "Capture",
    "Closing",
    "Destination",
    "PollingCapture",
    "Requester",
    "StubServer",
    "Transport",
    "message_bytes",
    "publish_target",
    "received_message",
    "redact_url",
    "server_url",
    "unreachable",
]

DEFAULT_WAIT = 5.0


@dataclass(frozen=True, slots=True)
class Destination:
    """Where messages go to or are captured from; each transport reads the fields it knows.

    RabbitMQ: ``exchange`` (``""`` is the default exchange) with ``routing_key`` (publishing) or a
    binding key (capturing, default ``#``), or an existing ``queue`` to capture from.
    SQS: ``queue`` (name or queue URL). Kafka: ``topic``. Kinesis: ``stream``. SNS: ``topic`` (name or
    ARN) and a subscription ``filter_policy`` (JSON) for capturing. S3: ``bucket`` and a key ``prefix``.
    A field left ``None`` on publish may be filled from the message's metadata (``exchange``,
    ``routingKey``, ``queue``, ``topic``, ``stream``, ``bucket``).
    """

    exchange: str | None = None
    routing_key: str | None = None
    queue: str | None = None
    topic: str | None = None
    stream: str | None = None
    bucket: str | None = None
    prefix: str | None = None
    filter_policy: str | None = None

    def describe(self) -> str:
        """Human words for error messages: ``exchange 'users' (routing key 'user.created')``."""
        parts = []
        if self.exchange is not None:
            parts.append(f"exchange {self.exchange!r}" if self.exchange else "the default exchange")
        if self.queue is not None:
            parts.append(f"queue {self.queue!r}")
        if self.topic is not None:
            parts.append(f"topic {self.topic!r}")
        if self.stream is not None:
            parts.append(f"stream {self.stream!r}")
        if self.bucket is not None:
            parts.append(f"bucket {self.bucket!r}")
        text = " and ".join(parts) or "no destination"
        if self.routing_key is not None:
            text += f" (routing key {self.routing_key!r})"
        if self.prefix is not None:
            text += f" (key prefix {self.prefix!r})"
        if self.filter_policy is not None:
            text += f" (filter policy {self.filter_policy})"
        return text

    def merged(self, other: Destination) -> Destination:
        """This destination with its unset fields taken from ``other``."""
        return Destination(**{
            f.name: mine if (mine := getattr(self, f.name)) is not None else getattr(other, f.name)
            for f in fields(self)
        })


class Capture(Protocol):
    """Messages arriving at one place, listened to from the moment the capture was opened."""

    where: str

    def next(self, timeout: float | None = None) -> Message:
        """The next message; :class:`NothingArrived` when none comes within the time limit."""
        ...

    def __iter__(self) -> Iterator[Message]:
        """Every message that arrives until the time limit passes (no error when none does)."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


@runtime_checkable
class Transport(Protocol):
    """One connection to a transport: publish messages, capture them; close when done."""

    url: str
    destination: Destination  # the destination the URL names
    carries_content_type: bool  # the transport has a content-type field of its own (AMQP does, SQS doesn't)

    def publish(self, message: Message, destination: Destination | None = None) -> str:
        """Send one message and say where it went; :class:`TransportError` when the transport refuses it."""
        ...

    def capture(self, source: Destination | None = None, *, timeout: float = DEFAULT_WAIT) -> Capture:
        """Start listening at ``source`` now; use as a context manager around the trigger."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


@runtime_checkable
class Requester(Protocol):
    """A transport with request/reply (NATS, STOMP, MQTT 5, WebSocket): it sends a synchronous message's
    request itself and reads the replies."""

    def request(self, message: Message, destination: Destination | None = None, *, replies: int = 1,
                timeout: float = DEFAULT_WAIT) -> tuple[str, list[Message]]:
        """Where the request went, and the replies that arrived within ``timeout`` (``replies`` are
        expected; a transport with one reply per request gives at most one). None at all: an empty
        list, or :class:`NothingArrived` naming where the reply was awaited."""
        ...


class StubServer(Protocol):
    """A stub the consumer connects to (``ws://``): it plays the provider from start() (or ``with``) to stop()."""

    url: str  # where it listens (a port 0 in the given URL is the one the system chose)

    def start(self) -> Self: ...

    def stop(self) -> None: ...

    def served(self) -> int:
        """How many clients got every message meant for them."""
        ...

    def wait_for_clients(self, clients: int, timeout: float | None = None) -> bool:
        """Block until ``clients`` clients were served (True) or ``timeout`` seconds passed (False)."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


class Closing:
    """``with`` support for a transport or capture: leaving the block calls ``close()``."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class PollingCapture(Closing):
    """A capture built on one call of the client library: ``poll(seconds)`` returns what arrived meanwhile.

    Adapters give the poll function (and a close function); the time limit, the buffer and the
    iteration live here once. A capture takes only messages sent after it opened: an adapter
    that reads an existing queue leaves the ones already waiting there, and ``waiting`` counts
    them for the failure message.
    """

    def __init__(
        self,
        where: str,
        poll: Callable[[float], list[Message]],
        close: Callable[[], None],
        *,
        timeout: float,
        waiting: Callable[[], int] = lambda: 0,
    ) -> None:
        if timeout <= 0:
            raise InputError(f"a capture needs a positive wait in seconds, not {timeout!r}")
        self.where = where
        self.timeout = timeout
        self._poll = poll
        self._close = close
        self._waiting = waiting
        self._buffer: deque[Message] = deque()
        self._closed = False

    def next(self, timeout: float | None = None) -> Message:
        wait = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + wait
        while not self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise NothingArrived(self.where, wait, self._waiting())
            self._buffer.extend(self._poll(remaining))
        return self._buffer.popleft()

    def __iter__(self) -> Iterator[Message]:
        deadline = time.monotonic() + self.timeout
        while True:
            if self._buffer:
                yield self._buffer.popleft()
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            self._buffer.extend(self._poll(remaining))

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._close()


def publish_target(configured: str | None, metadata: Mapping[str, Any], key: str, *, what: str, url: str) -> str:
    """Where to publish: the name the URL or step gives, else the contract's metadata ``key``."""
    value = metadata.get(key)
    name = configured or (value if isinstance(value, str) else None)
    if not name:
        raise InputError(
            f'no {what} to publish the message to; name it in the URL ({url}) or put "{key}" in the '
            "contract's metadata"
        )
    return name


def unreachable(transport: str, url: str, detail: str, check: str = "host and port") -> TransportUnreachable:
    """The one sentence for a transport that does not answer at ``url``: what failed and what to check."""
    return TransportUnreachable(
        f"cannot connect to {transport} at {redact_url(url)} ({detail}); is it running, and are the {check} right?"
    )


def message_bytes(message: Message) -> tuple[bytes, str | None]:
    """The wire bytes of a message and its content type (the raw bytes win when present)."""
    content_type = message.content_type or declared_content_type(message.metadata)
    if message.raw is not None:
        return message.raw, content_type
    if content_type is None:
        content_type = guess_content_type(message.body)
    return encode_body(message.body, content_type), content_type


def received_message(raw: bytes, content_type: str | None, metadata: Mapping[str, Any]) -> Message:
    """A captured message: body decoded by content type when possible, the raw bytes kept.

    A body that doesn't decode stays as bytes here; the capture verification decodes ``raw``
    again and reports why as a mismatch.
    """
    try:
        body = decode_body(raw, content_type)
    except InputError:
        body = raw
    return Message(body=body if raw else NO_BODY, metadata=dict(metadata), content_type=content_type, raw=raw)


def server_url(url: str, *, what: str, example: str) -> tuple[SplitResult, str]:
    """The parts of a URL that must name a server, and its host: no host is bad input, with ``example`` to copy."""
    parts = urlsplit(url)
    if not parts.hostname:
        raise InputError(f"{redact_url(url)}: say which {what}, e.g. {example}")
    return parts, parts.hostname


def redact_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
