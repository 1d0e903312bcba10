"""The SQS transport against moto's server on 127.0.0.1."""
# ruff: noqa: F811  (pytest fixtures imported from tests.services)

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from pactspec.errors import ConfigurationError, InputError
from pactspec.model import Message
from pactspec.transports import Destination, NothingArrived, TransportUnreachable, open_transport
from pactspec.transports._sqs import SQSTransport
from tests.services import free_port, no_aws_credentials, sqs_endpoint, sqs_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.services


@pytest.fixture
def queue(sqs_endpoint: str) -> Iterator[str]:
    """A fresh queue, deleted afterwards."""
    client = boto3.client("sqs", endpoint_url=sqs_endpoint, region_name="us-east-1")
    name = f"users-{uuid.uuid4().hex[:8]}"
    url = client.create_queue(QueueName=name)["QueueUrl"]
    yield name
    client.delete_queue(QueueUrl=url)


def _client(endpoint: str, queue: str) -> tuple[Any, str]:
    """A plain boto3 client, as another service would use, and the queue's URL."""
    client = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1")
    return client, client.get_queue_url(QueueName=queue)["QueueUrl"]


@pytest.fixture
def transport(sqs_url: str) -> Iterator[SQSTransport]:
    with SQSTransport(sqs_url) as opened:
        yield opened


class TestCapture:
    @pytest.mark.parametrize("attribute", ["content-type", "Content-TYPE"])
    def test_captures_what_boto3_sends_with_attributes_as_metadata(
        self, transport: SQSTransport, queue: str, sqs_endpoint: str, attribute: str
    ) -> None:
        """Body, content type (its attribute in any case) and message attributes arrive as Pact metadata."""
        client, queue_url = _client(sqs_endpoint, queue)
        with transport.capture(Destination(queue=queue), timeout=5) as capture:
            client.send_message(
                QueueUrl=queue_url,
                MessageBody='{"id":127}',
                MessageAttributes={
                    attribute: {"DataType": "String", "StringValue": "application/json"},
                    "eventType": {"DataType": "String", "StringValue": "UserCreated"},
                    "version": {"DataType": "Number", "StringValue": "2"},
                },
            )
            message = capture.next()
        assert message.body == {"id": 127}
        assert message.content_type == "application/json"
        assert message.metadata["contentType"] == "application/json"
        assert message.metadata["eventType"] == "UserCreated"
        assert message.metadata["version"] == 2
        assert message.metadata["queue"] == queue
        assert "Messages" not in client.receive_message(QueueUrl=queue_url, WaitTimeSeconds=0)

    def test_a_missing_message_names_the_queue_and_the_wait(
        self, transport: SQSTransport, queue: str
    ) -> None:
        """An empty queue is a contract failure that says which queue and how long it waited."""
        with (
            transport.capture(Destination(queue=queue), timeout=1.5) as capture,
            pytest.raises(NothingArrived) as failure,
        ):
            capture.next()
        assert f"SQS queue {queue!r}" in str(failure.value)
        assert "within 1.5 s" in str(failure.value)

    def test_messages_waiting_in_the_queue_are_left_there_not_captured(
        self, transport: SQSTransport, queue: str, sqs_endpoint: str
    ) -> None:
        """A message sent before the capture opened is not captured, not deleted, and visible again after it."""
        client, queue_url = _client(sqs_endpoint, queue)
        client.send_message(QueueUrl=queue_url, MessageBody='{"stale":true}')
        with transport.capture(Destination(queue=queue), timeout=1.5) as capture:
            with pytest.raises(NothingArrived) as failure:
                capture.next()
            client.send_message(QueueUrl=queue_url, MessageBody='{"fresh":true}')
            assert capture.next().body == {"fresh": True}
        assert "1 message was already waiting there" in str(failure.value)
        left = client.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1)["Messages"]
        assert [item["Body"] for item in left] == ['{"stale":true}']

    def test_an_attribute_cannot_pass_for_the_queue_or_the_message_id(
        self, transport: SQSTransport, queue: str, sqs_endpoint: str
    ) -> None:
        """queue and messageId in the metadata are SQS's own, whatever attributes the sender set."""
        client, queue_url = _client(sqs_endpoint, queue)
        with transport.capture(Destination(queue=queue), timeout=5) as capture:
            sent = client.send_message(
                QueueUrl=queue_url, MessageBody="{}",
                MessageAttributes={"queue": {"DataType": "String", "StringValue": "elsewhere"},
                                   "messageId": {"DataType": "String", "StringValue": "forged"}},
            )
            message = capture.next()
        assert (message.metadata["queue"], message.metadata["messageId"]) == (queue, sent["MessageId"])

    def test_a_missing_queue_is_a_configuration_error(self, transport: SQSTransport) -> None:
        """pactspec never creates queues; it says the queue isn't there."""
        with pytest.raises(ConfigurationError, match="there is no SQS queue 'nope'.*create it first"):
            transport.capture(Destination(queue="nope"))


