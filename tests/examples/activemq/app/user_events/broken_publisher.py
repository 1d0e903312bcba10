"""A regression: a refactoring dropped the JMS ``type`` header. The body still looks right."""

from __future__ import annotations

from typing import Any

from pactspec.capture import trigger
from user_events import publisher
from user_events.publisher import user_exists  # noqa: F401  (the same provider state)


@trigger("a user created event")
def user_created(transport_url: str, context: dict[str, Any]) -> None:
    body, headers = publisher.user_created_event(publisher.USERS[context["id"]])
    del headers["type"]
    publisher.send(transport_url, publisher.QUEUE, body, headers)
