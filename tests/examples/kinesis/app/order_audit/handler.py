"""What the audit does with an order placed event, whatever brought it."""

from __future__ import annotations

from pactspec import Message

AUDIT: dict[int, float] = {}


def handle_order_placed(message: Message) -> None:
    if not str(message.metadata.get("partitionKey", "")).startswith("order-"):
        raise ValueError(f"not keyed by order: {message.metadata.get('partitionKey')!r}")
    AUDIT[int(message.body["orderId"])] = float(message.body["total"])