class TestPublish:
    def test_metadata_round_trips_through_message_attributes_with_types(
        self, transport: SQSTransport, queue: str
    ) -> None:
        """Text, numbers, booleans, bytes and JSON values come back as they were sent."""
        metadata = {
            "contentType": "application/json",
            "eventType": "UserCreated",
            "version": 2,
            "ratio": 0.5,
            "replay": False,
            "signature": b"\x00\x01",
            "tags": ["a", "b"],
        }
        with transport.capture(Destination(queue=queue), timeout=5) as capture:
            transport.publish(Message(body={"id": 1}, metadata=metadata), Destination(queue=queue))
            message = capture.next()
        assert message.body == {"id": 1}
        assert {key: message.metadata[key] for key in metadata} == metadata

    def test_a_content_type_key_in_any_case_travels_once_as_contenttype(
        self, transport: SQSTransport, queue: str
    ) -> None:
        """Metadata 'CONTENT-TYPE' is the content type: sent as the contentType attribute, not a second one."""
        with transport.capture(Destination(queue=queue), timeout=5) as capture:
            transport.publish(Message(body={"id": 1}, metadata={"CONTENT-TYPE": "application/vnd.x+json"}),
                              Destination(queue=queue))
            message = capture.next()
        assert message.content_type == "application/vnd.x+json"
        assert "CONTENT-TYPE" not in message.metadata

    def test_binary_bodies_travel_base64_encoded(self, transport: SQSTransport, queue: str) -> None:
        """A body that isn't UTF-8 is sent as base64 and decoded on capture."""
        payload = b"\x89PNG\r\n\x1a\n\xff\xfe"
        with transport.capture(Destination(queue=queue), timeout=5) as capture:
            transport.publish(Message(body=payload, content_type="image/png"), Destination(queue=queue))
            message = capture.next()
        assert message.raw == payload
        assert message.body == payload
        assert message.metadata["contentEncoding"] == "base64"

    def test_the_queue_can_come_from_the_url_path_or_the_metadata(self, sqs_url: str, queue: str) -> None:
        """``sqs+http://HOST:PORT/QUEUE`` names the queue; so does a ``queue`` metadata key."""
        base, _, query = sqs_url.partition("?")
        with open_transport(f"{base}/{queue}?{query}") as transport:
            assert transport.destination == Destination(queue=queue)
            with transport.capture(timeout=5) as capture:
                transport.publish(Message(body="one", content_type="text/plain"))
                assert capture.next().body == "one"
        with open_transport(sqs_url) as transport, transport.capture(Destination(queue=queue), timeout=5) as capture:
            transport.publish(Message(body="two", content_type="text/plain", metadata={"queue": queue}))
            assert capture.next().body == "two"

    def test_more_than_ten_attributes_is_an_input_error(self, transport: SQSTransport, queue: str) -> None:
        """SQS's limit is reported before sending, with the attribute names."""
        metadata = {f"k{i}": "v" for i in range(11)}
        with pytest.raises(InputError, match="at most 10 message attributes.*k0, k1"):
            transport.publish(Message(body={}, metadata=metadata), Destination(queue=queue))

    def test_no_queue_anywhere_is_an_input_error(self, transport: SQSTransport) -> None:
        """Without a queue in the URL, destination or metadata the error says where to name one."""
        with pytest.raises(InputError, match="no SQS queue"):
            transport.publish(Message(body={}))


class TestOpening:
    def test_an_unknown_url_parameter_is_an_input_error(self, sqs_endpoint: str) -> None:
        """Only region= is understood besides the destination parameters."""
        with pytest.raises(InputError, match="unknown SQS URL parameter 'regoin'"):
            open_transport(sqs_endpoint.replace("http://", "sqs+http://") + "/q?regoin=eu-west-1")

    @pytest.mark.parametrize("url", ["sqs:///q?region=eu-west-1&regoin=x", "sqs:///q?queue=q&region=eu-west-1&regoin=x"])
    def test_a_url_without_host_is_echoed_as_written(self, url: str) -> None:
        """sqs:///q (the AWS default endpoint) is not shown as sqs:/q in messages."""
        with pytest.raises(InputError) as info:
            open_transport(url)
        assert str(info.value).startswith("sqs:///q?region=eu-west-1&regoin=x: unknown SQS URL parameter 'regoin'")

    def test_an_unreachable_endpoint_is_a_transport_error(self) -> None:
        """Nothing listening: the error names the endpoint, and the CLI treats it as bad input (exit 2)."""
        with (
            open_transport(f"sqs+http://k:s@127.0.0.1:{free_port()}/q?region=us-east-1") as transport,
            pytest.raises(TransportUnreachable, match=r"looking up SQS queue 'q': cannot connect to SQS at http://127.0.0.1"),
        ):
            transport.capture(timeout=1)

    @pytest.mark.usefixtures("no_aws_credentials")
    def test_no_credentials_anywhere_is_said_when_opening(self) -> None:
        """Without credentials in the URL or boto3's chain, opening says where to put them."""
        with pytest.raises(ConfigurationError, match=r"opening sqs\+http://127.0.0.1:1/q: no AWS credentials"):
            open_transport("sqs+http://127.0.0.1:1/q")

    def test_an_unknown_scheme_lists_the_known_ones(self) -> None:
        """A typo in the scheme says which schemes exist."""
        with pytest.raises(InputError, match="no transport for the scheme 'amqq'.*amqp, amqps"):
            open_transport("amqq://127.0.0.1/")
