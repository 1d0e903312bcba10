"""Hooks for the SNS example: the app is importable, the topic exists.

Run it with an SNS endpoint at hand (moto, LocalStack): ``SNS_URL=sns+http://KEY:SECRET@127.0.0.1:4566 behave``.
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
    if not os.environ.get("SNS_URL"):
        raise SystemExit("set SNS_URL to your SNS endpoint, e.g. SNS_URL=sns+http://127.0.0.1:4566")
    from shipping_events.publisher import sns_client, topic_arn

    topic_arn(sns_client(os.environ["SNS_URL"]))  # what the service does at start-up


def after_scenario(context: Any, scenario: Any) -> None:
    from notifications import subscriber

    subscriber.stop()
