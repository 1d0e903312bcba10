"""The service's real publishing code, and the triggers that let pactspec drive it.

``publish_user_created`` is what runs in production. Capture verification sets up the provider
state, calls the trigger, and checks the message that really reaches the broker: body, topic,
QoS and MQTT 5 properties.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from pactspec.capture import trigger
from pactspec.provider._registry import provider_state

USERS: dict[int, dict[str, Any]] = {}


def user_created_event(user: dict[str, Any]) -> tuple[str, bytes, Properties]:
    """Topic, body and properties of a "user created" event."""
    body = json.dumps({"id": user["id"], "name": user["name"]}).encode("utf-8")
    properties = Properties(PacketTypes.PUBLISH)
    properties.ContentType = "application/json"
    properties.UserProperty = [("eventType", "UserCreated")]
    return "users/created", body, properties


def send(mqtt_url: str, topic: str, body: bytes, properties: Properties) -> None:
    parts = urlsplit(mqtt_url)
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    client.connect(parts.hostname or "", parts.port or 1883)
    client.loop_start()
    try:
        client.publish(topic, body, qos=1, properties=properties).wait_for_publish(5)
    finally:
        client.disconnect()
        client.loop_stop()


def publish_user_created(mqtt_url: str, user_id: int) -> None:
    send(mqtt_url, *user_created_event(USERS[user_id]))


@provider_state("User 127 exists")
def user_exists(id: int) -> Iterator[dict[str, Any]]:
    USERS[int(id)] = {"id": int(id), "name": "Ada"}
    yield {"id": int(id)}
    USERS.pop(int(id), None)


@trigger("a user created event")
def user_created(transport_url: str, context: dict[str, Any]) -> None:
    publish_user_created(transport_url, context["id"])
