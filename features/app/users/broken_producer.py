"""A deliberately broken release of the user events: the new serializer writes ids as text.

``features/provider/verification.feature`` verifies it to show what a contract failure looks like.
"""

from __future__ import annotations

from typing import Any

from users.producer import EVENTS, STORE, user_exists, user_was_deleted

from pactspec import Message
from pactspec.provider import producer

__all__ = ["user_exists", "user_was_deleted"]


@producer("a user event")
def user_event(context: dict[str, Any]) -> Message:
    message = EVENTS.user_changed(STORE.get(context["id"]))
    return Message({**message.body, "id": str(message.body["id"])}, message.metadata, message.content_type)
