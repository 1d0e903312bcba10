"""The RabbitMQ transport against a real RabbitMQ node on 127.0.0.1."""
# ruff: noqa: F811  (pytest fixtures imported from tests.services)

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator

import pika
import pytest

from pactspec.errors import ConfigurationError, InputError
from pactspec.model import Message
from pactspec.transports import (
    Destination,
    NothingArrived,
    TransportError,
    TransportUnreachable,
    open_transport,
)
from pactspec.transports._rabbitmq import RabbitMQTransport
from tests.services import free_port, rabbitmq_exchange, rabbitmq_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.services


@pytest.fixture
def transport(rabbitmq_url: str) -> Iterator[RabbitMQTransport]:
    with RabbitMQTransport(rabbitmq_url) as opened:
        yield opened


def _publish_with_pika(url: str, exchange: str, key: str, body: bytes, **properties: object) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(url))
    connection.channel().basic_publish(exchange, key, body, pika.BasicProperties(**properties))  # type: ignore[arg-type]
    connection.close()


class TestCapture:
    def test_captures_what_another_client_publishes_with_its_transport_metadata(
        self, transport: RabbitMQTransport, exchange: str, rabbitmq_url: str
    ) -> None:
        """Body, exchange, routing key, properties and headers arrive as Pact metadata keys."""
        with transport.capture(Destination(exchange=exchange, routing_key="user.*"), timeout=5) as capture:
            _publish_with_pika(
                rabbitmq_url,
                exchange,
                "user.created",
                b'{"id":127,"name":"Ada"}',
                content_type="application/json",
                message_id="m-1",
                headers={"x-trace": "abc", "version": 2, "tags": ["a", "b"], "raw": b"bytes"},
            )
            message = capture.next()
        assert message.body == {"id": 127, "name": "Ada"}
        assert message.raw == b'{"id":127,"name":"Ada"}'
        assert message.content_type == "application/json"
        assert message.metadata == {
            "exchange": exchange,
            "routingKey": "user.created",
            "contentType": "application/json",
            "messageId": "m-1",
            "x-trace": "abc",
            "version": 2,
            "tags": ["a", "b"],
            "raw": "bytes",
        }

    def test_binding_key_filters_and_a_missing_message_names_queue_and_wait(
        self, transport: RabbitMQTransport, exchange: str, rabbitmq_url: str
    ) -> None:
        """A message under another routing key is not captured; the failure says where and how long."""
        with transport.capture(
            Destination(exchange=exchange, routing_key="user.deleted"), timeout=0.5
        ) as capture:
            _publish_with_pika(rabbitmq_url, exchange, "user.created", b"{}")
            with pytest.raises(NothingArrived) as failure:
                capture.next()
        text = str(failure.value)
        assert f"bound to exchange {exchange!r} with key 'user.deleted'" in text
        assert "within 0.5 s" in text
        assert isinstance(failure.value, AssertionError)

    def test_iteration_yields_every_message_until_the_time_limit(
        self, transport: RabbitMQTransport, exchange: str
    ) -> None:
        """Iterating a capture returns all arrivals in order and stops quietly at the limit."""
        with transport.capture(Destination(exchange=exchange), timeout=1) as capture:
            for number in range(3):
                transport.publish(
                    Message(body={"n": number}), Destination(exchange=exchange, routing_key="k")
                )
            bodies = [message.body for message in capture]
        assert bodies == [{"n": 0}, {"n": 1}, {"n": 2}]

    def test_captures_from_an_existing_queue(self, transport: RabbitMQTransport, rabbitmq_url: str) -> None:
        """Naming a queue consumes from it instead of binding a temporary one."""
        queue = f"q-{uuid.uuid4().hex[:8]}"
        connection = pika.BlockingConnection(pika.URLParameters(rabbitmq_url))
        connection.channel().queue_declare(queue, auto_delete=False)
        try:
            contract_key = {"routingKey": "user.created"}  # the named queue wins over the contract's key
            with transport.capture(Destination(queue=queue), timeout=5) as capture:
                transport.publish(
                    Message(body="hello", content_type="text/plain", metadata=contract_key),
                    Destination(queue=queue),
                )
                message = capture.next()
            assert (message.body, message.metadata["routingKey"], message.metadata["exchange"]) == (
                "hello",
                queue,
                "",
            )
        finally:
            connection.channel().queue_delete(queue)
            connection.close()

    def test_messages_waiting_in_a_queue_are_left_there_not_captured(
        self, transport: RabbitMQTransport, rabbitmq_url: str
    ) -> None:
        """A message published before the capture opened is neither captured nor lost; the failure counts it."""
        queue = f"q-{uuid.uuid4().hex[:8]}"
        connection = pika.BlockingConnection(pika.URLParameters(rabbitmq_url))
        channel = connection.channel()
        channel.queue_declare(queue, auto_delete=False)
        try:
            transport.publish(Message(body={"stale": True}), Destination(queue=queue))
            with transport.capture(Destination(queue=queue), timeout=0.5) as capture:
                with pytest.raises(NothingArrived) as failure:
                    capture.next()
                transport.publish(Message(body={"fresh": True}), Destination(queue=queue))
                assert capture.next().body == {"fresh": True}
            assert "1 message was already waiting there" in str(failure.value)
            _, _, body = channel.basic_get(queue, auto_ack=True)
            assert body == b'{"stale":true}'
            assert channel.queue_declare(queue, passive=True).method.message_count == 0
        finally:
            channel.queue_delete(queue)
            connection.close()

    def test_a_header_cannot_pass_for_the_routing_key(
        self, transport: RabbitMQTransport, exchange: str, rabbitmq_url: str
    ) -> None:
        """The routing key and exchange in the metadata are RabbitMQ's, whatever headers say."""
        with transport.capture(Destination(exchange=exchange), timeout=5) as capture:
            _publish_with_pika(rabbitmq_url, exchange, "user.new", b"{}",
                               headers={"routingKey": "user.created", "exchange": "other"})
            message = capture.next()
        assert (message.metadata["routingKey"], message.metadata["exchange"]) == ("user.new", exchange)

    def test_a_missing_exchange_is_a_configuration_error_naming_it(
        self, transport: RabbitMQTransport
    ) -> None:
        """Capturing from an exchange nobody declared says so instead of waiting in vain."""
        with pytest.raises(ConfigurationError, match="no exchange 'nowhere' on vhost '/'"):
            transport.capture(Destination(exchange="nowhere"))

    def test_the_default_exchange_cannot_be_captured(self, transport: RabbitMQTransport) -> None:
        """Without an exchange or queue the capture asks for one."""
        with pytest.raises(InputError, match="say which RabbitMQ exchange"):
            transport.capture(Destination())


