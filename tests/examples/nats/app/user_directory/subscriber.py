"""The directory's real NATS subscription: a queue group on ``users.created``, served by its own event loop."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import nats

from pactspec import Message
from user_directory.handler import DIRECTORY, handle_user_created

SUBJECT = "users.created"
HANDLED: list[int] = []  # user ids this subscription passed to the handler
_running: dict[str, Any] = {}


def start(nats_url: str) -> None:
    """Subscribe in a thread of its own until :func:`stop`; returns once the subscription is in place."""
    HANDLED.clear()
    DIRECTORY.clear()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def on_message(msg: Any) -> None:
        headers = dict(msg.headers or {})
        message = Message(json.loads(msg.data), headers, headers.get("Content-Type"), msg.data)
        handle_user_created(message)
        HANDLED.append(int(message.body["id"]))

    async def subscribe() -> Any:
        connection = await nats.connect(nats_url)
        await connection.subscribe(SUBJECT, queue="user-directory", cb=on_message)
        await connection.flush()
        return connection

    connection = asyncio.run_coroutine_threadsafe(subscribe(), loop).result(10)
    _running.update(loop=loop, thread=thread, connection=connection)


def stop() -> None:
    if not _running:
        return
    loop, thread, connection = _running.pop("loop"), _running.pop("thread"), _running.pop("connection")
    asyncio.run_coroutine_threadsafe(connection.close(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=5)
    loop.close()
    DIRECTORY.clear()


def has_user_127() -> bool:
    """The subscription (not a direct handler call) put user 127 into the directory."""
    return 127 in HANDLED and DIRECTORY.get(127) == {"name": "Ada"}
