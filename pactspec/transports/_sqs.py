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

import base64
import json
import math
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import boto3
import botocore.exceptions

from pactspec.content import CONTENT_TYPE_KEY, declared_content_type, is_content_type_key
from pactspec.errors import ConfigurationError, InputError, TransportError, TransportUnreachable
from pactspec.model import Message
from pactspec.transports._base import (
    DEFAULT_WAIT,
    Closing,
    Destination,
    PollingCapture,
    message_bytes,
    publish_target,
    received_message,
    redact_url,
    unreachable,
)

__all__ = ["MAX_ATTRIBUTES", "SQSTransport"]

MAX_ATTRIBUTES = 10
_PARAMETER_KEYS = {"messageGroupId": "MessageGroupId", "messageDeduplicationId": "MessageDeduplicationId"}
_SKIPPED_KEYS = {"queue", "messageId"}


def _as_written(url: str) -> str:
    """``sqs:///q`` as the user wrote it: URL splitting drops the empty host's ``//`` (``sqs:/q``)."""
    scheme, colon, rest = url.partition(":")
    if colon and not rest.startswith("//"):
        return f"{scheme}://{rest}"
    return url


class SQSTransport(Closing):
    """A boto3 SQS client for one endpoint; queues are looked up by name once."""

    carries_content_type = False

    def __init__(self, url: str, destination: Destination | None = None) -> None:
        url = _as_written(url)
        self.url = url
        parts = urlsplit(url)
        options = dict(parse_qsl(parts.query))
        unknown = set(options) - {"region"}
        if unknown:
            raise InputError(f"{redact_url(url)}: unknown SQS URL parameter {min(unknown)!r}; use region=…")
        path = [unquote(part) for part in parts.path.split("/") if part]
        default = Destination(queue=path[-1]) if path else Destination()
        self.destination = (destination or Destination()).merged(default)
        client_options: dict[str, Any] = {}
        if parts.hostname:
            scheme = "http" if parts.scheme == "sqs+http" else "https"
            port = f":{parts.port}" if parts.port else ""
            client_options["endpoint_url"] = f"{scheme}://{parts.hostname}{port}"
        if parts.username:
            client_options["aws_access_key_id"] = unquote(parts.username)
            client_options["aws_secret_access_key"] = unquote(parts.password or "")
        region = options.get("region") or boto3.session.Session().region_name
        if region is None and parts.hostname:
            region = "us-east-1"  # a local endpoint ignores it, but botocore insists on one
        if region is None:
            raise ConfigurationError(
                f"{redact_url(url)}: no AWS region; add ?region=… to the URL or set AWS_DEFAULT_REGION"
            )
        self._endpoint = client_options.get("endpoint_url", f"AWS SQS in {region}")
        if "aws_access_key_id" not in client_options and boto3.session.Session().get_credentials() is None:
            raise self._error(f"opening {redact_url(url)}", botocore.exceptions.NoCredentialsError())
        self._client = boto3.client("sqs", region_name=region, **client_options)
        self._queue_urls: dict[str, str] = {}

    def publish(self, message: Message, destination: Destination | None = None) -> str:
        target = (destination or Destination()).merged(self.destination)
        metadata = dict(message.metadata)
        queue = publish_target(target.queue, metadata, "queue", what="SQS queue", url="sqs+http://HOST:PORT/QUEUE")
        raw, content_type = message_bytes(message)
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            body = base64.b64encode(raw).decode("ascii")
            metadata["contentEncoding"] = "base64"
        request: dict[str, Any] = {"QueueUrl": self._queue_url(queue), "MessageBody": body}
        attributes: dict[str, Any] = {}
        if content_type is not None:
            attributes[CONTENT_TYPE_KEY] = {"DataType": "String", "StringValue": content_type}
        for key, value in metadata.items():
            if key in _PARAMETER_KEYS:
                request[_PARAMETER_KEYS[key]] = str(value)
            elif key not in _SKIPPED_KEYS and not is_content_type_key(key):
                attributes[key] = _attribute(key, value)
        if len(attributes) > MAX_ATTRIBUTES:
            raise InputError(
                f"SQS allows at most {MAX_ATTRIBUTES} message attributes and this message would carry "
                f"{len(attributes)} ({', '.join(sorted(attributes))}); move some into the body"
            )
        if attributes:
            request["MessageAttributes"] = attributes
        self._call(f"sending to SQS queue {queue!r}", self._client.send_message, **request)
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
            answer = self._call(
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
                self._call(
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
                self._call(
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
            try:
                found = self._client.get_queue_url(QueueName=queue)
            except botocore.exceptions.ClientError as exc:
                if "NonExistentQueue" in str(exc) or "QueueDoesNotExist" in str(exc):
                    raise ConfigurationError(
                        f"there is no SQS queue {queue!r} at {self._endpoint}; create it first "
                        "(pactspec never creates queues) or fix the name"
                    ) from exc
                raise self._error(f"looking up SQS queue {queue!r}", exc) from exc
            except botocore.exceptions.BotoCoreError as exc:
                raise self._error(f"looking up SQS queue {queue!r}", exc) from exc
            self._queue_urls[queue] = found["QueueUrl"]
        return self._queue_urls[queue]

    def _call(self, doing: str, method: Any, **request: Any) -> Any:
        try:
            return method(**request)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as exc:
            raise self._error(doing, exc) from exc

    def _error(self, doing: str, exc: Exception) -> Exception:
        if isinstance(exc, botocore.exceptions.NoCredentialsError):
            return ConfigurationError(
                f"{doing}: no AWS credentials; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                "(any values for a local endpoint) or put KEY:SECRET@ in the sqs+http:// URL"
            )
        if isinstance(exc, botocore.exceptions.EndpointConnectionError):
            error = unreachable("SQS", self._endpoint, str(exc))
            return TransportUnreachable(f"{doing}: {error}")
        return TransportError(f"{doing} at {self._endpoint} failed: {exc}")


def _attribute(key: str, value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"DataType": "String.boolean", "StringValue": "true" if value else "false"}
    if isinstance(value, (int, float)):
        return {"DataType": "Number", "StringValue": repr(value)}
    if isinstance(value, (bytes, bytearray)):
        return {"DataType": "Binary", "BinaryValue": bytes(value)}
    if isinstance(value, str):
        if not value:
            raise InputError(f"SQS does not allow an empty message attribute: metadata {key!r} is ''")
        return {"DataType": "String", "StringValue": value}
    if isinstance(value, (Mapping, list, tuple)):
        return {"DataType": "String.json", "StringValue": json.dumps(value, separators=(",", ":"))}
    raise InputError(f"metadata {key!r} = {value!r} cannot be an SQS message attribute; use text or a number")


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
    text = str(item.get("Body", ""))
    raw = base64.b64decode(text) if metadata.get("contentEncoding") == "base64" else text.encode("utf-8")
    return received_message(raw, content_type, metadata)
