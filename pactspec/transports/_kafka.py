"""Kafka (or any Kafka-protocol server) with confluent-kafka: produce, capture from the topic's end.

URL: ``kafka://HOST:PORT[,HOST:PORT…]/TOPIC`` (or ``?topic=``); other query parameters are
librdkafka settings, e.g. ``?security.protocol=SSL``.

A capture reads every partition of the topic from the offsets it had when the capture opened
(``assign()``, no consumer group join: joins are slow and would share messages with the real
consumers), so it sees exactly what was published after it started listening.

Transport data ↔ Pact metadata keys:

=================  ==============================================================
Pact metadata key  Kafka
=================  ==============================================================
``topic``          the topic (captured; on publish, the target when the URL has none)
``key``            the record key (text when it is UTF-8)
``partition``      the partition (captured; on publish, the partition to write to)
``contentType``    header ``contentType`` (``content-type`` is read too)
any other key      a header of the same name
=================  ==============================================================

Kafka header values are bytes: text is sent as UTF-8, other values as JSON text, and captured
values come back as text. Write header values in contracts as text (or match them by type).
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import confluent_kafka
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition

from pactspec.content import CONTENT_TYPE_KEY, content_type_key, declared_content_type
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
    unreachable,
)

__all__ = ["KafkaTransport"]

_RECORD_KEYS = ("topic", "key", "partition")
_TIMEOUT = 10.0
_LOGGER = logging.getLogger("pactspec.transports._kafka")


class KafkaTransport(Closing):
    """A confluent-kafka producer (and one consumer per capture) for one cluster."""

    carries_content_type = False

    def __init__(self, url: str, destination: Destination | None = None) -> None:
        self.url = url
        parts = urlsplit(url)
        if not parts.netloc:
            raise InputError(f"{redact_url(url)}: say which Kafka server, e.g. kafka://127.0.0.1:9092/my-topic")
        path = [unquote(part) for part in parts.path.split("/") if part]
        self.destination = (destination or Destination()).merged(
            Destination(topic=path[0]) if path else Destination()
        )
        self._servers = parts.netloc
        self._config: dict[str, Any] = {
            "bootstrap.servers": parts.netloc,
            "logger": _LOGGER,  # librdkafka logs to stderr otherwise
            **dict(parse_qsl(parts.query)),
        }
        try:
            self._producer = Producer(self._config)
        except KafkaException as exc:
            raise InputError(f"{redact_url(url)}: {_kafka_text(exc)}") from exc
        try:  # once at opening, so an unreachable Kafka stops the run instead of failing each message
            self._producer.list_topics(timeout=_TIMEOUT)
        except KafkaException as exc:
            raise unreachable("Kafka", url, f"no answer within {_TIMEOUT:g} s: {_kafka_text(exc)}") from exc

    def publish(self, message: Message, destination: Destination | None = None) -> str:
        target = (destination or Destination()).merged(self.destination)
        metadata = dict(message.metadata)
        topic = publish_target(target.topic, metadata, "topic", what="Kafka topic", url="kafka://HOST:PORT/TOPIC")
        body, content_type = message_bytes(message)
        headers = [(key, _header_bytes(value)) for key, value in metadata.items() if key not in _RECORD_KEYS]
        if content_type is not None and content_type_key(metadata) is None:
            headers.insert(0, (CONTENT_TYPE_KEY, content_type.encode("utf-8")))
        options: dict[str, Any] = {"headers": headers}
        if metadata.get("key") is not None:
            options["key"] = _header_bytes(metadata["key"])
        if isinstance(metadata.get("partition"), int):
            options["partition"] = metadata["partition"]
        failures: list[str] = []

        def delivered(error: Any, _record: Any) -> None:
            if error is not None:
                failures.append(error.str())

        where = f"Kafka topic {topic!r} at {self._servers}"
        try:
            self._producer.produce(topic, body, on_delivery=delivered, **options)
        except (KafkaException, BufferError) as exc:
            raise TransportError(f"Kafka refused the message for {where}: {exc}") from exc
        if self._producer.flush(_TIMEOUT) > 0:
            raise TransportError(
                f"the message for {where} was not delivered within {_TIMEOUT:g} s; is Kafka up?"
            )
        if failures:
            raise TransportError(f"Kafka refused the message for {where}: {failures[0]}")
        return where

    def capture(self, source: Destination | None = None, *, timeout: float = DEFAULT_WAIT) -> PollingCapture:
        source = (source or Destination()).merged(self.destination)
        if not source.topic:
            raise InputError("say which Kafka topic to capture from (kafka://HOST:PORT/TOPIC or topic=…)")
        topic = source.topic
        consumer = Consumer(
            {
                **self._config,
                "group.id": "pactspec-capture",  # never joined: partitions are assigned directly
                "enable.auto.commit": False,
                "fetch.wait.max.ms": 50,
            }
        )
        try:
            partitions = self._partitions(consumer, topic)
            starts = []
            for number in partitions:
                _low, high = consumer.get_watermark_offsets(TopicPartition(topic, number), timeout=_TIMEOUT)
                starts.append(TopicPartition(topic, number, high))
            consumer.assign(starts)
        except KafkaException as exc:
            consumer.close()
            raise TransportError(f"cannot read Kafka topic {topic!r} at {self._servers}: {exc}") from exc
        except Exception:
            consumer.close()
            raise

        def poll(seconds: float) -> list[Message]:
            first = consumer.poll(seconds)
            records = [first] if first is not None else []
            if records:
                records += consumer.consume(500, timeout=0)
            messages = []
            for record in records:
                error = record.error()
                if error is not None:
                    if error.code() == confluent_kafka.KafkaError._PARTITION_EOF:
                        continue
                    raise TransportError(f"reading Kafka topic {topic!r} failed: {error.str()}")
                messages.append(_received(record))
            return messages

        return PollingCapture(
            f"Kafka topic {topic!r} at {self._servers}", poll, consumer.close, timeout=timeout
        )

    def close(self) -> None:
        self._producer.flush(_TIMEOUT)

    def _partitions(self, consumer: Any, topic: str) -> list[int]:
        try:
            listing = consumer.list_topics(topic, timeout=_TIMEOUT)
        except KafkaException as exc:
            raise TransportError(f"cannot reach Kafka at {self._servers}: {exc}") from exc
        found = listing.topics.get(topic)
        if found is None or found.error is not None or not found.partitions:
            raise ConfigurationError(
                f"there is no Kafka topic {topic!r} at {self._servers}; create it before capturing "
                "(pactspec never creates topics) or fix the name"
            )
        return sorted(found.partitions)


def _kafka_text(exc: KafkaException) -> str:
    return str(exc.args[0].str() if exc.args and hasattr(exc.args[0], "str") else exc)


def _header_bytes(value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    return json.dumps(value, separators=(",", ":")).encode("utf-8")


def _text(value: bytes | None) -> Any:
    if value is None:
        return None
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value


def _received(record: Any) -> Message:
    metadata: dict[str, Any] = {key: _text(value) for key, value in record.headers() or []}
    # Kafka's own data last: a header of the same name cannot pass for the topic or the key.
    metadata["topic"] = record.topic()
    metadata["partition"] = record.partition()
    if record.key() is not None:
        metadata["key"] = _text(record.key())
    else:
        metadata.pop("key", None)
    content_type = declared_content_type(metadata)
    if content_type is not None:
        metadata[CONTENT_TYPE_KEY] = content_type
    return received_message(record.value() or b"", content_type, metadata)