class TestPublish:
    def test_metadata_becomes_properties_and_headers_and_round_trips(
        self, transport: RabbitMQTransport, exchange: str
    ) -> None:
        """What the contract's metadata says is what a capture reads back, types included."""
        metadata = {
            "routingKey": "user.created",
            "contentType": "application/json",
            "correlationId": "c-9",
            "priority": 3,
            "flag": True,
            "ratio": 0.25,
            "count": 12,
            "nested": {"a": [1, "two"]},
        }
        with transport.capture(Destination(exchange=exchange), timeout=5) as capture:
            transport.publish(Message(body={"id": 1}, metadata=metadata), Destination(exchange=exchange))
            message = capture.next()
        assert message.body == {"id": 1}
        assert {key: message.metadata[key] for key in metadata} == metadata
        assert message.metadata["exchange"] == exchange

    def test_exchange_and_routing_key_come_from_metadata_when_not_given(
        self, transport: RabbitMQTransport, exchange: str
    ) -> None:
        """A contract that names its exchange and routing key needs no destination."""
        with transport.capture(Destination(exchange=exchange, routing_key="order.#"), timeout=5) as capture:
            transport.publish(Message(body={}, metadata={"exchange": exchange, "routingKey": "order.paid"}))
            assert capture.next().metadata["routingKey"] == "order.paid"

    def test_an_unroutable_message_is_an_error_naming_exchange_and_key(
        self, transport: RabbitMQTransport, exchange: str
    ) -> None:
        """Publishing where no queue is bound fails instead of dropping the message silently."""
        with pytest.raises(
            TransportError, match=f"exchange {exchange!r} with routing key 'user.gone'.*no queue is bound"
        ):
            transport.publish(Message(body={}), Destination(exchange=exchange, routing_key="user.gone"))

    def test_publishing_to_a_missing_exchange_is_an_error_and_the_transport_stays_usable(
        self, transport: RabbitMQTransport, exchange: str
    ) -> None:
        """RabbitMQ's 404 names the exchange and vhost; the next publish works on a fresh channel."""
        with pytest.raises(ConfigurationError, match="RabbitMQ has no exchange 'absent-exchange' on vhost '/'"):
            transport.publish(Message(body={}), Destination(exchange="absent-exchange", routing_key="k"))
        with transport.capture(Destination(exchange=exchange), timeout=5) as capture:
            transport.publish(Message(body={"ok": True}), Destination(exchange=exchange, routing_key="k"))
            assert capture.next().body == {"ok": True}

    def test_no_routing_key_anywhere_is_an_input_error(
        self, transport: RabbitMQTransport, exchange: str
    ) -> None:
        """Without a routing key in the destination or metadata, the error says where to put one."""
        with pytest.raises(InputError, match="no routing key.*routingKey"):
            transport.publish(Message(body={}), Destination(exchange=exchange))


