"""NATS core and JetStream with nats-py: publish (acknowledged by the stream when one stores the subject), capture by subscribing.

URL: ``nats://[USER:PASSWORD@|TOKEN@]HOST:PORT/SUBJECT`` (``tls://`` for TLS; or ``?topic=SUBJECT``).

A capture subscribes to the subject (wildcards ``*`` and ``>`` allowed) when it opens, so it sees
only what is published after that: on core NATS nothing waits anyway, and when a JetStream stream
stores the subject the capture is an ordered consumer that starts at new messages, leaving the
stream's earlier messages where they are. Publishing to a subject a stream stores waits for the
stream's acknowledgement; on core NATS a message no one subscribes to is dropped by NATS, so
start the consumer before delivering.

Transport data ↔ Pact metadata keys:

=================  ==============================================================
Pact metadata key  NATS
=================  ==============================================================
``subject``        the subject (captured; on publish, the target when the URL has none)
``replyTo``        the reply subject (core NATS)
``stream``         JetStream: the stream that stored the message (captured)
``sequence``       JetStream: its sequence number in the stream (captured)
``contentType``    header ``Content-Type`` (any case is read)
any other key      a header of the same name (text; other values as JSON text)
=================  ==============================================================

nats-py is asynchronous: the transport runs its own event loop in a thread, so its callers (the
verifier, ``pactspec stub``, a behave step) stay synchronous.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import nats
import nats.errors
import nats.js.errors
from nats.js.api import DeliverPolicy

from pactspec.content import content_type_key
from pactspec.errors import InputError, NothingArrived, TransportError
from pactspec.model import Message
from pactspec.transports._base import (
    DEFAULT_WAIT,
    Closing,
    Destination,
    PollingCapture,
    message_bytes,
    publish_target,
    received_message,
    server_url,
    unreachable,
)
from pactspec.transports._wire import (
    Responder,
    drain,
    from_bytes,
    metadata_headers,
    path_name,
    with_content_type,
)

__all__ = ["NATSTransport"]

_OWN_KEYS = ("subject", "replyTo", "stream", "sequence")
_CONTENT_TYPE_HEADER = "Content-Type"
_TIMEOUT = 5.0
T = TypeVar("T")


class _LoopThread:
    """An asyncio event loop in a daemon thread; ``run`` waits for one coroutine's result."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="pactspec-nats", daemon=True)
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = _TIMEOUT * 2) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)
        self.loop.close()


