"""Hooks for the ActiveMQ example: the app is importable and the transport is known.

Run it with an ActiveMQ with STOMP at hand: ``STOMP_URL=stomp://127.0.0.1:61613 behave``.
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
    if not os.environ.get("STOMP_URL"):
        raise SystemExit("set STOMP_URL to your ActiveMQ STOMP connector, e.g. STOMP_URL=stomp://127.0.0.1:61613")


def after_scenario(context: Any, scenario: Any) -> None:
    from user_directory import subscriber

    subscriber.stop()
