"""Amazon SQS with boto3: send messages, capture by receiving (and deleting) from a queue.

A capture takes the messages sent after it opened (by SQS's ``SentTimestamp`` against this
machine's clock); messages already waiting in the queue are left there.

URLs:

- ``sqs:///QUEUE?region=eu-west-1`` — AWS itself (credentials from the usual boto3 chain)
- ``sqs://HOST[:PORT]/QUEUE`` — another HTTPS endpoint
- ``sqs+http://[KEY:SECRET@]HOST:PORT/QUEUE`` — a local endpoint over plain HTTP (moto,
  ElasticMQ, LocalStack); region defaults to ``us-east-1`` there

``QUEUE`` is a queue name (``/ACCOUNT/QUEUE`` is accepted too) or comes from ``?queue=``; a full
queue URL works as the queue as well. The queue must exist: pactspec never creates queues.

Transport data ↔ Pact metadata keys:

==========================  ====================================================
Pact metadata key           SQS
==========================  ====================================================
``contentType``             message attribute ``contentType`` (``String``);
                            ``content-type`` is read too
``messageGroupId``          ``MessageGroupId`` (FIFO queues)
``messageDeduplicationId``  ``MessageDeduplicationId`` (FIFO queues)
``queue``                   the queue's name (captured; on publish, the target)
``messageId``               the ``MessageId`` SQS gave (captured only)
any other key               a message attribute of the same name: text is
                            ``String``, numbers ``Number``, bytes ``Binary``,
                            booleans ``String.boolean``, objects and arrays
                            ``String.json`` — each read back as the same type
==========================  ====================================================

SQS allows at most 10 message attributes per message. Bodies are text; a body that is not UTF-8
is sent base64-encoded with the attribute ``contentEncoding`` = ``base64`` and decoded on capture.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Mapping
from typing import Any

from pactspec.content import CONTENT_TYPE_KEY, declared_content_type
from pactspec.errors import InputError
from pactspec.model import Message
from pactspec.transports._aws import aws_endpoint, body_bytes, message_attributes, text_body, typed_attribute
from pactspec.transports._base import (
    DEFAULT_WAIT,
    Closing,
    Destination,
    PollingCapture,
    message_bytes,
    publish_target,
    received_message,
)

__all__ = ["MAX_ATTRIBUTES", "SQSTransport"]

MAX_ATTRIBUTES = 10
_PARAMETER_KEYS = {"messageGroupId": "MessageGroupId", "messageDeduplicationId": "MessageDeduplicationId"}
_SKIPPED_KEYS = {"queue", "messageId"}


class SQSTransport(Closing):
    """A boto3 SQS client for one endpoint; queues are looked up by name once."""

    carries_content_type = False

    def __init__(self, url: str, destination: Destination | None = None) -> None:
        self._aws = aws_endpoint(url, service="SQS")
        self.url = self._aws.url
        path = self._aws.path
        default = Destination(queue=path[-1]) if path else Destination()
        self.destination = (destination or Destination()).merged(default)
        self._endpoint = self._aws.where
        self._client = self._aws.client("sqs")
        self._queue_urls: dict[str, str] = {}

    def publish(self, message: Message, destination: Destination | None = None) -> str:
        target = (destination or Destination()).merged(self.destination)
        metadata = dict(message.metadata)
        queue = publish_target(target.queue, metadata, "queue", what="SQS queue", url="sqs+http://HOST:PORT/QUEUE")
        raw, content_type = message_bytes(message)
        body = text_body(raw, metadata)
        request: dict[str, Any] = {"QueueUrl": self._queue_url(queue), "MessageBody": body}
        message_attributes(request, metadata, content_type, parameters=_PARAMETER_KEYS, skipped=_SKIPPED_KEYS,
                           attribute=_attribute, most=MAX_ATTRIBUTES,
                           limit=f"SQS allows at most {MAX_ATTRIBUTES} message attributes")
        self._aws.call(f"sending to SQS queue {queue!r}", self._client.send_message, **request)
        return f"SQS queue {queue!r}"

    def capture(self, source: Destination | None = None, *, timeout: float = DEFAULT_WAIT) -> PollingCapture:
        source = (source or Destination()).merged(self.destination)
        if not source.queue:
            raise InputError("say which SQS queue to capture from (in the URL's path or as queue=…)")
        queue = source.queue
        queue_url = self._queue_url(queue)
        name = queue_url.rstrip("/").rsplit("/", 1)[-1]
        # Messages SQS stamped before this moment were waiting already: they are not the trigger's,
        # so they are neither captured nor deleted, and are made visible again when the capture closes.
        opened = int(time.time() * 1000)
        left: dict[str, str] = {}  # message id -> latest receipt handle

        def poll(seconds: float) -> list[Message]:
            wait = min(20, math.floor(seconds))
            answer = self._aws.call(
                f"receiving from SQS queue {queue!r}",
                self._client.receive_message,
                QueueUrl=queue_url,
                MaxNumberOfMessages=10,
                WaitTimeSeconds=wait,
                MessageAttributeNames=["All"],
                MessageSystemAttributeNames=["All"],
            )
            received = []
            for item in answer.get("Messages", []):
                sent = str((item.get("Attributes") or {}).get("SentTimestamp", ""))
                if sent.isdigit() and int(sent) < opened:
                    left[str(item.get("MessageId"))] = item["ReceiptHandle"]
                else:
                    received.append(item)
            if received:
                self._aws.call(
                    f"deleting captured messages from SQS queue {queue!r}",
                    self._client.delete_message_batch,
                    QueueUrl=queue_url,
                    Entries=[
                        {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(received)
                    ],
                )
            elif wait == 0:
                time.sleep(min(seconds, 0.05))
            return [_received(item, name) for item in received]

        def close() -> None:
            handles = list(left.values())
            for start in range(0, len(handles), 10):  # SQS takes at most 10 entries a batch
                self._aws.call(
                    f"returning waiting messages to SQS queue {queue!r}",
                    self._client.change_message_visibility_batch,
                    QueueUrl=queue_url,
                    Entries=[
                        {"Id": str(i), "ReceiptHandle": handle, "VisibilityTimeout": 0}
                        for i, handle in enumerate(handles[start:start + 10])
                    ],
                )

        return PollingCapture(
            f"SQS queue {name!r} at {self._endpoint}", poll, close, timeout=timeout, waiting=lambda: len(left)
        )

    def close(self) -> None:
        self._client.close()

    def _queue_url(self, queue: str) -> str:
        if queue.startswith(("http://", "https://")):
            return queue
        if queue not in self._queue_urls:
            found = self._aws.check(f"queue {queue!r}", self._client.get_queue_url, QueueName=queue)
            self._queue_urls[queue] = found["QueueUrl"]
        return self._queue_urls[queue]


def _attribute(key: str, value: Any) -> dict[str, Any]:
    """A metadata value as an SQS message attribute: SNS's types, plus booleans and objects that come back as such."""
    if isinstance(value, bool):
        return {"DataType": "String.boolean", "StringValue": "true" if value else "false"}
    if isinstance(value, (Mapping, list, tuple)):
        return {"DataType": "String.json", "StringValue": json.dumps(value, separators=(",", ":"))}
    return typed_attribute(key, value, service="SQS")


def _value(attribute: Mapping[str, Any]) -> Any:
    data_type = str(attribute.get("DataType", "String"))
    if data_type.startswith("Binary"):
        return attribute.get("BinaryValue", b"")
    text = attribute.get("StringValue", "")
    if data_type.startswith("Number"):
        try:
            return int(text)
        except ValueError:
            return float(text)
    if data_type == "String.boolean" and text in ("true", "false"):
        return text == "true"
    if data_type == "String.json":
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def _received(item: Mapping[str, Any], queue: str) -> Message:
    metadata: dict[str, Any] = {key: _value(a) for key, a in (item.get("MessageAttributes") or {}).items()}
    system = item.get("Attributes") or {}
    for key, name in _PARAMETER_KEYS.items():
        if name in system:
            metadata[key] = system[name]
    # SQS's own data last: an attribute of the same name cannot pass for the queue or the id.
    metadata["queue"] = queue
    metadata["messageId"] = item.get("MessageId")
    content_type = declared_content_type(metadata)
    if content_type is not None:
        metadata[CONTENT_TYPE_KEY] = content_type
    raw = body_bytes(str(item.get("Body", "")), metadata)
    return received_message(raw, content_type, metadata)
