"""MQTT 5 and 3.1.1 with paho-mqtt: publish (acknowledged at QoS 1 and 2), capture by subscribing.

URL: ``mqtt://[USER:PASSWORD@]HOST:PORT/TOPIC`` (``mqtts://`` for TLS; or ``?topic=TOPIC``; the
topic keeps its slashes, and a ``#`` wildcard is written ``%23``); ``?version=3.1.1`` speaks MQTT
3.1.1 instead of 5.

A capture subscribes (at QoS 2, so a message keeps the QoS it was published with) when it opens
and sees only what is published after that: a retained message waiting on the topic is left
where it is (MQTT 5: the subscription asks for no retained messages, and keeps the retain flag of
live ones; MQTT 3.1.1: messages delivered with the retain flag, which only waiting ones carry, are
skipped). On publish, QoS comes from the contract's ``qos`` (default 1) and ``retain`` from its
``retain`` (default false). A broker drops a message no one subscribes to (unless it is
retained): start the consumer before delivering.

Transport data ↔ Pact metadata keys:

===================  ==============================================================
Pact metadata key    MQTT
===================  ==============================================================
``topic``            the topic (captured; on publish, the target when the URL has none)
``qos``, ``retain``  QoS (0, 1, 2) and the retain flag
``contentType``      MQTT 5 property Content Type
``correlationData``  MQTT 5 property Correlation Data (text when it is UTF-8)
``responseTopic``    MQTT 5 property Response Topic
any other key        an MQTT 5 user property (text; other values as JSON text)
===================  ==============================================================

MQTT 3.1.1 has no properties: there a contract with other metadata keys cannot be delivered
(one sentence says so), and the content type is the contract's.
"""

from __future__ import annotations

import queue
import threading
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from pactspec.content import CONTENT_TYPE_KEY, is_content_type_key
from pactspec.errors import InputError, NothingArrived, TransportError
from pactspec.model import Message
from pactspec.transports._base import (
    DEFAULT_WAIT,
    Closing,
    Destination,
    PollingCapture,
    message_bytes,
    publish_target,
    received_message,
    redact_url,
    server_url,
    unreachable,
)
from pactspec.transports._wire import Responder, as_text, drain, from_bytes, path_name, with_content_type

__all__ = ["MQTTTransport"]

_OWN_KEYS = ("topic", "qos", "retain", "correlationData", "responseTopic")
_TIMEOUT = 5.0
_VERSIONS = {"5": mqtt.MQTTv5, "3.1.1": mqtt.MQTTv311}


