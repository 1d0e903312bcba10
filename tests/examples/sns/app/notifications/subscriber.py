"""The real subscription: an SQS queue subscribed to ``shipments`` with a filter policy, read in a thread."""

from __future__ import annotations

import json
import threading
from typing import Any

import boto3

from notifications.handler import SENT, handle_order_shipped
from pactspec import Message

QUEUE = "notifications"
FILTER_POLICY = {"eventType": ["OrderShipped"]}
_running: dict[str, Any] = {}


def start(endpoint: str) -> None:
    SENT.clear()
    sns = boto3.client("sns", endpoint_url=endpoint, region_name="us-east-1")
    sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1")
    queue_url = sqs.create_queue(QueueName=QUEUE)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    topic = sns.create_topic(Name="shipments")["TopicArn"]
    subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, ReturnSubscriptionArn=True,
                                 Attributes={"FilterPolicy": json.dumps(FILTER_POLICY)})["SubscriptionArn"]
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            for item in sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1).get("Messages", []):
                envelope = json.loads(item["Body"])
                attributes = {k: v["Value"] for k, v in envelope.get("MessageAttributes", {}).items()}
                handle_order_shipped(Message(json.loads(envelope["Message"]), attributes))
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=item["ReceiptHandle"])

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    _running.update(stop=stop, thread=thread, sns=sns, subscription=subscription)


def stop() -> None:
    if _running:
        _running.pop("stop").set()
        _running.pop("thread").join(timeout=5)
        _running.pop("sns").unsubscribe(SubscriptionArn=_running.pop("subscription"))
    SENT.clear()


def has_notified_1001() -> bool:
    return SENT.get(1001) == "your order shipped with DHL"
