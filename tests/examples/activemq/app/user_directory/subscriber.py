"""The directory's real ActiveMQ subscription: the queue ``users`` over STOMP, acknowledged one by one."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import stomp

from pactspec import Message
from user_directory.handler import DIRECTORY, handle_user_created

QUEUE = "/queue/users"
HANDLED: list[int] = []  # user ids this subscription passed to the handler
_running: dict[str, Any] = {}


class _Listener(stomp.ConnectionListener):
    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def on_message(self, frame: Any) -> None:
        headers = dict(frame.headers)
        message = Message(json.loads(frame.body), headers, headers.get("content-type"), frame.body)
        handle_user_created(message)
        HANDLED.append(int(message.body["id"]))
        self.connection.ack(headers["ack"], headers["subscription"])


def start(stomp_url: str) -> None:
    """Subscribe to the queue until :func:`stop`; the receipt says the broker has the subscription."""
    HANDLED.clear()
    DIRECTORY.clear()
    parts = urlsplit(stomp_url)
    connection = stomp.Connection([(parts.hostname, parts.port)], auto_decode=False)
    connection.set_listener("directory", _Listener(connection))
    connection.connect(wait=True)
    connection.subscribe(QUEUE, id="user-directory", ack="client-individual")
    _running["connection"] = connection


def stop() -> None:
    if not _running:
        return
    _running.pop("connection").disconnect()
    DIRECTORY.clear()


def has_user_127() -> bool:
    """The subscription (not a direct handler call) put user 127 into the directory."""
    return 127 in HANDLED and DIRECTORY.get(127) == {"name": "Ada"}
