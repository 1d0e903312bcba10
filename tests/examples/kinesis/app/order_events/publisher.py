"""The service's real publishing code, and the triggers that let pactspec drive it.

Records are keyed by order (``order-<id>``) so that one order's events stay in order on one shard.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3

from pactspec.capture import trigger
from pactspec.provider._registry import provider_state

STREAM = "orders"
ORDERS: dict[int, dict[str, Any]] = {}


def kinesis_client(transport_url: str) -> Any:
    """A boto3 client for the endpoint in a ``kinesis+http://HOST:PORT`` URL."""
    endpoint = transport_url.replace("kinesis+http://", "http://").split("?")[0].rstrip("/")
    return boto3.client("kinesis", endpoint_url=endpoint, region_name="us-east-1")


def order_placed_record(order: dict[str, Any]) -> dict[str, Any]:
    data = json.dumps({"orderId": order["id"], "total": order["total"]}).encode("utf-8")
    return {"StreamName": STREAM, "Data": data, "PartitionKey": f"order-{order['id']}"}


def publish_order_placed(transport_url: str, order_id: int) -> None:
    kinesis_client(transport_url).put_record(**order_placed_record(ORDERS[order_id]))


@provider_state("Order 1001 was placed")
def order_placed(id: int) -> Iterator[dict[str, Any]]:
    ORDERS[int(id)] = {"id": int(id), "total": 42.5, "customer": 7}
    yield {"id": int(id)}
    ORDERS.pop(int(id), None)


@trigger("an order placed event")
def order_placed_trigger(transport_url: str, context: dict[str, Any]) -> None:
    publish_order_placed(transport_url, context["id"])
