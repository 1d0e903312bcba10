"""Hooks for the Kinesis example: the app is importable, the stream exists.

Run it with a Kinesis endpoint at hand (moto, LocalStack):
``KINESIS_URL=kinesis+http://KEY:SECRET@127.0.0.1:4566 behave``.
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
    if not os.environ.get("KINESIS_URL"):
        raise SystemExit("set KINESIS_URL to your Kinesis endpoint, e.g. KINESIS_URL=kinesis+http://127.0.0.1:4566")
    from order_events.publisher import STREAM, kinesis_client

    client = kinesis_client(os.environ["KINESIS_URL"])
    if STREAM not in client.list_streams()["StreamNames"]:
        client.create_stream(StreamName=STREAM, ShardCount=2)
        client.get_waiter("stream_exists").wait(StreamName=STREAM)


def after_scenario(context: Any, scenario: Any) -> None:
    from order_audit import reader

    reader.stop()
