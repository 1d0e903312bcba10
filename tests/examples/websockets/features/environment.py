"""Hooks for the WebSocket example: the app is importable and user-events' real server runs on a free port.

Run it with ``behave`` in this folder (``pip install 'pactspec-messages[websockets]'``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

APP = str(Path(__file__).resolve().parent.parent / "app")


def before_all(context: Any) -> None:
    if APP not in sys.path:
        sys.path.insert(0, APP)
    from user_events.server import RUNNING, UserEventsServer

    RUNNING["server"] = UserEventsServer()
    os.environ["USER_EVENTS_WS_URL"] = RUNNING["server"].url


def after_scenario(context: Any, scenario: Any) -> None:
    from user_feed import client

    client.stop()


def after_all(context: Any) -> None:
    from user_events.server import RUNNING

    RUNNING.pop("server").stop()
