"""What notifications does with an order shipped event, whatever brought it."""

from __future__ import annotations

from pactspec import Message

SENT: dict[int, str] = {}


def handle_order_shipped(message: Message) -> None:
    if message.metadata.get("eventType") != "OrderShipped":
        raise ValueError(f"not an OrderShipped event: {message.metadata.get('eventType')!r}")
    SENT[int(message.body["orderId"])] = f"your order shipped with {message.body['carrier']}"
