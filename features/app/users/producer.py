"""The user service's event publishing, and what provider verification needs to drive it.

``UserEvents`` is the code the service really publishes with; the functions registered below with
``@producer`` call it exactly as the service does, after the ``@provider_state`` handlers have put
the user store in the state each consumer's contract names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from pactspec import Message
from pactspec.provider import producer, provider_state

__all__ = ["STORE", "User", "UserEvents", "UserStore"]

TOPIC = "users.v1"


@dataclass(frozen=True)
class User:
    id: int
    first_name: str
    last_name: str
    registered: dt.date
    deleted_at: dt.datetime | None = None
    deletion_reasons: tuple[str, ...] = ()


@dataclass
class UserStore:
    """The service's users (a database in production; a dict is enough to show the contract)."""

    users: dict[int, User] = field(default_factory=dict)

    def add(self, user: User) -> User:
        self.users[user.id] = user
        return user

    def get(self, user_id: int) -> User:
        return self.users[user_id]

    def delete(self, user_id: int, reason: str, when: dt.datetime) -> User:
        user = replace(self.users[user_id], deleted_at=when, deletion_reasons=(reason,))
        self.users[user_id] = user
        return user

    def remove(self, user_id: int) -> None:
        self.users.pop(user_id, None)


class UserEvents:
    """Turns users into the events published on ``users.v1``."""

    def user_changed(self, user: User) -> Message:
        body = {"id": user.id, "name": user.first_name, "lastName": user.last_name,
                "datetime": user.registered.isoformat()}
        return Message(body, metadata={"topic": TOPIC}, content_type="application/json")

    def user_deleted(self, user: User) -> Message:
        if user.deleted_at is None:
            raise ValueError(f"user {user.id} is not deleted")
        body = {"id": user.id, "deletedAt": user.deleted_at.strftime("%Y-%m-%dT%H:%M:%S"),
                "reasons": list(user.deletion_reasons)}
        return Message(body, metadata={"topic": TOPIC}, content_type="application/json")


STORE = UserStore()
EVENTS = UserEvents()


@provider_state("User with id 127 exists")
def user_exists(id: int) -> Iterator[dict[str, Any]]:
    user = STORE.add(User(int(id), "Ann", "Smith", dt.date(2023, 4, 1)))
    yield {"id": user.id}
    STORE.remove(user.id)


@provider_state("the user was deleted")
def user_was_deleted(**params: Any) -> None:
    # runs after "User with id 127 exists" (states are set up in the contract's order)
    for user in list(STORE.users.values()):
        STORE.delete(user.id, "requested by the user", dt.datetime(2024, 5, 2, 9, 30))


@producer("a user event")
@producer("a user event as a User")
def user_event(context: dict[str, Any]) -> Message:
    return EVENTS.user_changed(STORE.get(context["id"]))


@producer("a user deleted event")
def user_deleted_event(context: dict[str, Any]) -> Message:
    return EVENTS.user_deleted(STORE.get(context["id"]))
