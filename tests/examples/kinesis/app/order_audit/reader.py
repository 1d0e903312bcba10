"""The audit's real Kinesis reader: every shard from LATEST, polled in a thread."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import boto3

from order_audit.handler import AUDIT, handle_order_placed
from pactspec import Message

STREAM = "orders"
_running: dict[str, Any] = {}


def start(endpoint: str) -> None:
    AUDIT.clear()
    client = boto3.client("kinesis", endpoint_url=endpoint, region_name="us-east-1")
    iterators = [
        client.get_shard_iterator(StreamName=STREAM, ShardId=shard["ShardId"], ShardIteratorType="LATEST")["ShardIterator"]
        for shard in client.list_shards(StreamName=STREAM)["Shards"]
    ]
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            for i, iterator in enumerate(iterators):
                answer = client.get_records(ShardIterator=iterator)
                iterators[i] = answer["NextShardIterator"]
                for record in answer["Records"]:
                    handle_order_placed(Message(json.loads(record["Data"]), {"partitionKey": record["PartitionKey"]}))
            time.sleep(0.1)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    _running.update(stop=stop, thread=thread)


def stop() -> None:
    if _running:
        _running.pop("stop").set()
        _running.pop("thread").join(timeout=5)
    AUDIT.clear()


def has_order_1001() -> bool:
    return AUDIT.get(1001) == 42.5
