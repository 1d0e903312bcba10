"""Hooks for the S3 example: the app is importable, the bucket exists.

Run it with an S3 endpoint at hand (moto, LocalStack): ``S3_URL=s3+http://KEY:SECRET@127.0.0.1:4566 behave``.
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
    if not os.environ.get("S3_URL"):
        raise SystemExit("set S3_URL to your S3 endpoint, e.g. S3_URL=s3+http://127.0.0.1:4566")
    from billing.publisher import BUCKET, s3_client

    client = s3_client(os.environ["S3_URL"])
    if BUCKET not in {b["Name"] for b in client.list_buckets()["Buckets"]}:
        client.create_bucket(Bucket=BUCKET)


def after_scenario(context: Any, scenario: Any) -> None:
    from accounting import watcher

    watcher.stop()
