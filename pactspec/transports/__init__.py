"""Transports: real message brokers (RabbitMQ, SQS, Kafka, AWS, Redis, NATS, MQTT, STOMP), one per URL scheme, opened lazily.

``open_transport("amqp://guest:guest@127.0.0.1:5672/?exchange=users")`` imports the RabbitMQ
adapter (and pika) only then, so the core needs no client library. Schemes:

- ``amqp://`` / ``amqps://`` — RabbitMQ (pika; ``pip install 'pactspec-messages[rabbitmq]'``)
- ``sqs://`` / ``sqs+http://`` — Amazon SQS or a local endpoint (boto3; ``pactspec-messages[sqs]``)
- ``kafka://`` — Kafka or a Kafka-protocol server (confluent-kafka)
- ``kinesis://``, ``sns://``, ``s3://`` (and ``+http``) — Kinesis, SNS, S3 (boto3; ``pactspec-messages[aws]``)
- ``redis://`` — Redis Streams (redis; ``pactspec-messages[redis]``)
- ``nats://`` — NATS core and JetStream (nats-py; ``pactspec-messages[nats]``)
- ``mqtt://`` — MQTT 5 or 3.1.1 (paho-mqtt; ``pactspec-messages[mqtt]``)
- ``stomp://`` — ActiveMQ or another STOMP broker (stomp.py; ``pactspec-messages[activemq]``)
- ``ws://`` / ``wss://`` — a WebSocket endpoint (websockets; ``pactspec-messages[websockets]``);
  its stub is a server the consumer connects to (:func:`serve_pacts`)

Synchronous messages travel over request/reply on NATS, STOMP and MQTT 5: :func:`answer_pacts`
answers the requests with the contracts' responses, and capture verification sends the contract's
request and matches the reply.

Query parameters ``exchange``, ``routing_key``, ``queue``, ``topic``, ``stream``, ``bucket``, ``prefix``
and ``filter_policy`` name a destination; the
rest of the URL is the adapter's (see each module for its form).

Renamed in 0.2 ("broker" is the Pact Broker's word): ``BrokerError``, ``BrokerUnreachable`` and
``BrokerBackend`` are :class:`TransportError`, :class:`TransportUnreachable` and
:class:`TransportBackend`; the old names still work until 0.3, with a ``DeprecationWarning``.
"""

from __future__ import annotations

from pactspec._version import renamed_names
from pactspec.errors import NothingArrived, TransportError, TransportUnreachable
from pactspec.transports._answer import StubAnswer, answer_pacts
from pactspec.transports._base import (
    DEFAULT_WAIT,
    Capture,
    Destination,
    Requester,
    StubServer,
    Transport,
)
from pactspec.transports._capture import (
    TransportBackend,
    TriggerFunction,
    call_trigger,
    captured_contents,
    load_triggers,
    trigger,
    verify_by_capture,
)
from pactspec.transports._objects import s3_object_store
from pactspec.transports._registry import (
    open_transport,
    register_transport,
    split_url,
    stub_is_server,
    transport_schemes,
)
from pactspec.transports._stub import (
    StubExchange,
    StubMessage,
    deliver,
    deliver_pacts,
    example_message,
    serve_pacts,
    stub_exchanges,
    stub_messages,
)

__all__ = [
    "DEFAULT_WAIT",
    "Capture",
    "Destination",
    "NothingArrived",
    "Requester",
    "StubAnswer",
    "StubExchange",
    "StubMessage",
    "StubServer",
    "Transport",
    "TransportBackend",
    "TransportError",
    "TransportUnreachable",
    "TriggerFunction",
    "answer_pacts",
    "call_trigger",
    "captured_contents",
    "deliver",
    "deliver_pacts",
    "example_message",
    "load_triggers",
    "open_transport",
    "register_transport",
    "s3_object_store",
    "serve_pacts",
    "split_url",
    "stub_exchanges",
    "stub_is_server",
    "stub_messages",
    "transport_schemes",
    "trigger",
    "verify_by_capture",
]

__getattr__ = renamed_names(
    __name__,
    {"BrokerBackend": "TransportBackend", "BrokerError": "TransportError", "BrokerUnreachable": "TransportUnreachable"},
)
