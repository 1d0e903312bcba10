"""The S3 transport against moto's server on 127.0.0.1."""
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
from pactspec.transports._s3 import S3Transport
from tests.services import aws_url, free_port, sqs_endpoint  # noqa: F401  (fixtures)

pytestmark = pytest.mark.services


def _s3(endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


@pytest.fixture
def bucket(sqs_endpoint: str) -> str:
    """A fresh bucket."""
    name = f"invoices-{uuid.uuid4().hex[:8]}"
    _s3(sqs_endpoint).create_bucket(Bucket=name)
    return name


@pytest.fixture
def transport(sqs_endpoint: str) -> Iterator[S3Transport]:
    with S3Transport(aws_url(sqs_endpoint, "s3")) as opened:
        yield opened


class TestCapture:
    def test_a_new_object_under_the_prefix_arrives_with_its_data_as_metadata(
        self, transport: S3Transport, bucket: str, sqs_endpoint: str
    ) -> None:
        """Objects there before, or outside the prefix, are not captured; the new one carries bucket, key, type, user metadata."""
        client = _s3(sqs_endpoint)
        client.put_object(Bucket=bucket, Key="invoices/old.json", Body=b"{}")
        with transport.capture(Destination(bucket=bucket, prefix="invoices/"), timeout=5) as capture:
            client.put_object(Bucket=bucket, Key="other/1.json", Body=b"{}")
            client.put_object(Bucket=bucket, Key="invoices/1.json", Body=b'{"id":1}', ContentType="application/json",
                              Metadata={"source": "billing"})
            message = capture.next()
        assert message.body == {"id": 1}
        assert {k: v for k, v in message.metadata.items() if k != "eTag"} == {
            "bucket": bucket, "key": "invoices/1.json", "contentType": "application/json",
            "x-amz-meta-source": "billing"}

    def test_an_object_under_another_prefix_never_arrives(
        self, transport: S3Transport, bucket: str, sqs_endpoint: str
    ) -> None:
        """The failure names S3, the bucket, the prefix and the wait."""
        with transport.capture(Destination(bucket=bucket, prefix="invoices/"), timeout=0.5) as capture:
            _s3(sqs_endpoint).put_object(Bucket=bucket, Key="invoice/1.json", Body=b"{}")
            with pytest.raises(NothingArrived) as failure:
                capture.next()
        assert f"S3 bucket {bucket!r} under 'invoices/' at http://127.0.0.1" in str(failure.value)
        assert "within 0.5 s" in str(failure.value)


class TestPublish:
    def test_key_content_type_and_user_metadata_round_trip(self, transport: S3Transport, bucket: str) -> None:
        """The contract's key, content type and x-amz-meta-* keys make the object."""
        metadata = {"key": "invoices/7.json", "contentType": "application/json", "x-amz-meta-source": "billing"}
        with transport.capture(Destination(bucket=bucket), timeout=5) as capture:
            where = transport.publish(Message(body={"id": 7}, metadata=metadata), Destination(bucket=bucket))
            message = capture.next()
        assert where == f"S3 bucket {bucket!r} as 'invoices/7.json'"
        assert message.body == {"id": 7}
        assert {key: message.metadata[key] for key in metadata} == metadata

    def test_without_a_key_the_prefix_and_a_uuid_name_the_object(self, sqs_endpoint: str, bucket: str) -> None:
        """The URL's path gives bucket and prefix; the object lands under the prefix."""
        with open_transport(aws_url(sqs_endpoint, "s3") + f"/{bucket}/in/box") as transport:
            assert transport.destination == Destination(bucket=bucket, prefix="in/box/")
            with transport.capture(timeout=5) as capture:
                transport.publish(Message(body="hi", content_type="text/plain"))
                assert capture.next().metadata["key"].startswith("in/box/")

    def test_other_metadata_is_an_input_error(self, transport: S3Transport, bucket: str) -> None:
        """An object has no attributes: the error says to write x-amz-meta-."""
        with pytest.raises(InputError, match="not 'eventType'; write x-amz-meta-eventType"):
            transport.publish(Message(body={}, metadata={"eventType": "X"}), Destination(bucket=bucket))


class TestOpening:
    def test_a_bucket_in_the_url_that_does_not_exist_fails_when_opening(self, sqs_endpoint: str) -> None:
        """The bucket named in the URL is looked up before anything is published."""
        with pytest.raises(ConfigurationError, match="there is no S3 bucket 'nope' at http://127.0.0.1"):
            open_transport(aws_url(sqs_endpoint, "s3") + "/nope")

    def test_an_unreachable_endpoint_is_said_when_opening(self) -> None:
        """Nothing listening: one sentence naming the endpoint (the CLI exits 2)."""
        with pytest.raises(TransportUnreachable, match=r"looking up S3 bucket 'b': cannot connect to S3 at "
                                                       r"http://127.0.0.1"):
            open_transport(f"s3+http://k:s@127.0.0.1:{free_port()}/b")
