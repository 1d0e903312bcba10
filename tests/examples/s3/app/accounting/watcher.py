"""Accounting's real reader: new objects under ``invoices/``, listed in a thread."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import boto3
from botocore.config import Config

from accounting.handler import BOOKED, book_invoice
from pactspec import Message

BUCKET, PREFIX = "invoices", "invoices/"
_running: dict[str, Any] = {}


def start(endpoint: str) -> None:
    BOOKED.clear()
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          config=Config(s3={"addressing_style": "path"}))

    def keys() -> set[str]:
        return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET, Prefix=PREFIX).get("Contents", [])}

    seen = keys()
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            for key in sorted(keys() - seen):
                seen.add(key)
                body = client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
                book_invoice(Message(json.loads(body), {"bucket": BUCKET, "key": key}))
            time.sleep(0.1)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    _running.update(stop=stop, thread=thread)


def stop() -> None:
    if _running:
        _running.pop("stop").set()
        _running.pop("thread").join(timeout=5)
    BOOKED.clear()


def has_booked_1001() -> bool:
    return BOOKED.get(1001) == 99.0