class NATSTransport(Closing):
    """One NATS connection (and its JetStream context) on a private event loop."""

    carries_content_type = False

    def __init__(self, url: str, destination: Destination | None = None) -> None:
        self.url = url
        parts, _ = server_url(url, what="NATS server", example="nats://127.0.0.1:4222/users.created")
        self.destination = (destination or Destination()).merged(Destination(topic=path_name(url)))
        self._server = f"{parts.hostname}:{parts.port or 4222}"
        connect_url = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        self._loop = _LoopThread()
        errors: list[Exception] = []

        async def remember(error: Exception) -> None:
            """nats-py's error callback: kept for the one sentence below instead of logged."""
            errors.append(error)

        try:
            self._nc = self._loop.run(
                nats.connect(
                    connect_url,
                    connect_timeout=int(_TIMEOUT),
                    # one attempt, no retry: a NATS that does not answer is reported at once
                    allow_reconnect=False,
                    max_reconnect_attempts=1,
                    reconnect_time_wait=0,
                    error_cb=remember,
                )
            )
        except Exception as exc:  # nats-py raises many kinds (NoServersError, OSError, auth errors)
            self._loop.stop()
            cause = errors[-1] if errors else exc
            detail = f"{type(cause).__name__}: {str(cause).strip() or 'no answer'}"
            raise unreachable("NATS", _without_token(url), detail, "host, port and credentials") from exc
        self._js = self._nc.jetstream(timeout=_TIMEOUT)

    def publish(self, message: Message, destination: Destination | None = None) -> str:
        target = (destination or Destination()).merged(self.destination)
        metadata = dict(message.metadata)
        subject = publish_target(target.topic, metadata, "subject", what="NATS subject", url="nats://HOST:PORT/SUBJECT")
        body, headers = self._wire(message, metadata)
        where = f"NATS subject {subject!r} at {self._server}"
        stream = self._stream_of(subject)
        try:
            if stream is not None:
                ack = self._loop.run(self._js.publish(subject, body, headers=headers or None, stream=stream))
                return f"{where} (JetStream stream {ack.stream!r}, sequence {ack.seq})"
            reply = metadata.get("replyTo")
            self._loop.run(self._publish_core(subject, body, headers, reply if isinstance(reply, str) else ""))
        except (nats.errors.Error, TimeoutError) as exc:
            raise TransportError(f"NATS refused the message for {where}: {type(exc).__name__}: {exc}") from exc
        return where

    async def _publish_core(self, subject: str, body: bytes, headers: dict[str, str], reply: str) -> None:
        await self._nc.publish(subject, body, reply=reply, headers=headers or None)
        await self._nc.flush(timeout=int(_TIMEOUT))

    def request(self, message: Message, destination: Destination | None = None, *, replies: int = 1,
                timeout: float = DEFAULT_WAIT) -> tuple[str, list[Message]]:
        """Send a request (NATS request/reply): where it went and the one reply (:class:`Requester`; NATS has one)."""
        target = (destination or Destination()).merged(self.destination)
        metadata = dict(message.metadata)
        subject = publish_target(target.topic, metadata, "subject", what="NATS subject", url="nats://HOST:PORT/SUBJECT")
        body, headers = self._wire(message, metadata)
        where = f"the reply subject of a request to NATS subject {subject!r} at {self._server}"
        try:
            reply = self._loop.run(self._nc.request(subject, body, timeout=timeout, headers=headers or None),
                                   timeout + _TIMEOUT)
        except nats.errors.NoRespondersError:
            raise NothingArrived(f"{where} (no responder is subscribed to the subject)", timeout) from None
        except TimeoutError:
            raise NothingArrived(where, timeout) from None
        except nats.errors.Error as exc:
            raise TransportError(f"NATS refused the request on {subject!r}: {type(exc).__name__}: {exc}") from exc
        return where, [_received(reply, None)]

    def respond(self, answer: Callable[[Message], Message | None], destination: Destination | None = None) -> Responder:
        """Answer each request on the subject with ``answer(request)`` (no reply when it returns ``None``)."""
        source = (destination or Destination()).merged(self.destination)
        if not source.topic:
            raise InputError("say which NATS subject the requests come on (nats://HOST:PORT/SUBJECT or topic=…)")
        subject = source.topic

        async def on_request(msg: Any) -> None:
            if not msg.reply:
                return
            reply = answer(_received(msg, None))
            if reply is not None:
                body, headers = self._wire(reply, dict(reply.metadata))
                await self._nc.publish(msg.reply, body, headers=headers or None)

        async def subscribe() -> Any:
            subscription = await self._nc.subscribe(subject, cb=on_request)
            await self._nc.flush(timeout=int(_TIMEOUT))
            return subscription

        subscription = self._loop.run(subscribe())

        def stop() -> None:
            with contextlib.suppress(nats.errors.Error, TimeoutError):
                self._loop.run(subscription.unsubscribe())

        return Responder(f"NATS subject {subject!r} at {self._server}", stop)

    def _wire(self, message: Message, metadata: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
        body, content_type = message_bytes(message)
        headers = metadata_headers(metadata, _OWN_KEYS)
        if content_type is not None and content_type_key(metadata) is None:
            headers[_CONTENT_TYPE_HEADER] = content_type
        return body, headers

    def capture(self, source: Destination | None = None, *, timeout: float = DEFAULT_WAIT) -> PollingCapture:
        source = (source or Destination()).merged(self.destination)
        if not source.topic:
            raise InputError("say which NATS subject to capture from (nats://HOST:PORT/SUBJECT or topic=…)")
        subject = source.topic
        arrived: queue.Queue[Message] = queue.Queue()
        stream = self._stream_of(subject)

        async def on_message(msg: Any) -> None:
            arrived.put(_received(msg, stream))

        async def subscribe() -> Any:
            if stream is not None:
                return await self._js.subscribe(
                    subject, cb=on_message, ordered_consumer=True, deliver_policy=DeliverPolicy.NEW, stream=stream
                )
            subscription = await self._nc.subscribe(subject, cb=on_message)
            await self._nc.flush(timeout=int(_TIMEOUT))  # the server knows of the subscription before the trigger runs
            return subscription

        where = f"NATS subject {subject!r} at {self._server}" + (
            f" (JetStream stream {stream!r})" if stream is not None else ""
        )
        try:
            subscription = self._loop.run(subscribe())
        except (nats.errors.Error, TimeoutError) as exc:
            raise TransportError(f"cannot subscribe to {where}: {type(exc).__name__}: {exc}") from exc

        def poll(seconds: float) -> list[Message]:
            return drain(arrived, seconds)

        def close() -> None:
            try:
                self._loop.run(subscription.unsubscribe())
            except (nats.errors.Error, TimeoutError):
                pass  # the connection is going away; nothing to release

        return PollingCapture(where, poll, close, timeout=timeout)

    def close(self) -> None:
        try:
            self._loop.run(self._nc.close())
        except (nats.errors.Error, TimeoutError):
            pass  # already closed or lost; nothing to release
        self._loop.stop()

    def _stream_of(self, subject: str) -> str | None:
        """The JetStream stream that stores the subject, or ``None`` (no such stream, or no JetStream)."""
        try:
            return self._loop.run(self._js.find_stream_name_by_subject(subject))
        except (nats.js.errors.NotFoundError, nats.js.errors.ServiceUnavailableError, nats.errors.NoRespondersError):
            return None
        except (nats.errors.Error, TimeoutError) as exc:
            raise TransportError(f"NATS did not say which stream stores {subject!r}: {type(exc).__name__}: {exc}") from exc


def _without_token(url: str) -> str:
    """``nats://TOKEN@HOST`` with the token hidden (a password is hidden by the message itself)."""
    parts = urlsplit(url)
    if parts.username is None or parts.password is not None:
        return url
    return urlunsplit((parts.scheme, "***@" + parts.netloc.split("@", 1)[1], parts.path, parts.query, parts.fragment))


def _received(msg: Any, stream: str | None) -> Message:
    metadata: dict[str, Any] = {key: from_bytes(value) for key, value in (msg.headers or {}).items()}
    # NATS's own data last: a header of the same name cannot pass for the subject or the sequence.
    metadata["subject"] = msg.subject
    for key in ("replyTo", "stream", "sequence"):
        metadata.pop(key, None)
    if stream is not None:
        info = msg.metadata
        metadata["stream"] = info.stream
        metadata["sequence"] = info.sequence.stream
    elif msg.reply:
        metadata["replyTo"] = msg.reply
    metadata, content_type = with_content_type(metadata)
    return received_message(msg.data or b"", content_type, metadata)
