"""Hooks for the NATS example: the app is importable and the transport is known.

Run it with a NATS server at hand: ``NATS_URL=nats://127.0.0.1:4222 behave``.
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
    if not os.environ.get("NATS_URL"):
        raise SystemExit("set NATS_URL to your NATS server, e.g. NATS_URL=nats://127.0.0.1:4222")


def after_scenario(context: Any, scenario: Any) -> None:
    from user_directory import subscriber

    subscriber.stop()
