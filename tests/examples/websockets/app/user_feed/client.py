"""The feed's real WebSocket client: it connects, reads pushed events in a thread, and sends lookups."""

from __future__ import annotations

import json
import queue
import threading
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from pactspec import Message
from user_feed.handler import FEED, handle_user_created

SUBPROTOCOL = "users.v1"
HANDLED: list[int] = []  # user ids this connection passed to the handler
_running: dict[str, Any] = {}


def start(url: str) -> None:
    """Connect to the provider at ``url`` and read its events until :func:`stop`."""
    HANDLED.clear()
    FEED.clear()
    # entered by hand: the connection stays open until stop(), beyond this function
    connection: ClientConnection = connect(url, subprotocols=[SUBPROTOCOL]).__enter__()  # type: ignore[list-item]
    replies: queue.Queue[dict[str, Any]] = queue.Queue()

    def read() -> None:
        try:
            for data in connection:
                body = json.loads(data)
                if "event" not in body:  # not an event: the answer to our lookup
                    replies.put(body)
                    continue
                handle_user_created(Message(body, {"frame": "text" if isinstance(data, str) else "binary"}))
                HANDLED.append(int(body["id"]))
        except ConnectionClosed:
            pass

    thread = threading.Thread(target=read, daemon=True)
    _running.update(connection=connection, thread=thread, replies=replies)
    thread.start()


def lookup(user_id: int, timeout: float = 5) -> dict[str, Any]:
    """Ask the provider for a user, on the same connection; its answer."""
    _running["connection"].send(json.dumps({"lookup": user_id}))
    reply: dict[str, Any] = _running["replies"].get(timeout=timeout)
    return reply


def stop() -> None:
    if not _running:
        return
    _running["connection"].close()
    _running["thread"].join(timeout=5)
    _running.clear()
    FEED.clear()


def has_user_127() -> bool:
    """The connection (not a direct handler call) put user 127 into the feed."""
    return 127 in HANDLED and FEED.get(127) == "Ada"


def looks_up_ada() -> bool:
    """A lookup through the connection comes back with Ada."""
    return lookup(127) == {"id": 127, "name": "Ada"}