class MQTTTransport(Closing):
    """One paho-mqtt client with its network thread; a capture adds a subscription to it."""

    carries_content_type = False  # MQTT 3.1.1 has no content type; MQTT 5's is read when set

    def __init__(self, url: str, destination: Destination | None = None) -> None:
        self.url = url
        parts, host = server_url(url, what="MQTT broker", example="mqtt://127.0.0.1:1883/users/created")
        options = dict(parse_qsl(parts.query))
        version = options.pop("version", "5")
        if version not in _VERSIONS or options:
            unknown = f"version {version!r}" if version not in _VERSIONS else f"the parameter {next(iter(options))!r}"
            raise InputError(f"{redact_url(url)}: unknown {unknown}; an mqtt:// URL takes version=5 or version=3.1.1")
        self.v5 = version == "5"
        self.destination = (destination or Destination()).merged(Destination(topic=path_name(url)))
        port = parts.port or (8883 if parts.scheme == "mqtts" else 1883)
        self._server = f"{parts.hostname}:{port}"
        self._client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=f"pactspec-{uuid.uuid4().hex[:12]}",
            protocol=_VERSIONS[version],
            reconnect_on_failure=False,
        )
        self._client.connect_timeout = _TIMEOUT
        if parts.username is not None:
            self._client.username_pw_set(parts.username, parts.password)
        if parts.scheme == "mqtts":
            self._client.tls_set()
        self._connected = threading.Event()
        self._refused: list[str] = []
        self._subscribed: dict[int, threading.Event] = {}
        self._client.on_connect = self._on_connect
        self._client.on_subscribe = self._on_subscribe
        try:
            self._client.connect(host, port, keepalive=30)
        except (OSError, ValueError) as exc:
            raise unreachable("MQTT", url, f"{type(exc).__name__}: {exc}") from exc
        self._client.loop_start()
        if not self._connected.wait(_TIMEOUT) or self._refused:
            self._client.loop_stop()
            detail = self._refused[0] if self._refused else f"no CONNACK within {_TIMEOUT:g} s"
            raise unreachable("MQTT", url, detail, "host, port, credentials and MQTT version")

    def _on_connect(self, _client: Any, _userdata: Any, _flags: Any, reason: Any, _properties: Any) -> None:
        if reason.is_failure:
            self._refused.append(f"the broker refused the connection: {reason}")
        self._connected.set()

    def _on_subscribe(self, _client: Any, _userdata: Any, mid: int, _reasons: Any, _properties: Any) -> None:
        # setdefault on both sides: the SUBACK may be handled before subscribe() has returned its mid
        self._subscribed.setdefault(mid, threading.Event()).set()

    def publish(self, message: Message, destination: Destination | None = None) -> str:
        target = (destination or Destination()).merged(self.destination)
        metadata = dict(message.metadata)
        topic = publish_target(target.topic, metadata, "topic", what="MQTT topic", url="mqtt://HOST:PORT/TOPIC")
        body, content_type = message_bytes(message)
        qos = metadata.get("qos", 1)
        retain = metadata.get("retain", False)
        if qos not in (0, 1, 2) or isinstance(qos, bool):
            raise InputError(f"metadata 'qos' must be 0, 1 or 2 for MQTT, not {qos!r}")
        if not isinstance(retain, bool):
            raise InputError(f"metadata 'retain' must be true or false for MQTT, not {retain!r}")
        properties = self._properties(metadata, content_type)
        where = f"MQTT topic {topic!r} at {self._server}"
        try:
            info = self._client.publish(topic, body, qos=qos, retain=retain, properties=properties)
            info.wait_for_publish(_TIMEOUT)
        except ValueError as exc:  # a wildcard in the topic, or an empty one
            raise InputError(f"cannot publish to {where}: {exc}") from exc
        except RuntimeError as exc:
            raise TransportError(f"MQTT refused the message for {where}: {exc}") from exc
        if not info.is_published():
            raise TransportError(f"the message for {where} was not acknowledged within {_TIMEOUT:g} s; is the broker up?")
        return where

    def _properties(self, metadata: dict[str, Any], content_type: str | None) -> Properties | None:
        extra = [k for k in metadata if k not in _OWN_KEYS and not is_content_type_key(k)]
        if not self.v5:
            if extra or "correlationData" in metadata or "responseTopic" in metadata:
                key = next(iter(extra or [k for k in ("correlationData", "responseTopic") if k in metadata]))
                raise InputError(
                    f"metadata {key!r} cannot travel over MQTT 3.1.1, which has no properties; use MQTT 5 "
                    "(leave out version=3.1.1) or take the key out of the contract"
                )
            return None
        properties = Properties(PacketTypes.PUBLISH)
        if content_type is not None:
            properties.ContentType = content_type
        if "correlationData" in metadata:
            value = metadata["correlationData"]
            properties.CorrelationData = value if isinstance(value, bytes) else as_text(value).encode("utf-8")
        if "responseTopic" in metadata:
            properties.ResponseTopic = as_text(metadata["responseTopic"])
        if extra:
            properties.UserProperty = [(key, as_text(metadata[key])) for key in extra]
        return properties

    def request(self, message: Message, destination: Destination | None = None, *, replies: int = 1,
                timeout: float = DEFAULT_WAIT) -> tuple[str, list[Message]]:
        """MQTT 5 request/response: publish with a response topic and correlation data, where it went and the first reply."""
        self._need_v5("send a request")
        target = (destination or Destination()).merged(self.destination)
        topic = publish_target(target.topic, dict(message.metadata), "topic", what="MQTT topic",
                               url="mqtt://HOST:PORT/TOPIC")
        response_topic = f"pactspec/inbox/{uuid.uuid4().hex}"
        correlation = message.metadata.get("correlationData", uuid.uuid4().hex)
        with self.capture(Destination(topic=response_topic), timeout=timeout) as inbox:
            metadata = {**message.metadata, "responseTopic": response_topic, "correlationData": correlation}
            self.publish(Message(message.body, metadata, message.content_type, message.raw), Destination(topic=topic))
            where = f"the response topic of a request to MQTT topic {topic!r} at {self._server}"
            try:
                return where, [inbox.next()]
            except NothingArrived as exc:
                raise NothingArrived(where, exc.wait) from None

    def respond(self, answer: Callable[[Message], Message | None], destination: Destination | None = None) -> Responder:
        """Answer each MQTT 5 request (a message with a response topic) with ``answer(request)``, same correlation data."""
        self._need_v5("answer requests")
        source = (destination or Destination()).merged(self.destination)
        if not source.topic:
            raise InputError("say which MQTT topic the requests come on (mqtt://HOST:PORT/TOPIC or topic=…)")
        topic = source.topic

        def on_request(_client: Any, _userdata: Any, msg: Any) -> None:
            request = _received(msg)
            response_topic = request.metadata.get("responseTopic")
            if not isinstance(response_topic, str) or not response_topic:
                return  # not a request: nothing to answer to
            reply = answer(request)
            if reply is None:
                return
            metadata = {**reply.metadata, "qos": 1}
            if "correlationData" in request.metadata:
                metadata["correlationData"] = request.metadata["correlationData"]
            metadata.pop("topic", None)
            body, content_type = message_bytes(reply)
            # from paho's network thread: publish without waiting for the acknowledgement it would handle
            self._client.publish(response_topic, body, qos=1, properties=self._properties(metadata, content_type))

        self._subscribe(topic, on_request, SubscribeOptions(qos=1, retainHandling=SubscribeOptions.RETAIN_DO_NOT_SEND))

        def stop() -> None:
            self._client.unsubscribe(topic)
            self._client.message_callback_remove(topic)

        return Responder(f"MQTT topic {topic!r} at {self._server}", stop)

    def _need_v5(self, doing: str) -> None:
        if not self.v5:
            raise InputError(f"MQTT 3.1.1 has no response topic to {doing} with; use MQTT 5 (leave out version=3.1.1)")

    def _subscribe(self, topic: str, callback: Callable[..., None], options: SubscribeOptions | None) -> None:
        """Subscribe and wait for the broker's SUBACK, so nothing published after this is missed."""
        self._client.message_callback_add(topic, callback)
        if options is not None:
            result, mid = self._client.subscribe(topic, options=options)
        else:
            result, mid = self._client.subscribe(topic, qos=2)
        done = self._subscribed.setdefault(mid or 0, threading.Event())
        acknowledged = result == mqtt.MQTT_ERR_SUCCESS and done.wait(_TIMEOUT)
        self._subscribed.pop(mid or 0, None)
        if not acknowledged:
            self._client.message_callback_remove(topic)
            raise TransportError(
                f"cannot subscribe to MQTT topic {topic!r} at {self._server}: {mqtt.error_string(result)}"
            )

    def capture(self, source: Destination | None = None, *, timeout: float = DEFAULT_WAIT) -> PollingCapture:
        source = (source or Destination()).merged(self.destination)
        if not source.topic:
            raise InputError("say which MQTT topic to capture from (mqtt://HOST:PORT/TOPIC or topic=…)")
        topic = source.topic
        where = f"MQTT topic {topic!r} at {self._server}"
        arrived: queue.Queue[Message] = queue.Queue()
        v5 = self.v5

        def on_message(_client: Any, _userdata: Any, msg: Any) -> None:
            if not v5 and msg.retain:
                return  # MQTT 3.1.1 flags only the retained messages that were waiting: leave them
            arrived.put(_received(msg))

        options = (
            SubscribeOptions(qos=2, retainAsPublished=True, retainHandling=SubscribeOptions.RETAIN_DO_NOT_SEND)
            if v5 else None
        )
        self._subscribe(topic, on_message, options)

        def poll(seconds: float) -> list[Message]:
            return drain(arrived, seconds)

        def close() -> None:
            self._client.unsubscribe(topic)
            self._client.message_callback_remove(topic)

        return PollingCapture(where, poll, close, timeout=timeout)

    def close(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()


def _received(msg: Any) -> Message:
    metadata: dict[str, Any] = {}
    properties = getattr(msg, "properties", None)
    content_type = None
    if properties is not None:
        for key, value in getattr(properties, "UserProperty", []) or []:
            metadata[key] = value
        content_type = getattr(properties, "ContentType", None)
        if getattr(properties, "CorrelationData", None) is not None:
            metadata["correlationData"] = from_bytes(properties.CorrelationData)
        if getattr(properties, "ResponseTopic", None) is not None:
            metadata["responseTopic"] = properties.ResponseTopic
    # MQTT's own data last: a user property of the same name cannot pass for the topic or the QoS.
    metadata.update(topic=msg.topic, qos=msg.qos, retain=bool(msg.retain))
    if content_type is not None:
        metadata = {k: v for k, v in metadata.items() if not is_content_type_key(k)}
        metadata[CONTENT_TYPE_KEY] = content_type
    else:
        metadata, content_type = with_content_type(metadata)
    return received_message(msg.payload or b"", content_type, metadata)
