"""A regression: a refactoring changed the routing key. The returned dict would still look right."""

from __future__ import annotations

from typing import Any

import pika

from pactspec.capture import trigger
from user_events import publisher
from user_events.publisher import user_exists  # noqa: F401  (the same provider state)


@trigger("a user created event")
def user_created(transport_url: str, context: dict[str, Any]) -> None:
    _, body, properties = publisher.user_created_event(publisher.USERS[context["id"]])
    connection = pika.BlockingConnection(pika.URLParameters(transport_url))
    try:
        connection.channel().basic_publish(publisher.EXCHANGE, "user.new", body, properties)
    finally:
        connection.close()
