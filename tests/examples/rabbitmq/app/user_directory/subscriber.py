"""The directory's real RabbitMQ subscription: a queue bound to ``users``, consumed in a thread."""

from __future__ import annotations

import json
import threading
from typing import Any

import pika

from pactspec import Message
from user_directory.handler import DIRECTORY, handle_user_created

QUEUE = "user-directory"
HANDLED: list[int] = []  # user ids this subscription passed to the handler
_running: dict[str, Any] = {}


def start(amqp_url: str) -> None:
    """Bind the directory's queue and consume from it until :func:`stop`."""
    HANDLED.clear()
    DIRECTORY.clear()
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.queue_declare(QUEUE, exclusive=True)
    channel.queue_bind(QUEUE, "users", routing_key="user.*")

    def on_message(channel: Any, method: Any, properties: Any, body: bytes) -> None:
        metadata = {"routingKey": method.routing_key, **(properties.headers or {})}
        message = Message(json.loads(body), metadata, properties.content_type, body)
        handle_user_created(message)
        HANDLED.append(int(message.body["id"]))
        channel.basic_ack(method.delivery_tag)

    channel.basic_consume(QUEUE, on_message)
    thread = threading.Thread(target=channel.start_consuming, daemon=True)
    thread.start()
    _running.update(connection=connection, channel=channel, thread=thread)


def stop() -> None:
    if not _running:
        return
    connection, channel, thread = _running.pop("connection"), _running.pop("channel"), _running.pop("thread")
    connection.add_callback_threadsafe(channel.stop_consuming)
    thread.join(timeout=5)
    connection.close()
    DIRECTORY.clear()


def has_user_127() -> bool:
    """The subscription (not a direct handler call) put user 127 into the directory."""
    return 127 in HANDLED and DIRECTORY.get(127) == {"name": "Ada"}
