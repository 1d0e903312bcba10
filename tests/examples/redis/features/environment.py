"""Hooks for the Redis Streams example: the app is importable and the transport is known.

Run it with a Redis at hand: ``REDIS_URL=redis://127.0.0.1:6379 behave``.
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
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("set REDIS_URL to your Redis, e.g. REDIS_URL=redis://127.0.0.1:6379")


def after_scenario(context: Any, scenario: Any) -> None:
    from user_directory import subscriber

    subscriber.stop()
