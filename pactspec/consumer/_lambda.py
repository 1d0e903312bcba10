"""Lambda event envelopes: the contract's example wrapped as AWS invokes a Lambda function with it.

``it is handled by "orders.lambda_fn:handler" as a Lambda SQS event`` (YAML ``lambda: sqs``) calls
``handler(event, context)`` with one record holding the example, body encoding included, in the
shape of AWS's documented sample events:

- ``sqs``: ``Records[].body`` (text), ``messageAttributes`` (typed), ``attributes``;
- ``sns``: ``Records[].Sns.Message``, ``Subject``, ``TopicArn``, ``MessageAttributes`` (``Type``/``Value``);
- ``kinesis``: ``Records[].kinesis.data`` (base64), ``partitionKey``, ``sequenceNumber``;
- ``s3``: ``Records[].s3.bucket.name`` and ``object.key`` (URL-encoded as S3 sends it), pointing at
  an object that a :data:`ObjectStore` (the test S3 endpoint) holds;
- ``eventbridge``: the example (a JSON object) as ``detail``, with ``detail-type`` and ``source``.

The contract's metadata fills the envelope (``messageGroupId``, ``subject``, ``topicArn``,
``partitionKey``, ``bucket``, ``key``, ``detail-type``, ``source``…); other keys become message
attributes where the source has them. The context is a small :class:`LambdaContext`. What the
handler raises is its rejection, as for any handler; so is a returned ``batchItemFailures`` that
lists the record (SQS ``messageId``, Kinesis ``sequenceNumber``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, get_args
from urllib.parse import quote_plus

from pactspec.content import is_content_type_key
from pactspec.errors import ConfigurationError, HandlerRejected, InputError, UserCodeError
from pactspec.model import Message
from pactspec.usercode import DEFAULT_TIMEOUT, call_user_code

__all__ = [
    "LAMBDA_SOURCES",
    "LambdaContext",
    "LambdaSource",
    "ObjectStore",
    "call_lambda",
    "lambda_event",
    "lambda_source",
]

LambdaSource = Literal["sqs", "sns", "kinesis", "s3", "eventbridge"]
LAMBDA_SOURCES: tuple[str, ...] = get_args(LambdaSource)
# puts the example where an S3 event points: (bucket, key, body bytes, content type, user metadata)
ObjectStore = Callable[[str, str, bytes, "str | None", Mapping[str, str]], None]

_ACCOUNT = "123456789012"
_REGION = "us-east-1"
_WORDS = {"sqs": "SQS", "sns": "SNS", "kinesis": "Kinesis", "s3": "S3", "eventbridge": "EventBridge"}


@dataclass(frozen=True, slots=True)
class LambdaContext:
    """The context object a Python Lambda handler gets, with the attributes handlers read."""

    function_name: str = "pactspec-consumer"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 128
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = "/aws/lambda/pactspec-consumer"
    log_stream_name: str = "pactspec"
    time_limit_ms: int = 30_000
    started: float = field(default_factory=time.monotonic)
    identity: Any = None
    client_context: Any = None

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{_REGION}:{_ACCOUNT}:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self.time_limit_ms - int((time.monotonic() - self.started) * 1000))


def lambda_source(word: str) -> LambdaSource:
    """``"SQS"``, ``"sqs"`` → ``"sqs"``; anything else is an :class:`InputError` listing the sources."""
    lowered = word.strip().lower().replace(" ", "")
    for source in LAMBDA_SOURCES:
        if lowered == source:
            return source  # type: ignore[return-value]
    raise InputError(f"{word!r} is not a Lambda event source pactspec knows; write one of "
                     f"{', '.join(_WORDS[s] for s in LAMBDA_SOURCES)}")


def lambda_event(source: LambdaSource, message: Message, *, store: ObjectStore | None = None) -> dict[str, Any]:
    """The event AWS would invoke a Lambda function with for this one message."""
    metadata = {k: v for k, v in message.metadata.items() if not is_content_type_key(k)}
    raw = message.raw if message.raw is not None else b""
    if source == "sqs":
        return {"Records": [_sqs_record(raw, message.content_type, metadata)]}
    if source == "sns":
        return {"Records": [_sns_record(raw, message.content_type, metadata)]}
    if source == "kinesis":
        return {"Records": [_kinesis_record(raw, metadata)]}
    if source == "s3":
        return {"Records": [_s3_record(raw, message.content_type, metadata, store)]}
    return _eventbridge_event(message, metadata)


def call_lambda(handler: Callable[..., Any], event: dict[str, Any], *, label: str,
                timeout: float | None = DEFAULT_TIMEOUT) -> Any:
    """``handler(event, context)``; a raise, or ``batchItemFailures`` naming the record, is :class:`HandlerRejected`."""
    context = LambdaContext(time_limit_ms=int((timeout or 900) * 1000))
    try:
        result = call_user_code(handler, (event, context), what=label, timeout=timeout)
    except UserCodeError as exc:
        raise HandlerRejected(f"{label} rejected the message: {exc.reason}", exc.error) from exc.error
    failed = _failed_items(result)
    record = (event.get("Records") or [{}])[0]
    identifier = record.get("messageId") or (record.get("kinesis") or {}).get("sequenceNumber")
    if identifier is not None and identifier in failed:
        error = ValueError(f"batchItemFailures lists the record {identifier!r}")
        raise HandlerRejected(f"{label} rejected the message: {error}", error)
    return result


def _failed_items(result: Any) -> set[str]:
    if not isinstance(result, Mapping) or not isinstance(result.get("batchItemFailures"), list):
        return set()
    return {str(item.get("itemIdentifier")) for item in result["batchItemFailures"] if isinstance(item, Mapping)}


def _text(raw: bytes, metadata: dict[str, Any]) -> str:
    """A body as SQS and SNS carry it: text, or base64 with ``contentEncoding`` when it isn't UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        metadata["contentEncoding"] = "base64"
        return base64.b64encode(raw).decode("ascii")


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _name(metadata: dict[str, Any], key: str, default: str) -> str:
    value = metadata.pop(key, None)
    return str(value) if value not in (None, "") else default


