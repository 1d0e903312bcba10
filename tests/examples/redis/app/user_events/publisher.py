"""The service's real publishing code, and the triggers that let pactspec drive it.

``publish_user_created`` is what runs in production. Capture verification sets up the provider
state, calls the trigger, and checks the entry that really reaches the stream: body and fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import redis

from pactspec.capture import trigger
from pactspec.provider._registry import provider_state

STREAM = "users"
USERS: dict[int, dict[str, Any]] = {}


def user_created_fields(user: dict[str, Any]) -> dict[str, str]:
    """The entry of a "user created" event: the JSON body and its fields."""
    body = json.dumps({"id": user["id"], "name": user["name"]})
    return {"body": body, "contentType": "application/json", "eventType": "UserCreated"}


def publish_user_created(redis_url: str, user_id: int) -> None:
    client = redis.Redis.from_url(redis_url)
    try:
        client.xadd(STREAM, user_created_fields(USERS[user_id]))
    finally:
        client.close()


@provider_state("User 127 exists")
def user_exists(id: int) -> Iterator[dict[str, Any]]:
    USERS[int(id)] = {"id": int(id), "name": "Ada"}
    yield {"id": int(id)}
    USERS.pop(int(id), None)


@trigger("a user created event")
def user_created(transport_url: str, context: dict[str, Any]) -> None:
    publish_user_created(transport_url, context["id"])
