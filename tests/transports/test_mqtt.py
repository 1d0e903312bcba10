"""The MQTT transport (MQTT 5 and 3.1.1) against a real mosquitto on 127.0.0.1."""
# ruff: noqa: F811  (pytest fixtures imported from tests.broker_services)

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from pactspec.cli import main
from pactspec.errors import InputError
from pactspec.model import Message
from pactspec.transports import Destination, NothingArrived, TransportUnreachable, open_transport
from tests.broker_services import mqtt_url  # noqa: F401  (fixture)
from tests.services import free_port
from tests.transport_pacts import message, write_pact

pytestmark = pytest.mark.services


def _publish_with_paho(url: str, topic: str, payload: bytes, *, version: int = mqtt.MQTTv5, **options: Any) -> None:
    """Another client publishes one message and waits for the broker's acknowledgement."""
    parts = urlsplit(url)
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=version)
    client.connect(parts.hostname or "", parts.port or 1883)
    client.loop_start()
    try:
        client.publish(topic, payload, **options).wait_for_publish(5)
    finally:
        client.disconnect()
        client.loop_stop()


@pytest.fixture
def topic() -> str:
    return f"users/{uuid.uuid4().hex[:8]}/created"


@pytest.fixture
def transport(mqtt_url: str) -> Iterator[Any]:
    with open_transport(mqtt_url) as opened:
        yield opened


class TestCapture:
    def test_captures_what_another_client_publishes_with_its_properties(
        self, transport: Any, topic: str, mqtt_url: str
    ) -> None:
        """Body, topic, QoS, retain, content type, correlation data and user properties arrive as metadata."""
        properties = Properties(PacketTypes.PUBLISH)
        properties.ContentType = "application/json"
        properties.CorrelationData = b"req-1"
        properties.UserProperty = [("eventType", "UserCreated")]
        with transport.capture(Destination(topic="users/+/created"), timeout=5) as capture:
            _publish_with_paho(mqtt_url, topic, b'{"id":127}', qos=1, properties=properties)
            message = capture.next()
        assert message.body == {"id": 127}
        assert message.metadata == {
            "topic": topic,
            "qos": 1,
            "retain": False,
            "contentType": "application/json",
            "correlationData": "req-1",
            "eventType": "UserCreated",
        }

    def test_a_retained_message_waiting_on_the_topic_is_left_and_a_new_one_keeps_its_flag(
        self, transport: Any, topic: str, mqtt_url: str
    ) -> None:
        """What was retained before the capture cannot pass for the trigger's message."""
        _publish_with_paho(mqtt_url, topic, b'"old"', qos=1, retain=True)
        with transport.capture(Destination(topic=topic), timeout=0.5) as capture:
            _publish_with_paho(mqtt_url, topic, b'"new"', qos=1, retain=True)
            captured = list(capture)
        assert [(m.body, m.metadata["retain"]) for m in captured] == [("new", True)]
        _publish_with_paho(mqtt_url, topic, b"", qos=1, retain=True)  # clears the retained message

    def test_mqtt_3_1_1_leaves_the_retained_message_too(self, mqtt_url: str, topic: str) -> None:
        """Without MQTT 5's subscription options, the waiting retained message (flagged) is skipped."""
        _publish_with_paho(mqtt_url, topic, b'"old"', qos=1, retain=True)
        with open_transport(f"{mqtt_url}/{topic}?version=3.1.1") as transport, transport.capture(timeout=0.5) as capture:
            _publish_with_paho(mqtt_url, topic, b'"new"', qos=0, version=mqtt.MQTTv311)
            assert [m.body for m in capture] == ["new"]
        _publish_with_paho(mqtt_url, topic, b"", qos=1, retain=True)

    def test_nothing_published_names_the_topic_and_the_wait(self, transport: Any, topic: str) -> None:
        """An empty capture is a contract failure saying where it listened and for how long."""
        with (
            transport.capture(Destination(topic=topic), timeout=0.3) as capture,
            pytest.raises(NothingArrived, match=f"MQTT topic {topic!r} at 127.0.0.1:[0-9]+ within 0.3 s"),
        ):
            capture.next()


class TestPublish:
    def test_metadata_becomes_properties_and_round_trips(self, transport: Any, topic: str) -> None:
        """QoS, content type, correlation data and user properties (non-text as JSON text) travel."""
        metadata = {"topic": topic, "qos": 2, "eventType": "UserCreated", "version": 2, "correlationData": "c-9"}
        with transport.capture(timeout=5, source=Destination(topic=topic)) as capture:
            where = transport.publish(Message(body={"id": 1}, metadata=metadata))
            message = capture.next()
        assert where.startswith(f"MQTT topic {topic!r} at 127.0.0.1:")
        assert message.body == {"id": 1}
        assert message.metadata == {
            "topic": topic,
            "qos": 2,
            "retain": False,
            "contentType": "application/json",
            "correlationData": "c-9",
            "eventType": "UserCreated",
            "version": "2",
        }

    def test_mqtt_3_1_1_cannot_carry_other_keys_and_says_so(self, mqtt_url: str, topic: str) -> None:
        """No properties in 3.1.1: a contract header would be lost, so delivery stops with one sentence."""
        with (
            open_transport(f"{mqtt_url}/{topic}?version=3.1.1") as transport,
            pytest.raises(InputError, match="metadata 'eventType' cannot travel over MQTT 3.1.1"),
        ):
            transport.publish(Message(body={}, metadata={"eventType": "UserCreated"}))

    @pytest.mark.parametrize(("metadata", "words"), [({"qos": 3}, "'qos' must be 0, 1 or 2"),
                                                      ({"retain": "yes"}, "'retain' must be true or false")])
    def test_impossible_qos_or_retain_is_an_input_error(
        self, transport: Any, topic: str, metadata: dict[str, Any], words: str
    ) -> None:
        """The contract's own values are checked before anything is published."""
        with pytest.raises(InputError, match=words):
            transport.publish(Message(body={}, metadata=metadata), Destination(topic=topic))

    def test_no_topic_anywhere_is_an_input_error(self, transport: Any) -> None:
        """Neither the URL nor the contract names a topic: one sentence saying where to name it."""
        with pytest.raises(InputError, match="no MQTT topic to publish the message to"):
            transport.publish(Message(body={}))


class TestOpening:
    def test_a_broker_that_does_not_answer_is_said_once_when_opening(self) -> None:
        """Nothing listening: opening fails (exit 2 in the CLI) before anything is published."""
        with pytest.raises(TransportUnreachable, match=r"cannot connect to MQTT at mqtt://127.0.0.1:\d+/users \(.+\); is it"):
            open_transport(f"mqtt://127.0.0.1:{free_port()}/users")

    def test_an_unknown_version_is_an_input_error(self) -> None:
        """Only MQTT 5 and 3.1.1 are spoken; the sentence says which to write."""
        with pytest.raises(InputError, match="unknown version '4'; an mqtt:// URL takes version=5 or version=3.1.1"):
            open_transport("mqtt://127.0.0.1:1883/users?version=4")

    def test_the_command_line_says_it_in_one_line_with_exit_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``pactspec stub --to mqtt://…`` with no broker: exit 2, one line, no traceback."""
        write_pact(tmp_path, [message("a user created event", {"id": 127}, {"topic": "users/created"})])
        code = main(["stub", "--pacts", str(tmp_path), "--to", f"mqtt://127.0.0.1:{free_port()}"])
        out, err = capsys.readouterr()
        assert code == 2
        assert "Traceback" not in out + err
        assert len(err.strip().splitlines()) == 1 and "cannot connect to MQTT" in err
