"""RabbitMQ (AMQP 0-9-1) with pika: publish with confirms, capture from a bound temporary queue.

URL: ``amqp://USER:PASSWORD@HOST:PORT/VHOST?exchange=E&routing_key=K&queue=Q`` (``amqps://``
for TLS; the vhost ``/`` is written ``%2F`` or left out; other query parameters go to pika).

Transport data ↔ Pact metadata keys:

=====================  ===================================================
Pact metadata key      AMQP
=====================  ===================================================
``exchange``           the exchange the message was published to
``routingKey``         the routing key it was published with
``contentType``        ``content_type`` property
``contentEncoding``    ``content_encoding`` property
``messageId``          ``message_id``; likewise ``correlationId``,
                       ``replyTo``, ``type``, ``appId``, ``userId``,
                       ``priority``, ``deliveryMode``, ``expiration``,
                       ``timestamp`` (seconds since the epoch)
any other key          an entry of the ``headers`` table, same name
=====================  ===================================================

A capture from an existing queue (``queue=…`` without an exchange) takes only the messages that
arrive after it opened: those already waiting are left in the queue, unacknowledged until the
capture closes and then put back by RabbitMQ.

Header values come back as JSON values: byte strings as UTF-8 text when they decode, decimals as
numbers, timestamps as ISO 8601 text.

While a connection is opened, pika's connection loggers are silenced (their levels are restored
afterwards): a failure to connect is raised as one sentence, so pika's ERROR lines and traceback
would only repeat it.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import logging
from collections.abc import Iterator, Mapping
from typing import Any

import pika
import pika.exceptions

from pactspec.content import CONTENT_TYPE_KEY
from pactspec.errors import ConfigurationError, InputError, TransportError
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

__all__ = ["PROPERTY_KEYS", "RabbitMQTransport"]

# Pact metadata key -> pika.BasicProperties attribute
PROPERTY_KEYS: dict[str, str] = {
    CONTENT_TYPE_KEY: "content_type",
    "contentEncoding": "content_encoding",
    "messageId": "message_id",
    "correlationId": "correlation_id",
    "replyTo": "reply_to",
    "type": "type",
    "appId": "app_id",
    "userId": "user_id",
    "priority": "priority",
    "deliveryMode": "delivery_mode",
    "expiration": "expiration",
    "timestamp": "timestamp",
}
_ROUTING_KEYS = ("exchange", "routingKey")

# The pika loggers that speak while a connection is opened. A failed attempt is logged at ERROR,
# with pika's own traceback, before pactspec turns it into one sentence; quiet while connecting.
_CONNECT_LOGGERS = (
    "pika.connection",
    "pika.adapters.base_connection",
    "pika.adapters.blocking_connection",
    "pika.adapters.select_connection",
    "pika.adapters.utils.connection_workflow",
    "pika.adapters.utils.io_services_utils",
    "pika.adapters.utils.selector_ioloop_adapter",
)


class RabbitMQTransport(Closing):
    """One blocking pika connection; publishing uses publisher confirms and ``mandatory``."""

    carries_content_type = True

    def __init__(self, url: str, destination: Destination | None = None) -> None:
        self.url = url
        self.destination = destination or Destination()
        try:
            parameters = pika.URLParameters(url)
        except ValueError as exc:
            raise InputError(f"{redact_url(url)}: {exc}; see pika's URL parameters") from exc
        self._vhost = parameters.virtual_host
        try:
            with _quiet(_CONNECT_LOGGERS):
                self._connection = pika.BlockingConnection(parameters)
        except (pika.exceptions.AMQPError, OSError) as exc:  # OSError: the host name does not resolve
            detail = f"{type(exc).__name__}: {str(exc).strip() or 'no answer'}"
            raise unreachable("RabbitMQ", url, detail, "host, port, vhost and credentials") from exc
        self._channel = self._connection.channel()
        self._channel.confirm_delivery()

    def publish(self, message: Message, destination: Destination | None = None) -> str:
        target = (destination or Destination()).merged(self.destination)
        metadata = dict(message.metadata)
        exchange = _first_text(target.exchange, metadata.get("exchange")) or ""
        # A queue named without an exchange is the destination, whatever key the contract carries.
        queue = target.queue if not exchange else None
        routing_key = _first_text(target.routing_key, queue, metadata.get("routingKey"))
        if routing_key is None:
            raise InputError(
                f"no routing key to publish the message to {_exchange_words(exchange)}; give one "
                '(routing_key=… in the URL) or put "routingKey" in the contract\'s metadata'
            )
        body, content_type = message_bytes(message)
        properties = _properties(metadata, content_type)
        where = f"{_exchange_words(exchange)} with routing key {routing_key!r}"
        try:
            self._channel.basic_publish(exchange, routing_key, body, properties, mandatory=True)
        except pika.exceptions.UnroutableError as exc:
            if not exchange:  # the default exchange routes to the queue named by the key, if there is one
                raise self._missing("queue", routing_key, "delivering") from exc
            raise TransportError(
                f"RabbitMQ routed no copy of the message sent to {where}: no queue is bound to match; "
                "start the consumer (it binds its queue) before delivering, or check the routing key"
            ) from exc
        except pika.exceptions.NackError as exc:
            raise TransportError(f"RabbitMQ refused (nack) the message sent to {where}") from exc
        except pika.exceptions.ChannelClosedByBroker as exc:
            self._channel = self._reopen()
            if exc.reply_code == 404:
                raise self._missing("exchange", exchange, "delivering") from exc
            raise TransportError(f"RabbitMQ refused the message sent to {where}: {exc.reply_text}") from exc
        return where

    def capture(self, source: Destination | None = None, *, timeout: float = DEFAULT_WAIT) -> PollingCapture:
        source = (source or Destination()).merged(self.destination)
        channel = self._connection.channel()
        waiting = 0
        if source.queue is not None and source.exchange is None:
            queue = source.queue
            declared = self._check(channel, "queue", queue, lambda c: c.queue_declare(queue, passive=True))
            waiting = declared.method.message_count
            where = f"RabbitMQ queue {queue!r}"
        else:
            exchange = source.exchange
            if not exchange:
                channel.close()
                raise InputError(
                    "say which RabbitMQ exchange to capture from (exchange=… in the URL), or name a queue; "
                    "the default exchange cannot be bound"
                )
            self._check(channel, "exchange", exchange, lambda c: c.exchange_declare(exchange, passive=True))
            binding = source.routing_key if source.routing_key is not None else "#"
            queue = channel.queue_declare("", exclusive=True, auto_delete=True).method.queue
            channel.queue_bind(queue, exchange, routing_key=binding)
            where = f"RabbitMQ queue {queue!r} bound to exchange {exchange!r} with key {binding!r}"

        # The queue delivers what was waiting in it first: those messages stay unacknowledged, so
        # RabbitMQ puts them back when the channel closes, and only later ones are captured (acked).
        left: list[int] = []

        def on_message(_channel: Any, method: Any, properties: Any, body: bytes) -> None:
            if len(left) < waiting:
                left.append(method.delivery_tag)
                return
            channel.basic_ack(method.delivery_tag)
            arrived.append(_received(method, properties, body))

        arrived: list[Message] = []
        channel.basic_consume(queue, on_message)

        def poll(seconds: float) -> list[Message]:
            self._connection.process_data_events(time_limit=seconds)
            batch = arrived[:]
            arrived.clear()
            return batch

        def close() -> None:
            if channel.is_open:
                channel.close()

        return PollingCapture(where, poll, close, timeout=timeout, waiting=lambda: len(left))

    def close(self) -> None:
        if self._connection.is_open:
            try:
                self._connection.close()
            except pika.exceptions.AMQPError:
                pass  # already going away; nothing to release

    def _reopen(self) -> Any:
        channel = self._connection.channel()
        channel.confirm_delivery()
        return channel

    def _check(self, channel: Any, kind: str, name: str, declare: Any) -> Any:
        """Declare passively (RabbitMQ closes the channel when the thing is missing); its answer."""
        try:
            return declare(channel)
        except pika.exceptions.ChannelClosedByBroker as exc:
            if exc.reply_code == 404:
                raise self._missing(kind, name, "capturing") from exc
            raise TransportError(f"RabbitMQ refused the {kind} {name!r}: {exc.reply_text}") from exc

    def _missing(self, kind: str, name: str, doing: str) -> ConfigurationError:
        who = "the provider's setup or a provider state" if doing == "capturing" else "the consumer's setup"
        return ConfigurationError(
            f"RabbitMQ has no {kind} {name!r} on vhost {self._vhost!r}; declare it before {doing} "
            f"(in {who}), or fix the name"
        )


@contextlib.contextmanager
def _quiet(names: tuple[str, ...]) -> Iterator[None]:
    """Silence these loggers for the duration (the error is reported otherwise), then restore their levels."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _received(method: Any, properties: Any, body: bytes) -> Message:
    # Headers first: RabbitMQ's own data (properties, exchange, routing key) wins over a header
    # of the same name, so a header cannot pass for the routing key the message really had.
    metadata: dict[str, Any] = {key: _json_value(value) for key, value in (properties.headers or {}).items()}
    for key, attribute in PROPERTY_KEYS.items():
        value = getattr(properties, attribute)
        if value is not None:
            metadata[key] = value
    metadata["exchange"] = method.exchange
    metadata["routingKey"] = method.routing_key
    return received_message(body, properties.content_type, metadata)


