"""A regression: a refactoring dropped the ``eventType`` field. The body still looks right."""

from __future__ import annotations

from typing import Any

import redis

from pactspec.capture import trigger
from user_events import publisher
from user_events.publisher import user_exists  # noqa: F401  (the same provider state)


@trigger("a user created event")
def user_created(transport_url: str, context: dict[str, Any]) -> None:
    fields = publisher.user_created_fields(publisher.USERS[context["id"]])
    del fields["eventType"]
    client = redis.Redis.from_url(transport_url)
    try:
        client.xadd(publisher.STREAM, fields)
    finally:
        client.close()
