"""A regression: a refactoring sends the user id as text. The pushed JSON still looks right to a person."""

from __future__ import annotations

from typing import Any

from pactspec.capture import trigger
from user_events import server
from user_events.publisher import user_exists  # noqa: F401  (the same provider state)


@trigger("a user created event")
def user_created(context: dict[str, Any]) -> None:
    user = {"id": context["id"], "name": "Ada"}
    server.USERS[user["id"]] = user
    server.RUNNING["server"].push({"event": "UserCreated", "id": str(user["id"]), "name": user["name"]})
