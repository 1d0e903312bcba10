"""Amazon SNS with boto3: publish to a topic, capture through a temporary SQS queue subscribed to it.

A capture creates an SQS queue (a FIFO queue for a FIFO topic) and subscribes it to the topic
**without** raw message delivery, as most SQS subscribers are; it unwraps the SNS envelope of each
message that arrives. With a filter policy (``?filter_policy=…`` in the URL, or the step's), the
subscription carries it, so a message the policy drops never arrives and fails as such. The queue
and the subscription are removed when the capture closes.

URLs (see :mod:`pactspec.transports._aws`): ``sns:///TOPIC?region=eu-west-1``,
``sns://HOST[:PORT]/TOPIC`` (HTTPS), ``sns+http://[KEY:SECRET@]HOST:PORT/TOPIC`` (moto,
LocalStack). ``TOPIC`` is a topic name or ARN, or comes from ``?topic=``. The topic must exist.

Transport data ↔ Pact metadata keys:

==========================  ====================================================
Pact metadata key           SNS
==========================  ====================================================
``contentType``             message attribute ``contentType`` (``String``)
``topicArn``                the topic's ARN (captured; on publish, the target)
``subject``                 the ``Subject``
``messageGroupId``          ``MessageGroupId`` (FIFO topics)
``messageDeduplicationId``  ``MessageDeduplicationId`` (FIFO topics)
``messageId``               the ``MessageId`` SNS gave (captured only)
any other key               a message attribute: text is ``String``, numbers
                            ``Number``, bytes ``Binary``, lists ``String.Array``
                            — each read back as the same type; booleans travel
                            as the text ``true``/``false``
==========================  ====================================================
"""

from __future__ import annotations

import base64
import json
import math
import time
import uuid
from collections.abc import Mapping
from typing import Any

from pactspec.content import CONTENT_TYPE_KEY, declared_content_type
from pactspec.errors import InputError
from pactspec.model import Message
from pactspec.transports._aws import (
    aws_endpoint,
    body_bytes,
    message_attributes,
    text_body,
    typed_attribute,
    typed_value,
)
from pactspec.transports._base import (
    DEFAULT_WAIT,
    Closing,
    Destination,
    PollingCapture,
    message_bytes,
    publish_target,
    received_message,
)

__all__ = ["MAX_ATTRIBUTES", "SNSTransport"]

MAX_ATTRIBUTES = 10  # what SNS delivers to an SQS subscriber
_PARAMETER_KEYS = {"subject": "Subject", "messageGroupId": "MessageGroupId",
                   "messageDeduplicationId": "MessageDeduplicationId"}
_SKIPPED_KEYS = {"topicArn", "topic", "messageId"}


