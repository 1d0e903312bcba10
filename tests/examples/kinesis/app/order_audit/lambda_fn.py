"""The audit's Lambda function, invoked by AWS with batches of Kinesis records from ``orders``."""

from __future__ import annotations

import base64
import json
from typing import Any

AUDIT: dict[int, float] = {}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Record each order placed; report records not keyed by order as batch item failures."""
    failures = []
    for record in event["Records"]:
        kinesis = record["kinesis"]
        if not kinesis["partitionKey"].startswith("order-"):
            failures.append({"itemIdentifier": kinesis["sequenceNumber"]})
            continue
        order = json.loads(base64.b64decode(kinesis["data"]))
        AUDIT[int(order["orderId"])] = float(order["total"])
    return {"batchItemFailures": failures}
