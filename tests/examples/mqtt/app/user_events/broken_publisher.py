"""A regression: a refactoring changed the topic. The body and properties would still look right."""

from __future__ import annotations

from typing import Any

from pactspec.capture import trigger
from user_events import publisher
from user_events.publisher import user_exists  # noqa: F401  (the same provider state)


@trigger("a user created event")
def user_created(transport_url: str, context: dict[str, Any]) -> None:
    _, body, properties = publisher.user_created_event(publisher.USERS[context["id"]])
    publisher.send(transport_url, "users/new", body, properties)
