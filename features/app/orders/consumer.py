"""The shipping service's handlers for the messages it exchanges with ``order-service``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from xml.etree.ElementTree import Element

from pactspec import Message

__all__ = ["SHIPMENTS", "check_stock", "handle_order_cancelled", "handle_order_created", "handle_order_shipped"]

SHIPMENTS: dict[str, dict[str, Any]] = {}


def handle_order_created(message: Message) -> None:
    """Plan a shipment for a new order; an order without items or with a wrong total is refused."""
    order = message.body
    if not order["items"]:
        raise ValueError("an order needs at least one item")
    total = sum(Decimal(str(item["price"])) * item["quantity"] for item in order["items"])
    if total <= 0:
        raise ValueError(f"order {order['orderId']} has a total of {total}")
    SHIPMENTS[order["orderId"]] = {
        "skus": [item["sku"] for item in order["items"]],
        "customer": order["customer"]["email"],
        "status": "planned",
    }


def handle_order_cancelled(message: Message) -> None:
    """Stop a planned shipment."""
    order = message.body
    if not order["reason"].strip():
        raise ValueError("a cancellation needs a reason")
    SHIPMENTS.setdefault(order["orderId"], {})["status"] = "cancelled"


def handle_order_shipped(message: Message) -> None:
    """Record the tracking number of a shipped order (the event is XML)."""
    root = message.body
    if not isinstance(root, Element) or root.tag != "shipment":
        raise ValueError("expected a <shipment> element")
    order_id = root.get("orderId")
    tracking = root.findtext("trackingNumber")
    if not order_id or not tracking:
        raise ValueError("a shipment needs an orderId and a trackingNumber")
    SHIPMENTS.setdefault(order_id, {}).update(status="shipped", tracking=tracking)


def check_stock(request: Message, responses: list[Message]) -> None:
    """Ask for stock before planning a shipment: the request is ours, the responses what we can handle."""
    if not request.body.get("sku"):
        raise ValueError("a stock request names a sku")
    for response in responses:
        answer = response.body
        if answer["sku"] != request.body["sku"]:
            raise ValueError(f"the answer is about {answer['sku']}, not {request.body['sku']}")
        if answer["available"] and answer["quantity"] < 1:
            raise ValueError("stock is available but the quantity is below 1")
