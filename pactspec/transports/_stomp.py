"""ActiveMQ (or any STOMP 1.2 broker) with stomp.py: publish with a receipt, capture by subscribing.

URL: ``stomp://[USER:PASSWORD@]HOST:PORT/queue/NAME`` or ``…/topic/NAME`` (``stomp+ssl://`` for
TLS; or ``?queue=NAME`` / ``?topic=NAME``). ``amqp://`` stays RabbitMQ's.

A capture subscribes when it opens. On a topic it sees only what is published after that. On a
queue it first browses the messages already waiting (ActiveMQ's ``browser`` subscription) and
leaves them there: they are not acknowledged, and go back to the queue when the capture ends. A
queue shares its messages between its consumers, so while a capture runs no other consumer
should read that queue (capture from a topic the producer publishes to, or stop the consumer).
Each publish asks for a receipt, so a broker that refuses the message says so; ActiveMQ creates
a queue or topic on first use. Text bodies (JSON, XML, text) go with ``amq-msg-type: text``, so
a JMS consumer gets a ``TextMessage``.

Transport data ↔ Pact metadata keys:

=====================  ==============================================================
Pact metadata key      STOMP (ActiveMQ)
=====================  ==============================================================
``destination``        ``/queue/NAME`` or ``/topic/NAME`` (captured; on publish, the
                       target when the URL has none)
``messageId``          ``message-id`` (captured; the broker sets it)
``correlationId``      ``correlation-id``; likewise ``replyTo`` (``reply-to``) and ``type``
``priority``           ``priority`` (0-9, a number)
``persistent``         ``persistent`` (true or false)
``contentType``        ``content-type``
``timestamp``,         ActiveMQ's ``timestamp`` and ``expires`` (milliseconds, captured)
``expires``
any other key          a header of the same name (text; other values as JSON text)
=====================  ==============================================================
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

import stomp
import stomp.exception

from pactspec.content import CONTENT_TYPE_KEY, body_kind, is_content_type_key
from pactspec.errors import InputError, NothingArrived, TransportError
from pactspec.model import Message
from pactspec.transports._base import (
    DEFAULT_WAIT,
    Closing,
    Destination,
    PollingCapture,
    message_bytes,
    received_message,
    redact_url,
    server_url,
    unreachable,
)
from pactspec.transports._wire import Responder, as_text, drain, from_bytes

__all__ = ["HEADER_KEYS", "STOMPTransport"]

# Pact metadata key -> STOMP header
HEADER_KEYS: dict[str, str] = {
    "correlationId": "correlation-id",
    "replyTo": "reply-to",
    "type": "type",
    "priority": "priority",
    "persistent": "persistent",
}
_CAPTURED_ONLY = {"message-id": "messageId", "timestamp": "timestamp", "expires": "expires"}
# STOMP's own frame headers, which say nothing about the message
_FRAME_HEADERS = frozenset({"subscription", "ack", "content-length", "receipt", "amq-msg-type"})
_TIMEOUT = 5.0
_LOGGER = "stomp.py"


class _Listener(stomp.ConnectionListener):
    """Routes each frame the connection receives to whoever waits for it: a capture, a receipt, a browse."""

    def __init__(self) -> None:
        self.subscriptions: dict[str, queue.Queue[Any]] = {}
        self.receipts: dict[str, threading.Event] = {}
        self.errors: list[str] = []

    def on_message(self, frame: Any) -> None:
        target = self.subscriptions.get(frame.headers.get("subscription", ""))
        if target is not None:
            target.put(frame)

    def on_receipt(self, frame: Any) -> None:
        self.receipts.setdefault(frame.headers.get("receipt-id", ""), threading.Event()).set()

    def on_error(self, frame: Any) -> None:
        body = frame.body.decode("utf-8", "replace") if isinstance(frame.body, bytes) else str(frame.body or "")
        first_line = body.strip().splitlines()[0] if body.strip() else "ERROR"
        self.errors.append(frame.headers.get("message") or first_line)
        for event in self.receipts.values():
            event.set()


class STOMPTransport(Closing):
    """One STOMP 1.2 connection (stomp.py, its receiver thread) to one broker."""

    carries_content_type = True

    def __init__(self, url: str, destination: Destination | None = None) -> None:
        self.url = url
        parts, _ = server_url(url, what="broker", example="stomp://127.0.0.1:61613/queue/users")
        self.destination = (destination or Destination()).merged(_path_destination(url))
        self._server = f"{parts.hostname}:{parts.port or 61613}"
        self._connection = stomp.Connection(
            [(parts.hostname, parts.port or 61613)],
            reconnect_attempts_max=1,  # one attempt: a broker that does not answer is reported at once
            reconnect_sleep_initial=0,
            timeout=_TIMEOUT,
            auto_decode=False,
        )
        if parts.scheme == "stomp+ssl":
            self._connection.set_ssl([(parts.hostname, parts.port or 61613)])
        self._listener = _Listener()
        self._connection.set_listener("pactspec", self._listener)
        try:
            with _quiet():
                self._connection.connect(
                    unquote(parts.username or ""), unquote(parts.password or ""), wait=True,
                    headers={"client-id": f"pactspec-{uuid.uuid4().hex[:12]}"},
                )
        except (stomp.exception.StompException, OSError) as exc:
            said = str(exc).strip() or "refused, or no answer"
            detail = self._listener.errors[-1] if self._listener.errors else f"{type(exc).__name__}: {said}"
            raise unreachable("the STOMP broker", url, detail, "host, port and credentials") from exc

    def publish(self, message: Message, destination: Destination | None = None) -> str:
        target = (destination or Destination()).merged(self.destination)
        metadata = dict(message.metadata)
        name = self._target(target, metadata)
        body, content_type = message_bytes(message)
        headers = _headers(metadata, content_type)
        where = f"STOMP destination {name!r} at {self._server}"
        receipt = f"pactspec-{uuid.uuid4().hex}"
        done = self._listener.receipts.setdefault(receipt, threading.Event())
        errors_before = len(self._listener.errors)
        try:
            self._connection.send(name, body, headers={**headers, "receipt": receipt})
        except stomp.exception.StompException as exc:
            raise TransportError(f"the broker refused the message for {where}: {type(exc).__name__}: {exc}") from exc
        arrived = done.wait(_TIMEOUT)
        self._listener.receipts.pop(receipt, None)
        if len(self._listener.errors) > errors_before:
            raise TransportError(f"the broker refused the message for {where}: {self._listener.errors[-1]}")
        if not arrived:
            raise TransportError(f"the broker did not confirm the message for {where} within {_TIMEOUT:g} s")
        return where

    def request(self, message: Message, destination: Destination | None = None, *, replies: int = 1,
                timeout: float = DEFAULT_WAIT) -> tuple[str, list[Message]]:
        """Send a request with ``reply-to`` a temporary queue: where it went and the first reply (:class:`Requester`)."""
        target = (destination or Destination()).merged(self.destination)
        name = self._target(target, dict(message.metadata))
        inbox: queue.Queue[Any] = queue.Queue()
        subscription = f"pactspec-reply-{uuid.uuid4().hex[:12]}"
        reply_to = f"/temp-queue/{subscription}"
        self._listener.subscriptions[subscription] = inbox
        self._connection.subscribe(reply_to, id=subscription, ack="auto")
        try:
            metadata = {"correlationId": uuid.uuid4().hex, **message.metadata, "replyTo": reply_to}
            self.publish(Message(message.body, metadata, message.content_type, message.raw), Destination(queue=name))
            where = f"the reply queue of a request to {name!r} at {self._server}"
            try:
                return where, [_received(inbox.get(timeout=timeout))]
            except queue.Empty:
                raise NothingArrived(where, timeout) from None
        finally:
            self._listener.subscriptions.pop(subscription, None)
            with contextlib.suppress(stomp.exception.StompException):
                self._connection.unsubscribe(id=subscription)

    def respond(self, answer: Callable[[Message], Message | None], destination: Destination | None = None) -> Responder:
        """Answer each request (a message with ``reply-to``) with ``answer(request)``, same ``correlation-id``."""
        source = (destination or Destination()).merged(self.destination)
        name = _destination_name(source)
        if name is None:
            raise InputError("say which ActiveMQ queue or topic the requests come to (stomp://HOST:PORT/queue/NAME)")
        requests: queue.Queue[Any] = queue.Queue()
        subscription = f"pactspec-answer-{uuid.uuid4().hex[:12]}"
        self._listener.subscriptions[subscription] = requests
        stopping = threading.Event()

        def serve() -> None:
            # a thread of its own: replying from stomp.py's receiver thread could not wait for a receipt
            while not stopping.is_set():
                try:
                    frame = requests.get(timeout=0.1)
                except queue.Empty:
                    continue
                reply_to = frame.headers.get("reply-to")
                reply = answer(_received(frame)) if reply_to else None
                if reply is None:
                    continue
                correlation = frame.headers.get("correlation-id")
                metadata = {**reply.metadata, **({"correlationId": correlation} if correlation else {})}
                with contextlib.suppress(TransportError):
                    self.publish(Message(reply.body, metadata, reply.content_type, reply.raw), Destination(queue=reply_to))

        worker = threading.Thread(target=serve, name="pactspec-stomp-answer", daemon=True)
        worker.start()
        self._connection.subscribe(name, id=subscription, ack="auto")

        def stop() -> None:
            stopping.set()
            worker.join(timeout=5)
            self._listener.subscriptions.pop(subscription, None)
            with contextlib.suppress(stomp.exception.StompException):
                self._connection.unsubscribe(id=subscription)

        return Responder(f"STOMP destination {name!r} at {self._server}", stop)

    def _target(self, target: Destination, metadata: dict[str, Any]) -> str:
        name = _destination_name(target)
        if name is None:
            value = metadata.get("destination")
            if not isinstance(value, str) or not value:
                raise InputError(
                    "no STOMP destination to publish the message to; name it in the URL "
                    '(stomp://HOST:PORT/queue/NAME or /topic/NAME) or put "destination" in the contract\'s metadata'
                )
            name = value
        return name

    def capture(self, source: Destination | None = None, *, timeout: float = DEFAULT_WAIT) -> PollingCapture:
        source = (source or Destination()).merged(self.destination)
        name = _destination_name(source)
        if name is None:
            raise InputError(
                "say which ActiveMQ queue or topic to capture from (stomp://HOST:PORT/queue/NAME, /topic/NAME, "
                "queue=… or topic=…)"
            )
        is_queue = name.startswith("/queue/")
        waiting = self._browse(name) if is_queue else set()
        where = f"ActiveMQ {'queue' if is_queue else 'topic'} {name.split('/', 2)[-1]!r} at {self._server}"
        frames: queue.Queue[Any] = queue.Queue()
        subscription = f"pactspec-capture-{uuid.uuid4().hex[:12]}"
        self._listener.subscriptions[subscription] = frames
        receipt = f"{subscription}-subscribed"
        done = self._listener.receipts.setdefault(receipt, threading.Event())
        headers = {"receipt": receipt}
        if waiting:  # room for the waiting messages, which stay unacknowledged, and the new ones after them
            headers["activemq.prefetchSize"] = str(len(waiting) + 1000)
        self._connection.subscribe(name, id=subscription, ack="client-individual", headers=headers)
        if not done.wait(_TIMEOUT):
            self._listener.subscriptions.pop(subscription, None)
            raise TransportError(f"the broker did not confirm the subscription to {where} within {_TIMEOUT:g} s")
        self._listener.receipts.pop(receipt, None)
        left: list[str] = []

        def poll(seconds: float) -> list[Message]:
            messages = []
            for frame in drain(frames, seconds):
                if frame.headers.get("message-id") in waiting:
                    left.append(frame.headers["message-id"])  # not acknowledged: it goes back to the queue
                    continue
                self._connection.ack(frame.headers.get("ack") or frame.headers.get("message-id"), subscription)
                messages.append(_received(frame))
            return messages

        def close() -> None:
            self._listener.subscriptions.pop(subscription, None)
            with contextlib.suppress(stomp.exception.StompException):
                self._connection.unsubscribe(id=subscription)

        return PollingCapture(where, poll, close, timeout=timeout, waiting=lambda: len(waiting))

    def close(self) -> None:
        with contextlib.suppress(stomp.exception.StompException, OSError), _quiet():
            self._connection.disconnect()

    def _browse(self, name: str) -> set[str]:
        """The ids of the messages waiting in a queue, read without taking them (ActiveMQ's queue browser)."""
        frames: queue.Queue[Any] = queue.Queue()
        subscription = f"pactspec-browse-{uuid.uuid4().hex[:12]}"
        self._listener.subscriptions[subscription] = frames
        self._connection.subscribe(name, id=subscription, ack="auto", headers={"browser": "true"})
        ids: set[str] = set()
        try:
            while True:
                try:
                    frame = frames.get(timeout=_TIMEOUT)
                except queue.Empty as exc:
                    raise TransportError(
                        f"the broker at {self._server} did not finish browsing {name!r} within {_TIMEOUT:g} s "
                        "(browsing a queue is ActiveMQ's; other STOMP brokers: capture from a topic)"
                    ) from exc
                if frame.headers.get("browser") == "end":
                    return ids
                ids.add(frame.headers.get("message-id", ""))
        finally:
            self._listener.subscriptions.pop(subscription, None)
            with contextlib.suppress(stomp.exception.StompException):
                self._connection.unsubscribe(id=subscription)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """stomp.py logs a failed connection before pactspec reports it as one sentence: silence it meanwhile."""
    logger = logging.getLogger(_LOGGER)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _path_destination(url: str) -> Destination:
    """``/queue/NAME`` or ``/topic/NAME`` in the URL's path, as a destination."""
    path = unquote(urlsplit(url).path).strip("/")
    if not path:
        return Destination()
    kind, _, name = path.partition("/")
    if kind not in ("queue", "topic") or not name:
        raise InputError(f"{redact_url(url)}: the path names /queue/NAME or /topic/NAME, not /{path}")
    return Destination(queue=name) if kind == "queue" else Destination(topic=name)


def _destination_name(destination: Destination) -> str | None:
    """The STOMP destination: ``/queue/Q`` or ``/topic/T`` (a name that starts with ``/`` is used as it is)."""
    for kind, name in (("queue", destination.queue), ("topic", destination.topic)):
        if name:
            return name if name.startswith("/") else f"/{kind}/{name}"
    return None


def _headers(metadata: dict[str, Any], content_type: str | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    for key, value in metadata.items():
        if key in ("destination", *_CAPTURED_ONLY.values()) or is_content_type_key(key):
            continue
        if key == "priority" and (not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 9):
            raise InputError(f"metadata 'priority' must be a number from 0 to 9 for ActiveMQ, not {value!r}")
        if key == "persistent" and not isinstance(value, bool):
            raise InputError(f"metadata 'persistent' must be true or false for ActiveMQ, not {value!r}")
        text = ("true" if value else "false") if isinstance(value, bool) else as_text(value)
        headers[HEADER_KEYS.get(key, key)] = text
    if content_type is not None:
        headers["content-type"] = content_type
        if body_kind(content_type) in ("json", "xml", "text"):
            headers["amq-msg-type"] = "text"
    return headers


def _received(frame: Any) -> Message:
    metadata: dict[str, Any] = {}
    own: dict[str, Any] = {}
    by_header = {header: key for key, header in HEADER_KEYS.items()}
    for raw_name, raw_value in frame.headers.items():
        name = str(raw_name)
        value = from_bytes(raw_value) if isinstance(raw_value, bytes) else raw_value
        if name in _FRAME_HEADERS:
            continue
        if name == "destination":
            own["destination"] = value
        elif name in _CAPTURED_ONLY:
            own[_CAPTURED_ONLY[name]] = _number(value) if name != "message-id" else value
        elif name in by_header:
            own[by_header[name]] = _typed(by_header[name], value)
        elif is_content_type_key(name):
            own[CONTENT_TYPE_KEY] = value
        else:
            metadata[name] = value
    # The broker's own data last: a header cannot pass for the destination or the message id.
    metadata.update(own)
    body = frame.body if isinstance(frame.body, bytes) else str(frame.body or "").encode("utf-8")
    return received_message(body, own.get(CONTENT_TYPE_KEY), metadata)


def _typed(key: str, value: Any) -> Any:
    if key == "priority":
        return _number(value)
    if key == "persistent":
        return {"true": True, "false": False}.get(str(value), value)
    return value


def _number(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value
