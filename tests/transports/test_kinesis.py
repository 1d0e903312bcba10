"""The Kinesis transport against moto's server on 127.0.0.1."""
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
from pactspec.transports._kinesis import KinesisTransport
from tests.services import aws_url, free_port, no_aws_credentials, sqs_endpoint  # noqa: F401  (fixtures)

pytestmark = pytest.mark.services


@pytest.fixture
def stream(sqs_endpoint: str) -> Iterator[str]:
    """A fresh two-shard stream, deleted afterwards."""
    client = boto3.client("kinesis", endpoint_url=sqs_endpoint, region_name="us-east-1")
    name = f"orders-{uuid.uuid4().hex[:8]}"
    client.create_stream(StreamName=name, ShardCount=2)
    yield name
    client.delete_stream(StreamName=name)


@pytest.fixture
def transport(sqs_endpoint: str) -> Iterator[KinesisTransport]:
    with KinesisTransport(aws_url(sqs_endpoint, "kinesis")) as opened:
        yield opened


def _client(endpoint: str) -> Any:
    return boto3.client("kinesis", endpoint_url=endpoint, region_name="us-east-1")


class TestCapture:
    def test_records_put_after_opening_arrive_with_stream_data_as_metadata(
        self, transport: KinesisTransport, stream: str, sqs_endpoint: str
    ) -> None:
        """A record put by plain boto3 arrives with stream, partition key, sequence number and shard."""
        client = _client(sqs_endpoint)
        client.put_record(StreamName=stream, Data=b'{"stale":true}', PartitionKey="old")
        with transport.capture(Destination(stream=stream), timeout=5) as capture:
            sent = client.put_record(StreamName=stream, Data=b'{"id":1001}', PartitionKey="order-1001")
            message = capture.next()
        assert message.raw == b'{"id":1001}'
        assert message.metadata == {"stream": stream, "partitionKey": "order-1001",
                                    "sequenceNumber": sent["SequenceNumber"], "shardId": sent["ShardId"]}

    def test_a_missing_record_names_the_stream_and_the_wait(self, transport: KinesisTransport, stream: str) -> None:
        """Nothing put: the failure says Kinesis, the stream and how long it waited."""
        with transport.capture(Destination(stream=stream), timeout=0.5) as capture, \
                pytest.raises(NothingArrived) as failure:
            capture.next()
        assert f"Kinesis stream {stream!r} (2 shards)" in str(failure.value)
        assert "within 0.5 s" in str(failure.value)

    def test_a_missing_stream_is_a_configuration_error(self, transport: KinesisTransport) -> None:
        """pactspec never creates streams; it says the stream isn't there."""
        with pytest.raises(ConfigurationError, match="there is no Kinesis stream 'nope'.*create it first"):
            transport.capture(Destination(stream="nope"))


class TestPublish:
    def test_a_record_goes_out_with_the_contracts_partition_key(
        self, transport: KinesisTransport, stream: str
    ) -> None:
        """The body's bytes and the metadata's partitionKey make the record; the stream can come from metadata."""
        with transport.capture(Destination(stream=stream), timeout=5) as capture:
            where = transport.publish(Message(body={"id": 7}, metadata={"stream": stream, "partitionKey": "k-7"}))
            message = capture.next()
        assert where.startswith(f"Kinesis stream {stream!r}")
        assert message.raw == b'{"id": 7}' or message.body == {"id": 7}
        assert message.metadata["partitionKey"] == "k-7"

    def test_no_partition_key_is_an_input_error(self, transport: KinesisTransport, stream: str) -> None:
        """Kinesis needs a partition key: the error says which metadata key to add."""
        with pytest.raises(InputError, match='needs a partition key; put "partitionKey"'):
            transport.publish(Message(body={}), Destination(stream=stream))


class TestOpening:
    def test_a_stream_in_the_url_that_does_not_exist_fails_when_opening(self, sqs_endpoint: str) -> None:
        """The stream named in the URL is looked up before anything is published."""
        with pytest.raises(ConfigurationError, match="there is no Kinesis stream 'nope' at http://127.0.0.1"):
            open_transport(aws_url(sqs_endpoint, "kinesis") + "/nope")

    def test_an_unreachable_endpoint_is_said_when_opening(self) -> None:
        """Nothing listening: one sentence naming the endpoint (the CLI exits 2)."""
        with pytest.raises(TransportUnreachable, match=r"looking up Kinesis stream 's': cannot connect to Kinesis "
                                                       r"at http://127.0.0.1"):
            open_transport(f"kinesis+http://k:s@127.0.0.1:{free_port()}/s")

    @pytest.mark.usefixtures("no_aws_credentials")
    def test_no_credentials_anywhere_is_said_when_opening(self) -> None:
        """Without credentials in the URL or boto3's chain, opening says where to put them."""
        with pytest.raises(ConfigurationError, match=r"opening kinesis\+http://127.0.0.1:1/s: no AWS credentials"):
            open_transport("kinesis+http://127.0.0.1:1/s")

    def test_the_stream_parameter_names_the_destination(self, sqs_endpoint: str, stream: str) -> None:
        """``?stream=`` works as the path does."""
        with open_transport(aws_url(sqs_endpoint, "kinesis") + f"/?stream={stream}") as transport:
            assert transport.destination.stream == stream
