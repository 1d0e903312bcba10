"""Transports (real message brokers), one per URL scheme, opened lazily.

``open_transport("amqp://guest:guest@127.0.0.1:5672/?exchange=users")`` imports the RabbitMQ
adapter (and pika) only then, so the core needs no client library. Schemes:

- ``amqp://`` / ``amqps://`` — RabbitMQ (pika; ``pip install 'pactspec-messages[rabbitmq]'``)
- ``sqs://`` / ``sqs+http://`` — Amazon SQS or a local endpoint (boto3; ``pactspec-messages[sqs]``)
- ``kafka://`` — Kafka or a Kafka-protocol server (confluent-kafka)
- ``kinesis://``, ``sns://``, ``s3://`` (and ``+http``) — Kinesis, SNS, S3 (boto3; ``pactspec-messages[aws]``)
- ``redis://``, ``nats://``, ``mqtt://``, ``stomp://`` — Redis Streams, NATS, MQTT, ActiveMQ (STOMP)
- ``ws://`` / ``wss://`` — a WebSocket endpoint (websockets; ``pactspec-messages[websockets]``);
  its stub is a server the consumer connects to (:func:`stub_server_factory`)

Query parameters ``exchange``, ``routing_key``, ``queue``, ``topic``, ``stream``, ``bucket``, ``prefix``
and ``filter_policy`` name a destination; the
rest of the URL is the adapter's (see each module for its form).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pactspec.errors import ConfigurationError, InputError
from pactspec.transports._base import Destination, StubServer, Transport, redact_url

__all__ = [
    "open_transport",
    "register_transport",
    "split_url",
    "stub_is_server",
    "stub_server_factory",
    "transport_schemes",
]

TransportFactory = Callable[[str, Destination], Transport]

# scheme -> (module, class, pip extra that brings its client)
_BUILTIN: dict[str, tuple[str, str, str]] = {
    "amqp": ("pactspec.transports._rabbitmq", "RabbitMQTransport", "pactspec-messages[rabbitmq]"),
    "amqps": ("pactspec.transports._rabbitmq", "RabbitMQTransport", "pactspec-messages[rabbitmq]"),
    "sqs": ("pactspec.transports._sqs", "SQSTransport", "pactspec-messages[sqs]"),
    "sqs+http": ("pactspec.transports._sqs", "SQSTransport", "pactspec-messages[sqs]"),
    "kafka": ("pactspec.transports._kafka", "KafkaTransport", "pactspec-messages[kafka]"),
    **{f"{name}{plain}": (f"pactspec.transports._{name}", f"{title}Transport", "pactspec-messages[aws]")
       for name, title in (("kinesis", "Kinesis"), ("sns", "SNS"), ("s3", "S3")) for plain in ("", "+http")},
    "redis": ("pactspec.transports._redis", "RedisStreamsTransport", "pactspec-messages[redis]"),
    "rediss": ("pactspec.transports._redis", "RedisStreamsTransport", "pactspec-messages[redis]"),
    "nats": ("pactspec.transports._nats", "NATSTransport", "pactspec-messages[nats]"),
    "mqtt": ("pactspec.transports._mqtt", "MQTTTransport", "pactspec-messages[mqtt]"),
    "mqtts": ("pactspec.transports._mqtt", "MQTTTransport", "pactspec-messages[mqtt]"),
    "stomp": ("pactspec.transports._stomp", "STOMPTransport", "pactspec-messages[activemq]"),
    "stomp+ssl": ("pactspec.transports._stomp", "STOMPTransport", "pactspec-messages[activemq]"),
    "ws": ("pactspec.transports._websocket", "WebSocketTransport", "pactspec-messages[websockets]"),
    "wss": ("pactspec.transports._websocket", "WebSocketTransport", "pactspec-messages[websockets]"),
}
# scheme -> (module, class, pip extra) of transports whose stub is a server the consumer connects to
_STUB_SERVERS: dict[str, tuple[str, str, str]] = {
    "ws": ("pactspec.transports._websocket_stub", "WebSocketStub", "pactspec-messages[websockets]"),
    "wss": ("pactspec.transports._websocket_stub", "WebSocketStub", "pactspec-messages[websockets]"),
}
_CUSTOM: dict[str, TransportFactory] = {}
_DESTINATION_KEYS = ("exchange", "routing_key", "queue", "topic", "stream", "bucket", "prefix", "filter_policy")


def register_transport(scheme: str, factory: TransportFactory) -> None:
    """Make ``open_transport`` use ``factory(url, destination)`` for URLs with this scheme."""
    _CUSTOM[scheme.lower()] = factory


def transport_schemes() -> list[str]:
    """Every URL scheme a transport is known for."""
    return sorted({*_BUILTIN, *_CUSTOM})


def split_url(url: str) -> tuple[str, Destination]:
    """Separate pactspec's destination parameters from the URL the transport's client library gets."""
    parts = urlsplit(url)
    kept: list[tuple[str, str]] = []
    found: dict[str, str] = {}
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name in _DESTINATION_KEYS:
            if name in found:
                raise InputError(f"{redact_url(url)}: {name!r} is given twice; give it once")
            found[name] = value
        else:
            kept.append((name, value))
    client_url = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), parts.fragment))
    if not parts.netloc and url.startswith(f"{parts.scheme}://"):
        # urlunsplit drops an empty host ("sqs:///queue" would come back as "sqs:/queue").
        client_url = f"{parts.scheme}://{client_url[len(parts.scheme) + 1:]}"
    return client_url, Destination(**found)


def open_transport(url: str) -> Transport:
    """Open a connection to the transport a URL names; close it (or use ``with``) when done."""
    if not isinstance(url, str) or "://" not in url:
        raise InputError(
            f"{url!r} is not a transport URL; write one such as amqp://guest:guest@127.0.0.1:5672/?exchange=users, "
            "sqs+http://127.0.0.1:4566/my-queue or kafka://127.0.0.1:9092/my-topic"
        )
    scheme = url.split("://", 1)[0].lower()
    client_url, destination = split_url(url)
    if scheme in _CUSTOM:
        return _CUSTOM[scheme](client_url, destination)
    if scheme not in _BUILTIN:
        raise InputError(
            f"{redact_url(url)}: no transport for the scheme {scheme!r}; use one of {', '.join(transport_schemes())}"
        )
    factory: TransportFactory = _load(scheme, *_BUILTIN[scheme])
    return factory(client_url, destination)


def stub_is_server(url: str) -> bool:
    """Whether the stub for this URL is a server the consumer connects to (``ws://``), not a delivery."""
    return url.split("://", 1)[0].lower() in _STUB_SERVERS if "://" in url else False


def stub_server_factory(url: str) -> Callable[..., StubServer]:
    """The stub server class for ``url``: ``factory(url, messages, exchanges, log=…)`` makes one, not started."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in _STUB_SERVERS:
        servers = ", ".join(f"{s}://" for s in sorted(_STUB_SERVERS))
        raise InputError(f"{redact_url(url)}: a stub server listens at a {servers} URL, not at {scheme or 'this'}")
    factory: Callable[..., StubServer] = _load(scheme, *_STUB_SERVERS[scheme])
    return factory


def _load(scheme: str, module_name: str, name: str, extra: str) -> Any:
    """An adapter's class, imported only now: its client library is an optional extra."""
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConfigurationError(
            f"the {scheme}:// transport needs the Python package {exc.name!r}, which is not installed; "
            f"run: pip install '{extra}'"
        ) from exc
    return getattr(module, name)
