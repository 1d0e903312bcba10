"""The service's real WebSocket server (``websockets``): what runs in production.

Clients connect to ``/users`` speaking the ``users.v1`` subprotocol. Each "user created" event is
pushed to every connected client; a client may send ``{"lookup": ID}`` and gets the user back.
"""

from __future__ import annotations

import json
import threading
from http import HTTPStatus
from typing import Any

from websockets.sync.server import Server, ServerConnection, serve

PATH = "/users"
SUBPROTOCOL = "users.v1"
USERS: dict[int, dict[str, Any]] = {}


class UserEventsServer:
    """Listens on 127.0.0.1 (port 0: a free one) until :meth:`stop`."""

    def __init__(self, port: int = 0) -> None:
        self._clients: set[ServerConnection] = set()
        self._lock = threading.Lock()
        self._server: Server = serve(
            self._handle, "127.0.0.1", port, subprotocols=[SUBPROTOCOL],  # type: ignore[list-item]
            process_request=self._only_users,
        )
        self.url = f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}{PATH}?subprotocol={SUBPROTOCOL}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def push(self, event: dict[str, Any]) -> None:
        """Send an event, as JSON in a text frame, to every connected client."""
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            client.send(json.dumps(event))

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
                wanted = int(json.loads(data)["lookup"])
                user = USERS.get(wanted)
                connection.send(json.dumps({"id": wanted, "name": user["name"] if user else None}))
        finally:
            with self._lock:
                self._clients.discard(connection)


RUNNING: dict[str, UserEventsServer] = {}  # the server this process runs (started by the features' environment)


def user_created_event(user: dict[str, Any]) -> dict[str, Any]:
    return {"event": "UserCreated", "id": user["id"], "name": user["name"]}


def create_user(user_id: int, name: str) -> None:
    """What the service does when a user signs up: store them, tell every client."""
    USERS[user_id] = {"id": user_id, "name": name}
    RUNNING["server"].push(user_created_event(USERS[user_id]))
