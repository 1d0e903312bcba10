"""A local stand-in for Lambda's Kinesis event source mapping: read every shard from LATEST, invoke the handler.

It builds the event as AWS does (``Records[].kinesis`` with base64 ``data``), so the function's real
code runs on what the stream really holds.
"""

from __future__ import annotations

import base64
import threading
import time
from typing import Any

import boto3

from order_audit.lambda_fn import AUDIT, handler

STREAM = "orders"
_running: dict[str, Any] = {}


def _event(records: list[dict[str, Any]], shard: str) -> dict[str, Any]:
    return {"Records": [{
        "kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": r["PartitionKey"],
                    "sequenceNumber": r["SequenceNumber"], "data": base64.b64encode(r["Data"]).decode("ascii"),
                    "approximateArrivalTimestamp": r["ApproximateArrivalTimestamp"].timestamp()},
        "eventSource": "aws:kinesis", "eventID": f"{shard}:{r['SequenceNumber']}",
        "eventName": "aws:kinesis:record", "eventSourceARN": f"arn:aws:kinesis:us-east-1:123456789012:stream/{STREAM}",
    } for r in records]}


def start(endpoint: str) -> None:
    AUDIT.clear()
    client = boto3.client("kinesis", endpoint_url=endpoint, region_name="us-east-1")
    iterators = {
        shard["ShardId"]: client.get_shard_iterator(StreamName=STREAM, ShardId=shard["ShardId"],
                                                    ShardIteratorType="LATEST")["ShardIterator"]
        for shard in client.list_shards(StreamName=STREAM)["Shards"]
    }
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            for shard, iterator in iterators.items():
                answer = client.get_records(ShardIterator=iterator)
                iterators[shard] = answer["NextShardIterator"]
                if answer["Records"]:
                    handler(_event(answer["Records"], shard), None)
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
