"""The service's real publishing code, and the triggers that let pactspec drive it.

``publish_user_created`` is what runs in production. Capture verification sets up the provider
state, calls the trigger, and checks the message that really reaches RabbitMQ: body, routing
key, content type and headers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pika

from pactspec.capture import trigger
from pactspec.provider._registry import provider_state

EXCHANGE = "users"
USERS: dict[int, dict[str, Any]] = {}


def declare_exchange(amqp_url: str) -> None:
    """What the service does at start-up: declare the exchange it publishes to."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        connection.channel().exchange_declare(EXCHANGE, exchange_type="topic", durable=True)
    finally:
        connection.close()


def user_created_event(user: dict[str, Any]) -> tuple[str, bytes, pika.BasicProperties]:
    """Routing key, body and properties of a "user created" event."""
    body = json.dumps({"id": user["id"], "name": user["name"]}).encode("utf-8")
    properties = pika.BasicProperties(
        content_type="application/json", delivery_mode=2, headers={"eventType": "UserCreated"}
    )
    return "user.created", body, properties


def publish_user_created(amqp_url: str, user_id: int) -> None:
    routing_key, body, properties = user_created_event(USERS[user_id])
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        connection.channel().basic_publish(EXCHANGE, routing_key, body, properties)
    finally:
        connection.close()


@provider_state("User 127 exists")
def user_exists(id: int) -> Iterator[dict[str, Any]]:
    USERS[int(id)] = {"id": int(id), "name": "Ada"}
    yield {"id": int(id)}
    USERS.pop(int(id), None)


@trigger("a user created event")
def user_created(transport_url: str, context: dict[str, Any]) -> None:
    publish_user_created(transport_url, context["id"])