def _sqs_record(raw: bytes, content_type: str | None, metadata: dict[str, Any]) -> dict[str, Any]:
    queue = _name(metadata, "queue", "pactspec-queue")
    message_id = str(metadata.pop("messageId", None) or uuid.uuid4())
    body = _text(raw, metadata)
    millis = str(int(_now().timestamp() * 1000))
    attributes = {"ApproximateReceiveCount": "1", "SentTimestamp": millis, "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                  "ApproximateFirstReceiveTimestamp": millis}
    for key, name in (("messageGroupId", "MessageGroupId"), ("messageDeduplicationId", "MessageDeduplicationId")):
        if key in metadata:
            attributes[name] = str(metadata.pop(key))
    typed = {"contentType": content_type, **metadata} if content_type else metadata
    return {
        "messageId": message_id,
        "receiptHandle": base64.b64encode(uuid.uuid4().bytes).decode("ascii"),
        "body": body,
        "attributes": attributes,
        "messageAttributes": {key: _sqs_attribute(key, value) for key, value in typed.items()},
        "md5OfBody": hashlib.md5(body.encode("utf-8")).hexdigest(),
        "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:{_REGION}:{_ACCOUNT}:{queue}",
        "awsRegion": _REGION,
    }


def _sqs_attribute(key: str, value: Any) -> dict[str, Any]:
    """A message attribute as the Lambda SQS event spells it (camelCase, the list fields always there)."""
    entry: dict[str, Any] = {"stringListValues": [], "binaryListValues": []}
    if isinstance(value, bool):
        return {**entry, "stringValue": "true" if value else "false", "dataType": "String.boolean"}
    if isinstance(value, (int, float)):
        return {**entry, "stringValue": repr(value), "dataType": "Number"}
    if isinstance(value, (bytes, bytearray)):
        return {**entry, "binaryValue": base64.b64encode(bytes(value)).decode("ascii"), "dataType": "Binary"}
    if isinstance(value, (Mapping, list, tuple)):
        return {**entry, "stringValue": json.dumps(value, separators=(",", ":")), "dataType": "String.json"}
    return {**entry, "stringValue": str(value), "dataType": "String"}


def _sns_record(raw: bytes, content_type: str | None, metadata: dict[str, Any]) -> dict[str, Any]:
    topic = _name(metadata, "topicArn", f"arn:aws:sns:{_REGION}:{_ACCOUNT}:pactspec-topic")
    subject = metadata.pop("subject", None)
    message_id = str(metadata.pop("messageId", None) or uuid.uuid4())
    for key in ("messageGroupId", "messageDeduplicationId", "topic"):
        metadata.pop(key, None)
    text = _text(raw, metadata)
    typed = {"contentType": content_type, **metadata} if content_type else metadata
    return {
        "EventVersion": "1.0",
        "EventSubscriptionArn": f"{topic}:{uuid.uuid4()}",
        "EventSource": "aws:sns",
        "Sns": {
            "SignatureVersion": "1",
            "Timestamp": _iso(_now()),
            "Signature": "EXAMPLE",
            "SigningCertUrl": f"https://sns.{_REGION}.amazonaws.com/SimpleNotificationService-EXAMPLE.pem",
            "MessageId": message_id,
            "Message": text,
            "MessageAttributes": {key: _sns_attribute(value) for key, value in typed.items()},
            "Type": "Notification",
            "UnsubscribeUrl": f"https://sns.{_REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={topic}",
            "TopicArn": topic,
            "Subject": None if subject is None else str(subject),
        },
    }


def _sns_attribute(value: Any) -> dict[str, str]:
    if isinstance(value, bool):
        return {"Type": "String", "Value": "true" if value else "false"}
    if isinstance(value, (int, float)):
        return {"Type": "Number", "Value": repr(value)}
    if isinstance(value, (bytes, bytearray)):
        return {"Type": "Binary", "Value": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, (list, tuple)):
        return {"Type": "String.Array", "Value": json.dumps(list(value), separators=(",", ":"))}
    if isinstance(value, Mapping):
        return {"Type": "String", "Value": json.dumps(value, separators=(",", ":"))}
    return {"Type": "String", "Value": str(value)}


def _kinesis_record(raw: bytes, metadata: dict[str, Any]) -> dict[str, Any]:
    stream = _name(metadata, "stream", "pactspec-stream")
    shard = _name(metadata, "shardId", "shardId-000000000000")
    sequence = _name(metadata, "sequenceNumber", "49590338271490256608559692538361571095921575989136588898")
    return {
        "kinesis": {
            "kinesisSchemaVersion": "1.0",
            "partitionKey": _name(metadata, "partitionKey", "1"),
            "sequenceNumber": sequence,
            "data": base64.b64encode(raw).decode("ascii"),
            "approximateArrivalTimestamp": round(_now().timestamp(), 3),
        },
        "eventSource": "aws:kinesis",
        "eventVersion": "1.0",
        "eventID": f"{shard}:{sequence}",
        "eventName": "aws:kinesis:record",
        "invokeIdentityArn": f"arn:aws:iam::{_ACCOUNT}:role/lambda-role",
        "awsRegion": _REGION,
        "eventSourceARN": f"arn:aws:kinesis:{_REGION}:{_ACCOUNT}:stream/{stream}",
    }


def _s3_record(raw: bytes, content_type: str | None, metadata: dict[str, Any],
               store: ObjectStore | None) -> dict[str, Any]:
    if store is None:
        raise ConfigurationError(
            'a Lambda S3 event points at an object, and there is no S3 endpoint to put it in; add Given the '
            'transport at "s3+http://HOST:PORT" before the step (YAML: pactspec run --transport URL)'
        )
    bucket = _name(metadata, "bucket", "")
    key = _name(metadata, "key", "")
    if not bucket or not key:
        raise InputError('a Lambda S3 event names an object: put "bucket" and "key" in the contract\'s metadata')
    user = {name[len("x-amz-meta-"):]: str(value) for name, value in metadata.items()
            if name.lower().startswith("x-amz-meta-")}
    store(bucket, key, raw, content_type, user)
    moment = _now()
    return {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": _REGION,
        "eventTime": _iso(moment),
        "eventName": "ObjectCreated:Put",
        "userIdentity": {"principalId": "EXAMPLE"},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"x-amz-request-id": uuid.uuid4().hex[:16].upper(), "x-amz-id-2": "EXAMPLE"},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "pactspec",
            "bucket": {"name": bucket, "ownerIdentity": {"principalId": "EXAMPLE"}, "arn": f"arn:aws:s3:::{bucket}"},
            "object": {"key": quote_plus(key, safe="/"), "size": len(raw),
                       "eTag": hashlib.md5(raw).hexdigest(),
                       "sequencer": f"{int(moment.timestamp() * 1000):016X}"},
        },
    }


def _eventbridge_event(message: Message, metadata: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(message.body, dict):
        raise InputError("an EventBridge event's detail is a JSON object; make the content a JSON object")
    detail_type = metadata.get("detail-type", metadata.get("detailType", "pactspec event"))
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": str(detail_type),
        "source": str(metadata.get("source", "pactspec")),
        "account": _ACCOUNT,
        "time": _now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": _REGION,
        "resources": list(metadata.get("resources", [])),
        "detail": json.loads(json.dumps(message.body)),  # a fresh copy: the handler may mutate it
    }
