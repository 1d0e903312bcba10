"""A provider app for the capture tests: real publishing code (pika, boto3) plus its triggers.

``SETTINGS`` says where and how it publishes, so each test can make it right or wrong.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import boto3
import pika

from pactspec.capture import trigger
from pactspec.provider._registry import provider_state

SETTINGS: dict[str, Any] = {
    "exchange": "users",
    "routing_key": "user.created",
    "id_as_text": False,
    "queue": None,
    "publish": True,
}
USERS: dict[int, dict[str, Any]] = {}
LOG: list[str] = []


def publish_user_created(amqp_url: str, user_id: int) -> None:
    """The app's own publishing code: what runs in production."""
    user = USERS[user_id]
    body = {"id": str(user["id"]) if SETTINGS["id_as_text"] else user["id"], "name": user["name"]}
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        connection.channel().basic_publish(
            SETTINGS["exchange"],
            SETTINGS["routing_key"],
            json.dumps(body).encode(),
            pika.BasicProperties(content_type="application/json", headers={"version": 1}),
        )
    finally:
        connection.close()


def send_user_created(endpoint_url: str, user_id: int) -> None:
    client = boto3.client("sqs", endpoint_url=endpoint_url, region_name="us-east-1")
    queue_url = client.get_queue_url(QueueName=SETTINGS["queue"])["QueueUrl"]
    client.send_message(
        QueueUrl=queue_url,
        MessageBody=json.dumps({"id": user_id, "name": USERS[user_id]["name"]}),
        MessageAttributes={"eventType": {"DataType": "String", "StringValue": "UserCreated"}},
    )


def produce_user_created(servers: str, user_id: int) -> None:
    from confluent_kafka import Producer

    producer = Producer({"bootstrap.servers": servers})
    body = json.dumps({"id": user_id, "name": USERS[user_id]["name"]}).encode()
    producer.produce(
        SETTINGS["topic"], body, key=str(user_id).encode(), headers=[("contentType", b"application/json")]
    )
    producer.flush(10)


@provider_state("User 127 exists")
def user_exists(id: int) -> Any:
    USERS[id] = {"id": id, "name": "Ada"}
    LOG.append(f"setup {id}")
    yield {"id": id}
    USERS.pop(id, None)
    LOG.append(f"teardown {id}")


@trigger("a user created event")
def user_created(transport_url: str, context: dict[str, Any]) -> None:
    if not SETTINGS["publish"]:
        return
    if transport_url.startswith("amqp"):
        publish_user_created(transport_url, context["id"])
    elif transport_url.startswith("kafka"):
        produce_user_created(urlsplit(transport_url).netloc, context["id"])
    else:
        parts = urlsplit(transport_url)
        send_user_created(f"http://{parts.netloc}", context["id"])


@trigger("a user deleted event")
def user_deleted() -> None:
    raise RuntimeError("the users database is down")
