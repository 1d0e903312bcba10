"""The SNS transport against moto's server on 127.0.0.1."""
# ruff: noqa: F811  (pytest fixtures imported from tests.services)

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from pactspec.errors import ConfigurationError, InputError
from pactspec.model import Message
from pactspec.transports import Destination, NothingArrived, TransportUnreachable, open_transport
from pactspec.transports._sns import SNSTransport
from tests.services import aws_url, free_port, sqs_endpoint  # noqa: F401  (fixtures)

pytestmark = pytest.mark.services


def _sns(endpoint: str) -> Any:
    return boto3.client("sns", endpoint_url=endpoint, region_name="us-east-1")


@pytest.fixture
def topic(sqs_endpoint: str) -> Iterator[str]:
    """A fresh topic's ARN, deleted afterwards."""
    arn = _sns(sqs_endpoint).create_topic(Name=f"orders-{uuid.uuid4().hex[:8]}")["TopicArn"]
    yield arn
    _sns(sqs_endpoint).delete_topic(TopicArn=arn)


@pytest.fixture
def transport(sqs_endpoint: str) -> Iterator[SNSTransport]:
    with SNSTransport(aws_url(sqs_endpoint, "sns")) as opened:
        yield opened


def _queues(endpoint: str) -> list[str]:
    answer = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1").list_queues(
        QueueNamePrefix="pactspec-capture-")
    return list(answer.get("QueueUrls", []))


class TestCapture:
    def test_the_envelope_is_unwrapped_with_typed_attributes(
        self, transport: SNSTransport, topic: str, sqs_endpoint: str
    ) -> None:
        """Message, Subject, TopicArn and typed MessageAttributes of what boto3 publishes become Pact metadata."""
        with transport.capture(Destination(topic=topic), timeout=5) as capture:
            _sns(sqs_endpoint).publish(
                TopicArn=topic, Message='{"orderId":1}', Subject="placed",
                MessageAttributes={
                    "contentType": {"DataType": "String", "StringValue": "application/json"},
                    "eventType": {"DataType": "String", "StringValue": "OrderPlaced"},
                    "version": {"DataType": "Number", "StringValue": "2"},
                    "signature": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
                    "tags": {"DataType": "String.Array", "StringValue": '["a", 1]'},
                },
            )
            message = capture.next()
        assert message.body == {"orderId": 1}
        assert {k: v for k, v in message.metadata.items() if k != "messageId"} == {
            "contentType": "application/json", "eventType": "OrderPlaced", "version": 2,
            "signature": b"\x00\x01", "tags": ["a", 1], "subject": "placed", "topicArn": topic,
        }

    def test_a_message_the_filter_policy_drops_never_arrives(
        self, transport: SNSTransport, topic: str, sqs_endpoint: str
    ) -> None:
        """With a filter policy, a message without the attribute it needs fails as never arrived, naming the policy."""
        policy = json.dumps({"eventType": ["OrderPlaced"]})
        with transport.capture(Destination(topic=topic, filter_policy=policy), timeout=1) as capture:
            _sns(sqs_endpoint).publish(TopicArn=topic, Message="{}")
            with pytest.raises(NothingArrived) as failure:
                capture.next()
            _sns(sqs_endpoint).publish(TopicArn=topic, Message='{"n":2}', MessageAttributes={
                "eventType": {"DataType": "String", "StringValue": "OrderPlaced"}})
            assert capture.next().raw == b'{"n":2}'
        name = topic.rsplit(":", 1)[-1]
        assert f"SNS topic {name!r} (filter policy {policy}) at http://127.0.0.1" in str(failure.value)
        assert "within 1 s" in str(failure.value)

    def test_the_temporary_queue_is_removed_when_the_capture_closes(
        self, transport: SNSTransport, topic: str, sqs_endpoint: str
    ) -> None:
        """The capture's queue and subscription do not outlive it."""
        before = _queues(sqs_endpoint)
        with transport.capture(Destination(topic=topic), timeout=1):
            assert len(_queues(sqs_endpoint)) == len(before) + 1
        assert _queues(sqs_endpoint) == before
        assert _sns(sqs_endpoint).list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []

    def test_a_fifo_topic_is_captured_through_a_fifo_queue(self, transport: SNSTransport, sqs_endpoint: str) -> None:
        """Group and deduplication ids of a FIFO topic's message arrive as metadata."""
        arn = _sns(sqs_endpoint).create_topic(Name=f"o-{uuid.uuid4().hex[:6]}.fifo",
                                              Attributes={"FifoTopic": "true"})["TopicArn"]
        with transport.capture(Destination(topic=arn), timeout=5) as capture:
            transport.publish(Message(body="hi", content_type="text/plain",
                                      metadata={"messageGroupId": "g1", "messageDeduplicationId": "d1"}),
                              Destination(topic=arn))
            message = capture.next()
        assert (message.body, message.metadata["messageGroupId"], message.metadata["messageDeduplicationId"]) == (
            "hi", "g1", "d1")

    def test_a_filter_policy_that_is_not_json_is_an_input_error(self, transport: SNSTransport, topic: str) -> None:
        """The policy is checked before any queue is made."""
        with pytest.raises(InputError, match="filter policy 'eventType=x' is not JSON"):
            transport.capture(Destination(topic=topic, filter_policy="eventType=x"))


class TestPublish:
    def test_metadata_round_trips_as_attributes_and_subject(self, transport: SNSTransport, topic: str) -> None:
        """Text, numbers, bytes and lists come back as they were sent; subject travels as the Subject."""
        metadata = {"contentType": "application/json", "eventType": "OrderPlaced", "version": 2, "ratio": 0.5,
                    "signature": b"\x00\x01", "tags": ["a", "b"], "subject": "placed"}
        name = topic.rsplit(":", 1)[-1]
        with transport.capture(Destination(topic=name), timeout=5) as capture:
            where = transport.publish(Message(body={"id": 1}, metadata=metadata), Destination(topic=name))
            message = capture.next()
        assert where == f"SNS topic {name!r}"
        assert message.body == {"id": 1}
        assert {key: message.metadata[key] for key in metadata} == metadata

    def test_no_topic_anywhere_is_an_input_error(self, transport: SNSTransport) -> None:
        """Without a topic in the URL, destination or metadata the error says where to name one."""
        with pytest.raises(InputError, match="no SNS topic"):
            transport.publish(Message(body={}))


class TestOpening:
    def test_a_topic_in_the_url_that_does_not_exist_fails_when_opening(self, sqs_endpoint: str) -> None:
        """The topic named in the URL is looked up before anything is published."""
        with pytest.raises(ConfigurationError, match="there is no SNS topic 'nope' at http://127.0.0.1"):
            open_transport(aws_url(sqs_endpoint, "sns") + "/nope")

    def test_an_unreachable_endpoint_is_said_when_opening(self) -> None:
        """Nothing listening: one sentence naming the endpoint (the CLI exits 2)."""
        with pytest.raises(TransportUnreachable, match=r"looking up SNS topic 't': cannot connect to SNS at "
                                                       r"http://127.0.0.1"):
            open_transport(f"sns+http://k:s@127.0.0.1:{free_port()}/t")