class SNSTransport(Closing):
    """boto3 SNS and SQS clients for one endpoint; topics are looked up by name once."""

    carries_content_type = False

    def __init__(self, url: str, destination: Destination | None = None) -> None:
        self._aws = aws_endpoint(url, service="SNS", known=("region",))
        self.url = self._aws.url
        path = self._aws.path
        # an ARN holds colons but no slashes: the last segment is the topic either way
        default = Destination(topic=path[-1]) if path else Destination()
        self.destination = (destination or Destination()).merged(default)
        self._sns = self._aws.client("sns")
        self._sqs = self._aws.client("sqs")
        self._arns: dict[str, str] = {}
        if self.destination.topic:  # before anything is published: a wrong name is bad input
            self._topic_arn(self.destination.topic)

    def publish(self, message: Message, destination: Destination | None = None) -> str:
        target = (destination or Destination()).merged(self.destination)
        metadata = dict(message.metadata)
        topic = target.topic or metadata.get("topicArn")
        topic = publish_target(topic if isinstance(topic, str) else None, metadata, "topic", what="SNS topic",
                               url="sns+http://HOST:PORT/TOPIC")
        arn = self._topic_arn(topic)
        raw, content_type = message_bytes(message)
        text = text_body(raw, metadata)
        request: dict[str, Any] = {"TopicArn": arn, "Message": text}
        message_attributes(request, metadata, content_type, parameters=_PARAMETER_KEYS, skipped=_SKIPPED_KEYS,
                           attribute=lambda key, value: typed_attribute(key, value, service="SNS"),
                           most=MAX_ATTRIBUTES,
                           limit=f"SNS delivers at most {MAX_ATTRIBUTES} message attributes to SQS")
        self._aws.call(f"publishing to SNS topic {topic!r}", self._sns.publish, **request)
        return f"SNS topic {topic!r}"

    def capture(self, source: Destination | None = None, *, timeout: float = DEFAULT_WAIT) -> PollingCapture:
        source = (source or Destination()).merged(self.destination)
        if not source.topic:
            raise InputError("say which SNS topic to capture from (in the URL's path or as topic=…)")
        topic = source.topic
        arn = self._topic_arn(topic)
        policy = source.filter_policy
        if policy is not None:
            try:
                json.loads(policy)
            except ValueError as exc:
                raise InputError(f"the SNS filter policy {policy!r} is not JSON ({exc}); write e.g. "
                                 '{"eventType": ["OrderPlaced"]}') from None
        queue_url, queue_arn = self._temporary_queue(arn)
        subscription: list[str] = []

        def close() -> None:
            if subscription:
                self._aws.call(f"unsubscribing the capture queue from SNS topic {topic!r}", self._sns.unsubscribe,
                               SubscriptionArn=subscription[0])
            self._aws.call("deleting the capture queue", self._sqs.delete_queue, QueueUrl=queue_url)

        try:
            attributes = {"RawMessageDelivery": "false"}
            if policy is not None:
                attributes["FilterPolicy"] = policy
            answer = self._aws.call(f"subscribing a capture queue to SNS topic {topic!r}", self._sns.subscribe,
                                    TopicArn=arn, Protocol="sqs", Endpoint=queue_arn, Attributes=attributes,
                                    ReturnSubscriptionArn=True)
            subscription.append(answer["SubscriptionArn"])
        except Exception:
            close()
            raise

        def poll(seconds: float) -> list[Message]:
            wait = min(20, math.floor(seconds))
            answer = self._aws.call(
                f"receiving from SNS topic {topic!r}", self._sqs.receive_message, QueueUrl=queue_url,
                MaxNumberOfMessages=10, WaitTimeSeconds=wait, MessageSystemAttributeNames=["All"],
            )
            items = answer.get("Messages", [])
            if items:
                self._aws.call("deleting captured messages from the capture queue", self._sqs.delete_message_batch,
                               QueueUrl=queue_url,
                               Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(items)])
            elif wait == 0:
                time.sleep(min(seconds, 0.05))
            return [_received(item) for item in items]

        name = arn.rsplit(":", 1)[-1]
        where = f"SNS topic {name!r}" + (f" (filter policy {policy})" if policy else "") + f" at {self._aws.where}"
        return PollingCapture(where, poll, close, timeout=timeout)

    def close(self) -> None:
        self._sns.close()
        self._sqs.close()

    def _topic_arn(self, topic: str) -> str:
        if topic.startswith("arn:"):
            arn = topic
        elif topic in self._arns:
            return self._arns[topic]
        else:
            arn = self._find_topic(topic)
        self._aws.check(f"topic {topic!r}", self._sns.get_topic_attributes, TopicArn=arn)
        self._arns[topic] = arn
        return arn

    def _find_topic(self, name: str) -> str:
        request: dict[str, Any] = {}
        while True:
            answer = self._aws.check(f"topic {name!r}", self._sns.list_topics, **request)
            for item in answer.get("Topics", []):
                if str(item.get("TopicArn", "")).rsplit(":", 1)[-1] == name:
                    return str(item["TopicArn"])
            if not answer.get("NextToken"):
                break
            request = {"NextToken": answer["NextToken"]}
        # an ARN that cannot exist: the lookup then reports the topic as missing, in the usual words
        return f"arn:aws:sns:{self._aws.region}:000000000000:{name}"

    def _temporary_queue(self, topic_arn: str) -> tuple[str, str]:
        """An SQS queue only the topic may send to (FIFO for a FIFO topic): its URL and ARN."""
        fifo = topic_arn.endswith(".fifo")
        name = f"pactspec-capture-{uuid.uuid4().hex[:12]}" + (".fifo" if fifo else "")
        attributes = {"FifoQueue": "true"} if fifo else {}
        queue_url = self._aws.call("creating a capture queue", self._sqs.create_queue, QueueName=name,
                                   Attributes=attributes)["QueueUrl"]
        queue_arn = self._aws.call("reading the capture queue's ARN", self._sqs.get_queue_attributes,
                                   QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        policy = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
            "Resource": queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": topic_arn}},
        }]}
        self._aws.call("letting the topic send to the capture queue", self._sqs.set_queue_attributes,
                       QueueUrl=queue_url, Attributes={"Policy": json.dumps(policy)})
        return queue_url, queue_arn


def _received(item: Mapping[str, Any]) -> Message:
    """An SQS message holding an SNS envelope, unwrapped."""
    try:
        envelope = json.loads(str(item.get("Body", "")))
    except ValueError:
        envelope = None
    if not isinstance(envelope, dict) or "Message" not in envelope:
        # not an envelope (raw delivery was switched on behind our back): the body as it came
        return received_message(str(item.get("Body", "")).encode("utf-8"), None, {})
    metadata: dict[str, Any] = {}
    for key, attribute in (envelope.get("MessageAttributes") or {}).items():
        kind = str(attribute.get("Type", "String"))
        text = str(attribute.get("Value", ""))
        metadata[key] = typed_value(kind, text, base64.b64decode(text) if kind.startswith("Binary") else None)
    system = item.get("Attributes") or {}
    for key in ("messageGroupId", "messageDeduplicationId"):
        if _PARAMETER_KEYS[key] in system:
            metadata[key] = system[_PARAMETER_KEYS[key]]
    # SNS's own data last: an attribute of the same name cannot pass for them
    metadata.pop("subject", None)
    if envelope.get("Subject") is not None:
        metadata["subject"] = envelope["Subject"]
    metadata["topicArn"] = envelope.get("TopicArn")
    metadata["messageId"] = envelope.get("MessageId")
    content_type = declared_content_type(metadata)
    if content_type is not None:
        metadata[CONTENT_TYPE_KEY] = content_type
    raw = body_bytes(str(envelope.get("Message", "")), metadata)
    return received_message(raw, content_type, metadata)