class TestOpening:
    def test_open_transport_reads_the_destination_from_the_url(self, rabbitmq_url: str) -> None:
        """Query parameters name the destination; the rest goes to pika."""
        url = f"{rabbitmq_url}?exchange=users&routing_key=user.created&heartbeat=30"
        with open_transport(url) as transport:
            assert isinstance(transport, RabbitMQTransport)
            assert transport.destination == Destination(exchange="users", routing_key="user.created")

    def test_a_host_that_does_not_resolve_is_one_sentence(self) -> None:
        """A DNS failure is reported like a refused connection (exit 2 in the CLI), not as a traceback."""
        with pytest.raises(TransportUnreachable, match=r"cannot connect to RabbitMQ at amqp://no-such-host.invalid"
                                                    r":5672/ \(gaierror: .+\); is it running"):
            open_transport("amqp://no-such-host.invalid:5672/")

    def test_nothing_listening_is_a_transport_error_without_the_password(self) -> None:
        """A refused connection names the URL (password hidden) and what to check."""
        with pytest.raises(TransportError, match=r"cannot connect to RabbitMQ at amqp://guest:\*\*\*@127.0.0.1"):
            open_transport(f"amqp://guest:secret@127.0.0.1:{free_port()}/")

    def test_pika_logs_nothing_at_error_while_connecting_and_levels_are_restored(
        self, caplog: pytest.LogCaptureFixture, rabbitmq_url: str
    ) -> None:
        """The refusal is reported as one sentence, so pika's own ERROR lines (and traceback) stay quiet;
        the connection loggers' levels, including one the user set, are as they were afterwards."""
        workflow = logging.getLogger("pika.adapters.utils.connection_workflow")
        blocking = logging.getLogger("pika.adapters.blocking_connection")
        before = (workflow.level, blocking.level)
        blocking.setLevel(logging.DEBUG)  # as a user debugging pika would
        try:
            with caplog.at_level(logging.DEBUG):
                with pytest.raises(TransportUnreachable):
                    open_transport(f"amqp://guest:secret@127.0.0.1:{free_port()}/")
                assert [r for r in caplog.records if r.name.startswith("pika") and r.levelno >= logging.ERROR] == []
                assert (workflow.level, blocking.level) == (before[0], logging.DEBUG)
                with open_transport(rabbitmq_url):
                    pass
                assert (workflow.level, blocking.level) == (before[0], logging.DEBUG)
                blocking.error("after connecting, pika's loggers speak again")
            assert caplog.records[-1].getMessage() == "after connecting, pika's loggers speak again"
        finally:
            blocking.setLevel(before[1])
