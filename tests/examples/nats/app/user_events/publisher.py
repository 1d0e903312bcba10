"""The service's real publishing code, and the triggers that let pactspec drive it.

``publish_user_created`` is what runs in production. Capture verification sets up the provider
state, calls the trigger, and checks the message that really reaches NATS: body, subject and headers.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import nats

from pactspec.capture import trigger
from pactspec.provider._registry import provider_state

USERS: dict[int, dict[str, Any]] = {}


def user_created_event(user: dict[str, Any]) -> tuple[str, bytes, dict[str, str]]:
    """Subject, body and headers of a "user created" event."""
    body = json.dumps({"id": user["id"], "name": user["name"]}).encode("utf-8")
    return "users.created", body, {"Content-Type": "application/json", "eventType": "UserCreated"}


async def send(nats_url: str, subject: str, body: bytes, headers: dict[str, str]) -> None:
    connection = await nats.connect(nats_url)
    try:
        await connection.publish(subject, body, headers=headers)
        await connection.flush()
    finally:
        await connection.close()


def publish_user_created(nats_url: str, user_id: int) -> None:
    asyncio.run(send(nats_url, *user_created_event(USERS[user_id])))


@provider_state("User 127 exists")
def user_exists(id: int) -> Iterator[dict[str, Any]]:
    USERS[int(id)] = {"id": int(id), "name": "Ada"}
    yield {"id": int(id)}
    USERS.pop(int(id), None)


@trigger("a user created event")
def user_created(transport_url: str, context: dict[str, Any]) -> None:
    publish_user_created(transport_url, context["id"])
