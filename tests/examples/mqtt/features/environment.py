"""Hooks for the MQTT example: the app is importable and the transport is known.

Run it with an MQTT broker at hand: ``MQTT_URL=mqtt://127.0.0.1:1883 behave``.
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
    if not os.environ.get("MQTT_URL"):
        raise SystemExit("set MQTT_URL to your MQTT broker, e.g. MQTT_URL=mqtt://127.0.0.1:1883")


def after_scenario(context: Any, scenario: Any) -> None:
    from user_directory import subscriber

    subscriber.stop()
