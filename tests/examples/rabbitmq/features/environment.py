"""Hooks for the RabbitMQ example: the app is importable, the transport is known, the exchange exists.

Run it with a RabbitMQ at hand: ``AMQP_URL=amqp://guest:guest@127.0.0.1:5672/%2F behave``.
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
    url = os.environ.get("AMQP_URL")
    if not url:
        raise SystemExit("set AMQP_URL to your RabbitMQ, e.g. AMQP_URL=amqp://guest:guest@127.0.0.1:5672/%2F")
    from user_events.publisher import declare_exchange

    declare_exchange(url)


def after_scenario(context: Any, scenario: Any) -> None:
    from user_directory import subscriber

    subscriber.stop()
