"""The service's real publishing code, and the triggers that let pactspec drive it.

Subscribers filter on the ``eventType`` message attribute, so it is part of the contract.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3

from pactspec.capture import trigger
from pactspec.provider._registry import provider_state

TOPIC = "shipments"
SHIPMENTS: dict[int, dict[str, Any]] = {}


def sns_client(transport_url: str) -> Any:
    """A boto3 client for the endpoint in an ``sns+http://HOST:PORT`` URL."""
    endpoint = transport_url.replace("sns+http://", "http://").split("?")[0].rstrip("/")
    return boto3.client("sns", endpoint_url=endpoint, region_name="us-east-1")


def topic_arn(client: Any) -> str:
    return str(client.create_topic(Name=TOPIC)["TopicArn"])  # idempotent: the ARN of the existing topic


def shipped_event(shipment: dict[str, Any]) -> dict[str, Any]:
    return {
        "Message": json.dumps({"orderId": shipment["order"], "carrier": shipment["carrier"]}),
        "Subject": "order shipped",
        "MessageAttributes": {
            "contentType": {"DataType": "String", "StringValue": "application/json"},
            "eventType": {"DataType": "String", "StringValue": "OrderShipped"},
        },
    }


def publish_order_shipped(transport_url: str, shipment_id: int) -> None:
    client = sns_client(transport_url)
    client.publish(TopicArn=topic_arn(client), **shipped_event(SHIPMENTS[shipment_id]))


@provider_state("Order 1001 was shipped")
def order_shipped(id: int) -> Iterator[dict[str, Any]]:
    SHIPMENTS[int(id)] = {"order": int(id), "carrier": "DHL"}
    yield {"id": int(id)}
    SHIPMENTS.pop(int(id), None)


@trigger("an order shipped event")
def order_shipped_trigger(transport_url: str, context: dict[str, Any]) -> None:
    publish_order_shipped(transport_url, context["id"])
