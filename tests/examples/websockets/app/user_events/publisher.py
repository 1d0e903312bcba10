"""The provider states and the trigger that let pactspec drive the real server.

Capture verification connects to the server, sets up the provider state, calls the trigger, and
checks the event the server really pushes: body, path, subprotocol and frame. "a user lookup" is a
synchronous message: pactspec sends the contract's request itself and checks the reply.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pactspec.capture import trigger
from pactspec.provider import provider_state
from user_events import server


@provider_state("User 127 exists")
def user_exists(id: int) -> Iterator[dict[str, Any]]:
    server.USERS[int(id)] = {"id": int(id), "name": "Ada"}
    yield {"id": int(id)}
    server.USERS.pop(int(id), None)


@trigger("a user created event")
def user_created(context: dict[str, Any]) -> None:
    server.create_user(context["id"], "Ada")
