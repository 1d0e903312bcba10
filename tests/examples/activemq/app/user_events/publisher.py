"""The service's real publishing code, and the triggers that let pactspec drive it.

``publish_user_created`` is what runs in production. Capture verification sets up the provider
state, calls the trigger, and checks the message that really reaches ActiveMQ: body, destination
and headers.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import stomp

from pactspec.capture import trigger
from pactspec.provider._registry import provider_state

QUEUE = "/queue/users"
USERS: dict[int, dict[str, Any]] = {}


def user_created_event(user: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    """Body and headers of a "user created" event."""
    body = json.dumps({"id": user["id"], "name": user["name"]}).encode("utf-8")
    return body, {"content-type": "application/json", "type": "UserCreated", "persistent": "true"}


def send(stomp_url: str, destination: str, body: bytes, headers: dict[str, str]) -> None:
    """Send one message and wait for the broker's receipt (disconnecting waits for it)."""
    parts = urlsplit(stomp_url)
    connection = stomp.Connection([(parts.hostname, parts.port)])
    connection.connect(wait=True)
    try:
        connection.send(destination, body, headers=headers)
    finally:
        connection.disconnect(receipt=uuid.uuid4().hex)


def publish_user_created(stomp_url: str, user_id: int) -> None:
    send(stomp_url, QUEUE, *user_created_event(USERS[user_id]))


@provider_state("User 127 exists")
def user_exists(id: int) -> Iterator[dict[str, Any]]:
    USERS[int(id)] = {"id": int(id), "name": "Ada"}
    yield {"id": int(id)}
    USERS.pop(int(id), None)


@trigger("a user created event")
def user_created(transport_url: str, context: dict[str, Any]) -> None:
    publish_user_created(transport_url, context["id"])
