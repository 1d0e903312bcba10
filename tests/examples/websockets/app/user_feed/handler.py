"""What the feed does with the provider's messages, whatever connection brought them."""

from __future__ import annotations

from typing import Any

from pactspec import Message

FEED: dict[int, str] = {}


def handle_user_created(message: Message) -> None:
    if message.body.get("event") != "UserCreated":
        raise ValueError(f"not a UserCreated event: {message.body.get('event')!r}")
    if message.metadata.get("frame") not in (None, "text"):
        raise ValueError(f"the feed reads text frames, not {message.metadata.get('frame')!r}")
    FEED[int(message.body["id"])] = message.body["name"]


def handle_lookup(request: Message, responses: list[Message]) -> None:
    """A lookup: the request is ours, the reply is what we show."""
    wanted = request.body["lookup"]
    for response in responses:
        answer: dict[str, Any] = response.body
        if answer["id"] != wanted:
            raise ValueError(f"the answer is about user {answer['id']}, not {wanted}")
        if not isinstance(answer["name"], str):
            raise TypeError("a user's name is text")