def _properties(metadata: Mapping[str, Any], content_type: str | None) -> Any:
    values: dict[str, Any] = {}
    headers: dict[str, Any] = {}
    for key, value in metadata.items():
        if key in _ROUTING_KEYS:
            continue
        if key in PROPERTY_KEYS:
            values[PROPERTY_KEYS[key]] = value
        else:
            headers[key] = _amqp_value(value)
    if content_type is not None:
        values["content_type"] = content_type
    for number in ("priority", "delivery_mode", "timestamp"):
        if number in values and not isinstance(values[number], int):
            raise InputError(f"metadata {number!r} must be an integer for RabbitMQ, not {values[number]!r}")
    if "expiration" in values:
        values["expiration"] = str(values["expiration"])
    return pika.BasicProperties(headers=headers or None, **values)


def _amqp_value(value: Any) -> Any:
    if isinstance(value, float):
        return decimal.Decimal(repr(value))
    if isinstance(value, Mapping):
        return {str(k): _amqp_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_amqp_value(v) for v in value]
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=value.tzinfo or datetime.UTC).isoformat()
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def _first_text(*candidates: Any) -> str | None:
    for candidate in candidates:
        if isinstance(candidate, str):
            return candidate
    return None


def _exchange_words(exchange: str) -> str:
    return f"exchange {exchange!r}" if exchange else "the default exchange"
