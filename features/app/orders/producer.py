"""The order service's messages (events and the stock query), and their provider states.

``OrderMessages`` is what the service publishes and answers with; the ``@producer`` functions call
it the way the service does once the ``@provider_state`` handlers have set up orders and stock.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

from pactspec import Message
from pactspec.provider import producer, provider_state

__all__ = ["ORDERS", "STOCK", "Line", "Order", "OrderMessages"]


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    price: Decimal


@dataclass
class Order:
    id: uuid.UUID
    created: dt.datetime
    email: str
    first_name: str
    lines: list[Line]
    discounts: dict[str, int] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    cancel_reason: str | None = None
    tracking: str | None = None
    carrier: str | None = None

    def total(self) -> Decimal:
        return sum((line.price * line.quantity for line in self.lines), Decimal(0))


ORDERS: dict[uuid.UUID, Order] = {}
STOCK: dict[str, int] = {}
SCHEMA_VERSION = "1.2.0"
_message_ids = itertools.count(1)


class OrderMessages:
    def created(self, order: Order) -> Message:
        body = {
            "orderId": str(order.id),
            "createdAt": order.created.strftime("%Y-%m-%dT%H:%M:%S"),
            "customer": {"email": order.email, "first name": order.first_name},
            "items": [{"sku": line.sku, "quantity": line.quantity, "price": float(line.price)}
                      for line in order.lines],
            "discounts": dict(order.discounts),
            "tags": list(order.tags),
            "version": SCHEMA_VERSION,
        }
        return Message(body, metadata={"topic": "orders.created", "messageId": next(_message_ids)},
                       content_type="application/json")

    def cancelled(self, order: Order) -> Message:
        lines: dict[str, int] = {}
        for line in order.lines:
            lines[line.sku] = lines.get(line.sku, 0) + line.quantity
        body = {"orderId": str(order.id), "reason": order.cancel_reason or "", "refund": float(order.total()),
                "notes": None, "lines": lines}
        return Message(body, metadata={"topic": "orders.cancelled"}, content_type="application/json")

    def shipped(self, order: Order) -> Message:
        shipment = ET.Element("shipment", orderId=str(order.id))
        ET.SubElement(shipment, "trackingNumber").text = order.tracking
        ET.SubElement(shipment, "carrier").text = order.carrier
        xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(shipment, encoding="unicode")
        return Message(xml, metadata={"topic": "orders.shipped"}, content_type="application/xml")

    def stock(self, request: Message) -> Message:
        sku = request.body["sku"]
        quantity = STOCK.get(sku, 0)
        return Message({"sku": sku, "available": quantity > 0, "quantity": quantity},
                       content_type="application/json")


MESSAGES = OrderMessages()


def _new_order() -> Order:
    order = Order(uuid.uuid4(), dt.datetime(2024, 5, 1, 10, 0, 0), "ann@example.com", "Ann",
                  [Line("AB-1", 2, Decimal("9.50")), Line("CD-22", 1, Decimal("4.25"))],
                  discounts={"SPRING": 5}, tags=["express", "gift"])
    ORDERS[order.id] = order
    return order


@provider_state("an order with two items")
def order_with_two_items(**params: Any) -> Iterator[dict[str, Any]]:
    order = _new_order()
    yield {"orderId": str(order.id)}
    ORDERS.pop(order.id, None)


@provider_state("a shipped order")
def shipped_order(**params: Any) -> Iterator[dict[str, Any]]:
    order = _new_order()
    order.tracking, order.carrier = "1Z999AA10123456784", "UPS"
    yield {"orderId": str(order.id)}
    ORDERS.pop(order.id, None)


@provider_state("AB-1 is in stock")
def in_stock(sku: str, quantity: int) -> Iterator[dict[str, Any]]:
    STOCK[sku] = int(quantity)
    yield {"sku": sku, "quantity": int(quantity)}
    STOCK.pop(sku, None)


def _order(context: dict[str, Any]) -> Order:
    return ORDERS[uuid.UUID(context["orderId"])]


@producer("an order created event")
def order_created(context: dict[str, Any]) -> Message:
    return MESSAGES.created(_order(context))


@producer("an order cancelled event")
def order_cancelled(context: dict[str, Any]) -> Message:
    order = _order(context)
    order.cancel_reason = "the customer changed their mind"
    return MESSAGES.cancelled(order)


@producer("an order shipped event")
def order_shipped(context: dict[str, Any]) -> Message:
    return MESSAGES.shipped(_order(context))


@producer("a stock check")
def stock_check(request: Message) -> Message:
    return MESSAGES.stock(request)
