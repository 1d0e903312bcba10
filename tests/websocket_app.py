"""A provider app for the WebSocket tests: a real ``websockets`` server that pushes user events and answers lookups.

``SETTINGS`` says how it behaves, so each test can make it right or wrong; ``SERVER`` is the
running server the triggers push through (set by the test that starts it).
"""

from __future__ import annotations

import json
import ssl
import threading
from http import HTTPStatus
from typing import Any

from websockets.sync.server import Server, ServerConnection, serve

from pactspec.capture import trigger
from pactspec.provider._registry import provider_state

SUBPROTOCOL = "users.v1"
PATH = "/users"
SETTINGS: dict[str, Any] = {"id_as_text": False, "binary": False, "push": True, "replies": 1}
USERS: dict[int, dict[str, Any]] = {}


class UserEventsServer:
    """The producer's server: it pushes each event to every client connected to /users and answers lookups."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self._clients: set[ServerConnection] = set()
        self._lock = threading.Lock()
        self._server: Server = serve(
            self._handle, "127.0.0.1", 0, subprotocols=[SUBPROTOCOL],  # type: ignore[list-item]
            process_request=self._only_users, ssl=tls,
        )
        scheme = "wss" if tls else "ws"
        self.url = f"{scheme}://127.0.0.1:{self._server.socket.getsockname()[1]}{PATH}?subprotocol={SUBPROTOCOL}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def push(self, event: dict[str, Any]) -> None:
        """Send an event to every connected client (what the service does when a user is created)."""
        data: str | bytes = json.dumps(event)
        if SETTINGS["binary"]:
            data = data.encode()
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            client.send(data)

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)

    def _only_users(self, connection: ServerConnection, request: Any) -> Any:
        if request.path.split("?")[0] != PATH:
            return connection.respond(HTTPStatus.NOT_FOUND, "no such endpoint\n")
        return None

    def _handle(self, connection: ServerConnection) -> None:
        with self._lock:
            self._clients.add(connection)
        try:
            for data in connection:
                request = json.loads(data)
                user = USERS.get(int(request["lookup"]))
                for _ in range(SETTINGS["replies"]):
                    connection.send(json.dumps({"id": request["lookup"], "name": user["name"] if user else None}))
        finally:
            with self._lock:
                self._clients.discard(connection)


SERVER: dict[str, UserEventsServer] = {}


def publish_user_created(user_id: int) -> None:
    """The app's own publishing code: what runs in production when a user is created."""
    user = USERS[user_id]
    SERVER["server"].push({"id": str(user["id"]) if SETTINGS["id_as_text"] else user["id"], "name": user["name"]})


@provider_state("User 127 exists")
def user_exists(id: int) -> Any:
    USERS[id] = {"id": id, "name": "Ada"}
    yield {"id": id}
    USERS.pop(id, None)


@trigger("a user created event")
def user_created(context: dict[str, Any]) -> None:
    if SETTINGS["push"]:
        publish_user_created(context["id"])
