"""The user service's handlers for the events it consumes from ``user-events``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pactspec import Message

__all__ = ["USERS", "User", "handle_user", "handle_user_deleted", "handle_user_object"]

USERS: dict[int, dict[str, Any]] = {}


@dataclass(frozen=True)
class User:
    id: int
    name: str
    lastName: str
    datetime: str


def handle_user(message: Message) -> None:
    """Store the user a "user event" carries; reject ids that cannot exist."""
    body = message.body
    if message.content_type != "application/json":
        raise ValueError(f"expected a JSON user event, got {message.content_type}")
    user_id = body["id"]
    if not isinstance(user_id, int) or user_id < 0:
        raise ValueError(f"invalid user id {user_id}")
    USERS[user_id] = {"name": f"{body['name']} {body['lastName']}", "since": body["datetime"]}


def handle_user_object(message: Message) -> None:
    """The same, for a handler that receives the event converted into a :class:`User`."""
    user = message.body
    if not isinstance(user, User):
        raise TypeError(f"expected a User, got {type(user).__name__}")
    if user.id < 0:
        raise ValueError(f"invalid user id {user.id}")
    USERS[user.id] = {"name": f"{user.name} {user.lastName}", "since": user.datetime}


def handle_user_deleted(message: Message) -> None:
    """Forget a user."""
    USERS.pop(int(message.body["id"]), None)
    if message.metadata.get("topic") != "users.v1":
        raise ValueError(f"user deletions come on users.v1, not {message.metadata.get('topic')}")
