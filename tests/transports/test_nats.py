"""The NATS transport (core and JetStream) against a real nats-server on 127.0.0.1."""
# ruff: noqa: F811  (pytest fixtures imported from tests.broker_services)

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nats
import pytest

from pactspec.cli import main
from pactspec.errors import InputError
from pactspec.model import Message
from pactspec.transports import Destination, NothingArrived, TransportUnreachable, open_transport
from tests.broker_services import nats_url  # noqa: F401  (fixture)
from tests.services import free_port
from tests.transport_pacts import message, write_pact

pytestmark = pytest.mark.services


def _with_client(url: str, action: Any) -> Any:
    """Run ``action(connection)`` on a fresh nats-py connection: another client of the same server."""

    async def run() -> Any:
        connection = await nats.connect(url)
        try:
            return await action(connection)
        finally:
            await connection.close()

    return asyncio.run(run())


@pytest.fixture
def subject() -> str:
    return f"users.{uuid.uuid4().hex[:8]}.created"


@pytest.fixture
def stream(nats_url: str) -> str:
    """A fresh JetStream stream storing ``orders.<name>.>``, already holding one message."""
    name = f"ORDERS_{uuid.uuid4().hex[:8]}"

    async def create(connection: Any) -> None:
        js = connection.jetstream()
        await js.add_stream(name=name, subjects=[f"orders.{name}.>"])
        await js.publish(f"orders.{name}.created", b'"old"')

    _with_client(nats_url, create)
    return name


@pytest.fixture
def transport(nats_url: str) -> Iterator[Any]:
    with open_transport(nats_url) as opened:
        yield opened


class TestCoreCapture:
    def test_captures_what_another_client_publishes_with_headers_and_reply_subject(
        self, transport: Any, subject: str, nats_url: str
    ) -> None:
        """Body, subject, reply subject and headers arrive as Pact metadata keys; Content-Type as contentType."""
        with transport.capture(Destination(topic="users.*.created"), timeout=5) as capture:
            _with_client(
                nats_url,
                lambda c: c.publish(subject, b'{"id":127}', reply="replies.1",
                                    headers={"Content-Type": "application/json", "eventType": "UserCreated"}),
            )
            message = capture.next()
        assert message.body == {"id": 127}
        assert message.metadata == {
            "subject": subject,
            "replyTo": "replies.1",
            "contentType": "application/json",
            "eventType": "UserCreated",
        }

    def test_nothing_published_names_the_subject_and_the_wait(self, transport: Any, subject: str) -> None:
        """An empty capture is a contract failure saying where it listened and for how long."""
        with (
            transport.capture(Destination(topic=subject), timeout=0.3) as capture,
            pytest.raises(NothingArrived, match=f"NATS subject {subject!r} at 127.0.0.1:[0-9]+ within 0.3 s"),
        ):
            capture.next()


class TestJetStream:
    def test_a_capture_on_a_stored_subject_reads_only_new_messages_with_stream_and_sequence(
        self, transport: Any, stream: str, nats_url: str
    ) -> None:
        """The stream's earlier message is left; the new one carries the stream and its sequence number."""
        subject = f"orders.{stream}.created"
        with transport.capture(Destination(topic=subject), timeout=0.5) as capture:
            _with_client(nats_url, lambda c: c.jetstream().publish(subject, b'"new"'))
            captured = list(capture)
        assert [m.body for m in captured] == ["new"]
        assert captured[0].metadata["stream"] == stream
        assert captured[0].metadata["sequence"] == 2
        assert "replyTo" not in captured[0].metadata  # not JetStream's acknowledgement subject

    def test_publishing_to_a_stored_subject_is_acknowledged_by_the_stream(self, transport: Any, stream: str) -> None:
        """Delivery says which stream stored the message, and at which sequence."""
        where = transport.publish(Message(body={"id": 1}), Destination(topic=f"orders.{stream}.created"))
        assert where.endswith(f"(JetStream stream {stream!r}, sequence 2)")


class TestPublish:
    def test_metadata_becomes_headers_and_round_trips(self, transport: Any, subject: str) -> None:
        """The contract's metadata travels as headers (non-text as JSON text); the subject is NATS's own."""
        metadata = {"eventType": "UserCreated", "version": 2, "subject": subject}
        with transport.capture(Destination(topic=subject), timeout=5) as capture:
            where = transport.publish(Message(body={"id": 1}, metadata=metadata))
            message = capture.next()
        assert where == f"NATS subject {subject!r} at {transport._server}"
        assert message.body == {"id": 1}
        assert message.metadata == {
            "subject": subject,
            "eventType": "UserCreated",
            "version": "2",
            "contentType": "application/json",
        }

    def test_the_subject_can_come_from_the_url_path(self, nats_url: str, subject: str) -> None:
        """``nats://HOST:PORT/SUBJECT`` names it for publish and capture."""
        with open_transport(f"{nats_url}/{subject}") as transport, transport.capture(timeout=5) as capture:
            transport.publish(Message(body="hi", content_type="text/plain"))
            assert capture.next().body == "hi"

    def test_no_subject_anywhere_is_an_input_error(self, transport: Any) -> None:
        """Neither the URL nor the contract names a subject: one sentence saying where to name it."""
        with pytest.raises(InputError, match="no NATS subject to publish the message to"):
            transport.publish(Message(body={}))


class TestOpening:
    def test_a_nats_that_does_not_answer_is_said_once_when_opening(self) -> None:
        """Nothing listening: opening fails (exit 2 in the CLI) before anything is published."""
        with pytest.raises(TransportUnreachable, match=r"cannot connect to NATS at nats://127.0.0.1:\d+/users \(.+\); is it"):
            open_transport(f"nats://127.0.0.1:{free_port()}/users")

    def test_the_command_line_says_it_in_one_line_with_exit_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``pactspec stub --to nats://…`` with no server: exit 2, one line, no traceback."""
        write_pact(tmp_path, [message("a user created event", {"id": 127}, {"subject": "users.created"})])
        code = main(["stub", "--pacts", str(tmp_path), "--to", f"nats://127.0.0.1:{free_port()}"])
        out, err = capsys.readouterr()
        assert code == 2
        assert "Traceback" not in out + err
        assert len(err.strip().splitlines()) == 1 and "cannot connect to NATS" in err


def test_a_token_in_the_url_is_not_repeated_in_the_error() -> None:
    """``nats://TOKEN@HOST``: the sentence about the server that does not answer hides the token."""
    with pytest.raises(TransportUnreachable) as caught:
        open_transport(f"nats://s3cret-token@127.0.0.1:{free_port()}/users")
    assert "s3cret-token" not in str(caught.value)
    assert "nats://***@127.0.0.1:" in str(caught.value)
