"""What the directory does with a user event, whatever transport brought it."""

from __future__ import annotations

from typing import Any

from pactspec import Message

DIRECTORY: dict[int, dict[str, Any]] = {}


def handle_user_created(message: Message) -> None:
    if message.metadata.get("type") != "UserCreated":
        raise ValueError(f"not a UserCreated event: {message.metadata.get('type')!r}")
    DIRECTORY[int(message.body["id"])] = {"name": message.body["name"]}
