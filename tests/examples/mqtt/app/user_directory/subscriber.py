"""The directory's real MQTT subscription: ``users/created`` at QoS 1, served by paho's network thread."""

from __future__ import annotations

import json
import threading
from typing import Any
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt

from pactspec import Message
from user_directory.handler import DIRECTORY, handle_user_created

TOPIC = "users/created"
HANDLED: list[int] = []  # user ids this subscription passed to the handler
_running: dict[str, Any] = {}


def start(mqtt_url: str) -> None:
    """Subscribe until :func:`stop`; returns once the broker has acknowledged the subscription."""
    HANDLED.clear()
    DIRECTORY.clear()
    parts = urlsplit(mqtt_url)
    subscribed = threading.Event()
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="user-directory", protocol=mqtt.MQTTv5)

    def on_message(_client: Any, _userdata: Any, msg: Any) -> None:
        metadata = dict(getattr(msg.properties, "UserProperty", []) or [])
        content_type = getattr(msg.properties, "ContentType", None)
        message = Message(json.loads(msg.payload), metadata, content_type, msg.payload)
        handle_user_created(message)
        HANDLED.append(int(message.body["id"]))

    client.on_message = on_message
    client.on_subscribe = lambda *_: subscribed.set()
    client.connect(parts.hostname or "", parts.port or 1883)
    client.loop_start()
    client.subscribe(TOPIC, qos=1)
    if not subscribed.wait(5):
        raise RuntimeError("the broker did not acknowledge the subscription")
    _running["client"] = client


def stop() -> None:
    if not _running:
        return
    client = _running.pop("client")
    client.disconnect()
    client.loop_stop()
    DIRECTORY.clear()


def has_user_127() -> bool:
    """The subscription (not a direct handler call) put user 127 into the directory."""
    return 127 in HANDLED and DIRECTORY.get(127) == {"name": "Ada"}
