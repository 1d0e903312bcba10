"""The directory's real Redis subscription: a consumer group on ``users``, read in a thread."""

from __future__ import annotations

import json
import threading
from typing import Any

import redis

from pactspec import Message
from user_directory.handler import DIRECTORY, handle_user_created

STREAM = "users"
GROUP = "user-directory"
HANDLED: list[int] = []  # user ids this subscription passed to the handler
_running: dict[str, Any] = {}


def start(redis_url: str) -> None:
    """Create the consumer group (and the stream) if needed, then read new entries until :func:`stop`."""
    HANDLED.clear()
    DIRECTORY.clear()
    client = redis.Redis.from_url(redis_url)
    try:
        client.xgroup_create(STREAM, GROUP, id="$", mkstream=True)
    except redis.exceptions.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise
    stopping = threading.Event()

    def consume() -> None:
        while not stopping.is_set():
            for _stream, entries in client.xreadgroup(GROUP, "directory-1", {STREAM: ">"}, count=10, block=100) or []:
                for entry_id, fields in entries:
                    text = {k.decode(): v.decode() for k, v in fields.items()}
                    body = text.pop("body")
                    message = Message(json.loads(body), text, text.get("contentType"), body.encode())
                    handle_user_created(message)
                    HANDLED.append(int(message.body["id"]))
                    client.xack(STREAM, GROUP, entry_id)

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    _running.update(client=client, stopping=stopping, thread=thread)


def stop() -> None:
    if not _running:
        return
    _running.pop("stopping").set()
    _running.pop("thread").join(timeout=5)
    _running.pop("client").close()
    DIRECTORY.clear()


def has_user_127() -> bool:
    """The subscription (not a direct handler call) put user 127 into the directory."""
    return 127 in HANDLED and DIRECTORY.get(127) == {"name": "Ada"}
