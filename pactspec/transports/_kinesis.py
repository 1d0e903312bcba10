"""Amazon Kinesis Data Streams with boto3: put records, capture by reading every shard from LATEST.

A capture takes a ``LATEST`` shard iterator on every open shard when it opens (before the
trigger runs), so only records put after that are captured; nothing is consumed from the stream.

URLs (see :mod:`pactspec.transports._aws`): ``kinesis:///STREAM?region=eu-west-1``,
``kinesis://HOST[:PORT]/STREAM`` (HTTPS), ``kinesis+http://[KEY:SECRET@]HOST:PORT/STREAM`` (moto,
LocalStack). ``STREAM`` may also come from ``?stream=``. The stream must exist.

Transport data ↔ Pact metadata keys:

==================  ===========================================================
Pact metadata key   Kinesis
==================  ===========================================================
``stream``          the stream's name (captured; on publish, the target)
``partitionKey``    the record's partition key (required on publish)
``sequenceNumber``  the sequence number Kinesis gave (captured only)
``shardId``         the shard the record landed on (captured only)
==================  ===========================================================

A record has no attributes or headers: other metadata keys (``contentType`` too) are not sent,
and a captured record's body is read as the contract's content type.
"""

from __future__ import annotations

import time
from typing import Any

from pactspec.errors import InputError
from pactspec.model import Message
from pactspec.transports._aws import aws_endpoint
from pactspec.transports._base import (
    DEFAULT_WAIT,
    Closing,
    Destination,
    PollingCapture,
    message_bytes,
    publish_target,
    received_message,
)

__all__ = ["KinesisTransport"]

_PAUSE = 0.2  # seconds between reads of an idle stream: Kinesis allows 5 reads a second per shard


class KinesisTransport(Closing):
    """A boto3 Kinesis client for one endpoint."""

    carries_content_type = False

    def __init__(self, url: str, destination: Destination | None = None) -> None:
        self._aws = aws_endpoint(url, service="Kinesis")
        self.url = self._aws.url
        default = Destination(stream=self._aws.path[-1]) if self._aws.path else Destination()
        self.destination = (destination or Destination()).merged(default)
        self._client = self._aws.client("kinesis")
        if self.destination.stream:  # before anything is published: a wrong name is bad input
            self._check(self.destination.stream)

    def publish(self, message: Message, destination: Destination | None = None) -> str:
        target = (destination or Destination()).merged(self.destination)
        stream = publish_target(target.stream, message.metadata, "stream", what="Kinesis stream",
                                url="kinesis+http://HOST:PORT/STREAM")
        key = message.metadata.get("partitionKey")
        if key is None or key == "":
            raise InputError(
                "a Kinesis record needs a partition key; put \"partitionKey\" in the contract's metadata"
            )
        self._check(stream)
        raw, _ = message_bytes(message)
        answer = self._aws.call(f"putting a record on Kinesis stream {stream!r}", self._client.put_record,
                                StreamName=stream, Data=raw, PartitionKey=str(key))
        return f"Kinesis stream {stream!r} ({answer.get('ShardId')})"

    def capture(self, source: Destination | None = None, *, timeout: float = DEFAULT_WAIT) -> PollingCapture:
        source = (source or Destination()).merged(self.destination)
        if not source.stream:
            raise InputError("say which Kinesis stream to capture from (in the URL's path or as stream=…)")
        stream = source.stream
        self._check(stream)
        iterators: dict[str, str] = {}
        for shard in self._shards(stream):
            if "EndingSequenceNumber" in shard.get("SequenceNumberRange", {}):
                continue  # a closed shard (after a resharding) takes no new records
            answer = self._aws.call(
                f"opening shard {shard['ShardId']} of Kinesis stream {stream!r}", self._client.get_shard_iterator,
                StreamName=stream, ShardId=shard["ShardId"], ShardIteratorType="LATEST",
            )
            iterators[shard["ShardId"]] = answer["ShardIterator"]

        def poll(seconds: float) -> list[Message]:
            found: list[Message] = []
            for shard_id, iterator in list(iterators.items()):
                answer = self._aws.call(f"reading Kinesis stream {stream!r}", self._client.get_records,
                                        ShardIterator=iterator, Limit=100)
                if answer.get("NextShardIterator"):
                    iterators[shard_id] = answer["NextShardIterator"]
                else:
                    del iterators[shard_id]
                found += [_received(record, stream, shard_id) for record in answer.get("Records", [])]
            if not found:
                time.sleep(min(seconds, _PAUSE))
            return found

        shards = len(iterators)
        where = f"Kinesis stream {stream!r} ({shards} shard{'s' if shards != 1 else ''}) at {self._aws.where}"
        return PollingCapture(where, poll, lambda: None, timeout=timeout)

    def close(self) -> None:
        self._client.close()

    def _check(self, stream: str) -> None:
        self._aws.check_once(f"stream {stream!r}", self._client.describe_stream_summary, StreamName=stream)

    def _shards(self, stream: str) -> list[dict[str, Any]]:
        shards: list[dict[str, Any]] = []
        request: dict[str, Any] = {"StreamName": stream}
        while True:
            answer = self._aws.call(f"listing the shards of Kinesis stream {stream!r}", self._client.list_shards,
                                    **request)
            shards += answer.get("Shards", [])
            if not answer.get("NextToken"):
                return shards
            request = {"NextToken": answer["NextToken"]}


def _received(record: dict[str, Any], stream: str, shard_id: str) -> Message:
    metadata = {
        "stream": stream,
        "partitionKey": record.get("PartitionKey"),
        "sequenceNumber": record.get("SequenceNumber"),
        "shardId": shard_id,
    }
    return received_message(bytes(record.get("Data", b"")), None, metadata)
