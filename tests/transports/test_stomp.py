"""The STOMP transport against a real ActiveMQ 5 on 127.0.0.1 (started once per session: ~2 s)."""
# ruff: noqa: F811  (pytest fixtures imported from tests.broker_services)

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import stomp

from pactspec.cli import main
from pactspec.errors import InputError
from pactspec.model import Message
from pactspec.transports import Destination, NothingArrived, TransportUnreachable, open_transport
from tests.broker_services import activemq_url  # noqa: F401  (fixture)
from tests.services import free_port
from tests.transport_pacts import message, write_pact

pytestmark = pytest.mark.services


class _Client:
    """Another STOMP client of the same broker: sends, and reads a queue."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.connection = stomp.Connection([(parts.hostname, parts.port)], auto_decode=False)
        self.received: list[Any] = []
        self.arrived = threading.Event()
        client = self

        class Listener(stomp.ConnectionListener):
            def on_message(self, frame: Any) -> None:
                client.received.append(frame)
                client.arrived.set()

        self.connection.set_listener("", Listener())
        self.connection.connect(wait=True)

    def send(self, destination: str, body: bytes, **headers: str) -> None:
        self.connection.send(destination, body, headers=headers, receipt=uuid.uuid4().hex)
        time.sleep(0.05)  # the receipt is not awaited here: give the broker a moment

    def drain(self, destination: str, seconds: float = 1.0) -> list[bytes]:
        """Consume what waits on a queue now."""
        self.connection.subscribe(destination, id="drain", ack="auto")
        time.sleep(seconds)
        self.connection.unsubscribe(id="drain")
        return [frame.body for frame in self.received]

    def close(self) -> None:
        self.connection.disconnect()


@pytest.fixture
def client(activemq_url: str) -> Iterator[_Client]:
    opened = _Client(activemq_url)
    yield opened
    opened.close()


@pytest.fixture
def name() -> str:
    return f"users-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def transport(activemq_url: str) -> Iterator[Any]:
    with open_transport(activemq_url) as opened:
        yield opened


class TestCapture:
    def test_captures_what_another_client_sends_to_a_topic_with_its_headers(
        self, transport: Any, client: _Client, name: str
    ) -> None:
        """Body, destination, message id, JMS headers and custom headers arrive as Pact metadata keys."""
        with transport.capture(Destination(topic=name), timeout=5) as capture:
            client.send(f"/topic/{name}", b'{"id":127}', **{
                "content-type": "application/json", "correlation-id": "c-1", "reply-to": "/queue/replies",
                "type": "UserCreated", "priority": "7", "persistent": "true", "eventType": "UserCreated",
            })
            message = capture.next()
        assert message.body == {"id": 127}
        assert message.content_type == "application/json"
        metadata = dict(message.metadata)
        assert metadata.pop("messageId").startswith("ID:")
        assert isinstance(metadata.pop("timestamp"), int)
        assert metadata.pop("expires") == 0
        assert metadata == {
            "destination": f"/topic/{name}",
            "contentType": "application/json",
            "correlationId": "c-1",
            "replyTo": "/queue/replies",
            "type": "UserCreated",
            "priority": 7,
            "persistent": True,
            "eventType": "UserCreated",
        }

    def test_messages_waiting_in_a_queue_are_left_there(
        self, transport: Any, client: _Client, name: str
    ) -> None:
        """What waited before the capture cannot pass for the trigger's message, and is still in the queue after."""
        client.send(f"/queue/{name}", b'"old"', **{"content-type": "application/json"})
        with transport.capture(Destination(queue=name), timeout=0.7) as capture:
            client.send(f"/queue/{name}", b'"new"', **{"content-type": "application/json"})
            assert [m.body for m in capture] == ["new"]
        assert client.drain(f"/queue/{name}") == [b'"old"']

    def test_nothing_sent_names_the_queue_the_wait_and_what_was_left(
        self, transport: Any, client: _Client, name: str
    ) -> None:
        """An empty capture is a contract failure saying where it listened, how long, and that one message waited."""
        client.send(f"/queue/{name}", b'"old"')
        with (
            transport.capture(Destination(queue=name), timeout=0.3) as capture,
            pytest.raises(NothingArrived, match=f"ActiveMQ queue {name!r} at 127.0.0.1:[0-9]+ within 0.3 s") as caught,
        ):
            capture.next()
        assert "(1 message was already waiting there before the capture opened" in str(caught.value)


