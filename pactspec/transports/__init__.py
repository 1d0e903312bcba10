"""Real message brokers: a transport per URL scheme, opened lazily.

``open_transport("amqp://guest:guest@127.0.0.1:5672/?exchange=users")`` imports the RabbitMQ
adapter (and pika) only then, so the core needs no broker client. Schemes:

- ``amqp://`` / ``amqps://`` — RabbitMQ (pika; ``pip install 'pactspec[rabbitmq]'``)
- ``sqs://`` / ``sqs+http://`` — Amazon SQS or a local endpoint (boto3; ``pactspec[sqs]``)
- ``kafka://`` — a Kafka-protocol broker (confluent-kafka)

Query parameters ``exchange``, ``routing_key``, ``queue`` and ``topic`` name a destination; the
rest of the URL is the adapter's (see each module for its form).
"""

from __future__ import annotations

from pactspec.transports._base import (
    DEFAULT_WAIT,
    BrokerError,
    BrokerUnreachable,
    Capture,
    Destination,
    NothingArrived,
    Transport,
)
from pactspec.transports._capture import (
    BrokerBackend,
    TriggerFunction,
    call_trigger,
    captured_contents,
    load_triggers,
    trigger,
    verify_by_capture,
)
from pactspec.transports._registry import (
    open_transport,
    register_transport,
    split_url,
    transport_schemes,
)
from pactspec.transports._stub import (
    StubMessage,
    deliver,
    deliver_pacts,
    example_message,
    stub_messages,
)

__all__ = [
    "DEFAULT_WAIT",
    "BrokerBackend",
    "BrokerError",
    "BrokerUnreachable",
    "Capture",
    "Destination",
    "NothingArrived",
    "StubMessage",
    "Transport",
    "TriggerFunction",
    "call_trigger",
    "captured_contents",
    "deliver",
    "deliver_pacts",
    "example_message",
    "load_triggers",
    "open_transport",
    "register_transport",
    "split_url",
    "stub_messages",
    "transport_schemes",
    "trigger",
    "verify_by_capture",
]
