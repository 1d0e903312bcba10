"""A regression: records keyed by customer, so one order's events can land on different shards."""

from __future__ import annotations

from typing import Any

from order_events import publisher
from order_events.publisher import order_placed  # noqa: F401  (the same provider state)
from pactspec.capture import trigger


@trigger("an order placed event")
def order_placed_trigger(transport_url: str, context: dict[str, Any]) -> None:
    order = publisher.ORDERS[context["id"]]
    record = {**publisher.order_placed_record(order), "PartitionKey": f"customer-{order['customer']}"}
    publisher.kinesis_client(transport_url).put_record(**record)
