"""The Kafka transport against a real Kafka-protocol server (tansu, in memory) on 127.0.0.1."""
# ruff: noqa: F811  (pytest fixtures imported from tests.services)

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from pactspec.errors import ConfigurationError, InputError
from pactspec.model import Message
from pactspec.transports import Destination, NothingArrived, open_transport
from tests.services import kafka_url  # noqa: F401  (fixture)

pytestmark = pytest.mark.services


@pytest.fixture
def topic(kafka_url: str) -> str:
    """A fresh topic with two partitions."""
    from confluent_kafka.admin import AdminClient, NewTopic

    name = f"users-{uuid.uuid4().hex[:8]}"
    admin = AdminClient({"bootstrap.servers": kafka_url.removeprefix("kafka://")})
    for future in admin.create_topics([NewTopic(name, num_partitions=2, replication_factor=1)]).values():
        future.result(timeout=10)
    return name


@pytest.fixture
def transport(kafka_url: str) -> Iterator[Any]:
    with open_transport(kafka_url) as opened:
        yield opened


def _produce_with_client(kafka_url: str, topic: str, value: bytes, **options: Any) -> None:
    from confluent_kafka import Producer

    producer = Producer({"bootstrap.servers": kafka_url.removeprefix("kafka://")})
    producer.produce(topic, value, **options)
    assert producer.flush(10) == 0


class TestCapture:
    @pytest.mark.parametrize("header", ["content-type", "CONTENT-TYPE"])
    def test_captures_what_another_client_produces_with_key_and_headers(
        self, transport: Any, topic: str, kafka_url: str, header: str
    ) -> None:
        """Body, topic, key and headers arrive as Pact metadata keys; contentType from its header (any case)."""
        with transport.capture(Destination(topic=topic), timeout=10) as capture:
            _produce_with_client(
                kafka_url,
                topic,
                b'{"id":127}',
                key=b"user-127",
                headers=[(header, b"application/json"), ("eventType", b"UserCreated")],
            )
            message = capture.next()
        assert message.body == {"id": 127}
        assert message.content_type == "application/json"
        assert {k: message.metadata[k] for k in ("topic", "key", "eventType", "contentType")} == {
            "topic": topic,
            "key": "user-127",
            "eventType": "UserCreated",
            "contentType": "application/json",
        }

    def test_only_messages_published_after_the_capture_opened_are_seen(
        self, transport: Any, topic: str, kafka_url: str
    ) -> None:
        """Earlier records on the topic are not mistaken for the one being verified."""
        _produce_with_client(kafka_url, topic, b'"old"', partition=0)
        _produce_with_client(kafka_url, topic, b'"old"', partition=1)
        with transport.capture(Destination(topic=topic), timeout=1) as capture:
            _produce_with_client(kafka_url, topic, b'"new"', partition=1)
            assert [m.body for m in capture] == ["new"]

    def test_nothing_published_names_the_topic_and_the_wait(self, transport: Any, topic: str) -> None:
        """An empty capture is a contract failure saying where it listened and for how long."""
        with (
            transport.capture(Destination(topic=topic), timeout=0.5) as capture,
            pytest.raises(NothingArrived, match=f"Kafka topic {topic!r} at 127.0.0.1:[0-9]+ within 0.5 s"),
        ):
            capture.next()

    def test_a_missing_topic_is_a_configuration_error(self, transport: Any) -> None:
        """pactspec never creates topics; the error says so."""
        with pytest.raises(ConfigurationError, match="no Kafka topic 'absent-topic'"):
            transport.capture(Destination(topic="absent-topic"), timeout=1)


class TestPublish:
    def test_metadata_becomes_key_partition_and_headers(self, transport: Any, topic: str) -> None:
        """The contract's metadata round-trips; non-text header values travel as JSON text."""
        metadata = {"key": "user-1", "partition": 1, "eventType": "UserCreated", "version": 2}
        with transport.capture(Destination(topic=topic), timeout=10) as capture:
            where = transport.publish(Message(body={"id": 1}, metadata=metadata), Destination(topic=topic))
            message = capture.next()
        assert where.startswith(f"Kafka topic {topic!r}")
        assert message.body == {"id": 1}
        assert message.metadata["partition"] == 1
        assert message.metadata["key"] == "user-1"
        assert message.metadata["eventType"] == "UserCreated"
        assert message.metadata["version"] == "2"
        assert message.metadata["contentType"] == "application/json"

    def test_the_topic_can_come_from_the_url_path(self, kafka_url: str, topic: str) -> None:
        """``kafka://HOST:PORT/TOPIC`` names the topic for publish and capture."""
        with open_transport(f"{kafka_url}/{topic}") as transport, transport.capture(timeout=10) as capture:
            transport.publish(Message(body="hi", content_type="text/plain"))
            assert capture.next().body == "hi"

    def test_no_topic_anywhere_is_an_input_error(self, transport: Any) -> None:
        with pytest.raises(InputError, match="no Kafka topic"):
            transport.publish(Message(body={}))


class TestOpening:
    def test_a_kafka_that_cannot_be_reached_is_said_once_when_opening(self) -> None:
        """Nothing listening: opening fails (exit 2 in the CLI) instead of every message failing later."""
        from pactspec.transports import TransportUnreachable
        from tests.services import free_port

        with pytest.raises(TransportUnreachable, match=r"cannot connect to Kafka at kafka://127.0.0.1:\d+/users \(no answer within 10 s: .+\); is it"):
            open_transport(f"kafka://127.0.0.1:{free_port()}/users")