class TestPublish:
    def test_metadata_becomes_headers_and_round_trips(self, transport: Any, name: str) -> None:
        """correlationId, replyTo, type, priority, persistent and custom keys travel as STOMP headers."""
        metadata = {"correlationId": "c-9", "replyTo": "/queue/r", "type": "UserCreated", "priority": 6,
                    "persistent": True, "eventType": "UserCreated", "version": 2}
        with transport.capture(Destination(topic=name), timeout=5) as capture:
            where = transport.publish(Message(body={"id": 1}, metadata=metadata), Destination(topic=name))
            message = capture.next()
        assert where == f"STOMP destination '/topic/{name}' at {transport._server}"
        assert message.body == {"id": 1}
        assert {k: message.metadata[k] for k in (*metadata, "contentType", "destination")} == {
            **metadata, "version": "2", "contentType": "application/json", "destination": f"/topic/{name}",
        }

    def test_the_destination_can_come_from_the_url_or_the_metadata(self, activemq_url: str, name: str) -> None:
        """``stomp://HOST:PORT/queue/NAME`` names it; without it, the contract's ``destination`` does."""
        with open_transport(f"{activemq_url}/queue/{name}") as transport, transport.capture(timeout=5) as capture:
            transport.publish(Message(body="hi", content_type="text/plain"))
            assert capture.next().body == "hi"
        with (
            open_transport(activemq_url) as transport,
            transport.capture(Destination(queue=name), timeout=5) as capture,
        ):
            transport.publish(Message(body="there", content_type="text/plain", metadata={"destination": f"/queue/{name}"}))
            assert capture.next().body == "there"

    @pytest.mark.parametrize(("metadata", "words"), [({"priority": 12}, "'priority' must be a number from 0 to 9"),
                                                      ({"persistent": "yes"}, "'persistent' must be true or false")])
    def test_impossible_priority_or_persistence_is_an_input_error(
        self, transport: Any, name: str, metadata: dict[str, Any], words: str
    ) -> None:
        """The contract's own values are checked before anything is sent."""
        with pytest.raises(InputError, match=words):
            transport.publish(Message(body={}, metadata=metadata), Destination(queue=name))

    def test_no_destination_anywhere_is_an_input_error(self, transport: Any) -> None:
        """Neither the URL nor the contract names a destination: one sentence saying where to name it."""
        with pytest.raises(InputError, match="no STOMP destination to publish the message to"):
            transport.publish(Message(body={}))


class TestOpening:
    def test_a_broker_that_does_not_answer_is_said_once_when_opening(self) -> None:
        """Nothing listening: opening fails (exit 2 in the CLI) before anything is published."""
        with pytest.raises(TransportUnreachable, match=r"cannot connect to the STOMP broker at stomp://127.0.0.1:\d+/queue/users \(.+\); is it"):
            open_transport(f"stomp://127.0.0.1:{free_port()}/queue/users")

    def test_a_path_that_is_not_a_queue_or_topic_is_an_input_error(self) -> None:
        """The URL's path names the destination's kind; anything else says what to write."""
        with pytest.raises(InputError, match="the path names /queue/NAME or /topic/NAME, not /users"):
            open_transport("stomp://127.0.0.1:61613/users")

    def test_the_command_line_says_it_in_one_line_with_exit_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``pactspec stub --to stomp://…`` with no broker: exit 2, one line, no traceback."""
        write_pact(tmp_path, [message("a user created event", {"id": 127}, {"destination": "/queue/users"})])
        code = main(["stub", "--pacts", str(tmp_path), "--to", f"stomp://127.0.0.1:{free_port()}"])
        out, err = capsys.readouterr()
        assert code == 2
        assert "Traceback" not in out + err
        assert len(err.strip().splitlines()) == 1 and "cannot connect to the STOMP broker" in err
