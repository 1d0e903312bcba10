"""A regression: a refactoring dropped the eventType attribute. The body is still right."""

from __future__ import annotations

from typing import Any

from pactspec.capture import trigger
from shipping_events import publisher
from shipping_events.publisher import order_shipped  # noqa: F401  (the same provider state)


@trigger("an order shipped event")
def order_shipped_trigger(transport_url: str, context: dict[str, Any]) -> None:
    event = publisher.shipped_event(publisher.SHIPMENTS[context["id"]])
    del event["MessageAttributes"]["eventType"]
    client = publisher.sns_client(transport_url)
    client.publish(TopicArn=publisher.topic_arn(client), **event)
