"""The Redis Streams transport against a real redis-server on 127.0.0.1."""
# ruff: noqa: F811  (pytest fixtures imported from tests.broker_services)

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from pactspec.cli import main
from pactspec.errors import ConfigurationError, InputError
from pactspec.model import Message
from pactspec.transports import Destination, NothingArrived, TransportUnreachable, open_transport
from tests.broker_services import redis_url  # noqa: F401  (fixture)
from tests.services import free_port
from tests.transport_pacts import message, write_pact

pytestmark = pytest.mark.services


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(redis_url)
    yield connection
    connection.close()


@pytest.fixture
def stream(client: redis.Redis) -> str:
    """A fresh stream, created the way a consumer group creates it."""
    name = f"users-{uuid.uuid4().hex[:8]}"
    client.xgroup_create(name, "user-directory", id="$", mkstream=True)
    return name


@pytest.fixture
def transport(redis_url: str) -> Iterator[Any]:
    with open_transport(redis_url) as opened:
        yield opened


class TestCapture:
    def test_captures_what_another_client_adds_with_its_fields(
        self, transport: Any, stream: str, client: redis.Redis
    ) -> None:
        """Body, stream, entry id and the other fields arrive as Pact metadata keys."""
        with transport.capture(Destination(topic=stream), timeout=5) as capture:
            entry = client.xadd(stream, {"body": b'{"id":127}', "content-type": "application/json",
                                         "eventType": "UserCreated"})
            message = capture.next()
        assert message.body == {"id": 127}
        assert message.content_type == "application/json"
        assert message.metadata == {
            "stream": stream,
            "id": entry.decode(),
            "contentType": "application/json",
            "eventType": "UserCreated",
        }

    def test_entries_already_in_the_stream_are_left_there(
        self, transport: Any, stream: str, client: redis.Redis
    ) -> None:
        """What was waiting (a stub's example, an earlier run) cannot pass for the trigger's message."""
        client.xadd(stream, {"body": b'"old"'})
        with transport.capture(Destination(topic=stream), timeout=0.5) as capture:
            client.xadd(stream, {"body": b'"new"'})
            assert [m.body for m in capture] == ["new"]
        assert client.xlen(stream) == 2

    def test_a_stream_that_does_not_exist_yet_is_captured_once_the_trigger_creates_it(
        self, transport: Any, client: redis.Redis
    ) -> None:
        """The provider's XADD creates the stream; the capture sees its first entry."""
        name = f"new-{uuid.uuid4().hex[:8]}"
        with transport.capture(Destination(topic=name), timeout=5) as capture:
            client.xadd(name, {"body": b'"first"'})
            assert capture.next().body == "first"

    def test_nothing_added_names_the_stream_and_the_wait(self, transport: Any, stream: str) -> None:
        """An empty capture is a contract failure saying where it listened and for how long."""
        with (
            transport.capture(Destination(topic=stream), timeout=0.3) as capture,
            pytest.raises(NothingArrived, match=f"Redis stream {stream!r} at 127.0.0.1:[0-9]+ within 0.3 s"),
        ):
            capture.next()

    def test_the_body_field_can_be_named_in_the_url(self, redis_url: str, stream: str, client: redis.Redis) -> None:
        """``?body_field=payload`` for apps whose entries keep the message elsewhere."""
        with (
            open_transport(f"{redis_url}/{stream}?body_field=payload") as transport,
            transport.capture(timeout=5) as capture,
        ):
            client.xadd(stream, {"payload": b"hello", "contentType": "text/plain"})
            message = capture.next()
        assert message.body == "hello"
        assert "payload" not in message.metadata


class TestPublish:
    def test_metadata_becomes_fields_and_round_trips(self, transport: Any, stream: str, client: redis.Redis) -> None:
        """The contract's metadata is the entry's fields; non-text values travel as JSON text."""
        metadata = {"eventType": "UserCreated", "version": 2, "stream": "ignored-here"}
        with transport.capture(Destination(topic=stream), timeout=5) as capture:
            where = transport.publish(Message(body={"id": 1}, metadata=metadata), Destination(topic=stream))
            message = capture.next()
        assert where.startswith(f"Redis stream {stream!r} at 127.0.0.1:")
        assert message.body == {"id": 1}
        assert message.metadata["eventType"] == "UserCreated"
        assert message.metadata["version"] == "2"
        assert message.metadata["contentType"] == "application/json"
        assert message.metadata["stream"] == stream
        fields = client.xrange(stream)[-1][1]
        assert json.loads(fields[b"body"]) == {"id": 1}

    def test_the_stream_can_come_from_the_url_path_or_the_metadata(self, redis_url: str, stream: str) -> None:
        """``redis://HOST:PORT/STREAM`` names it; without it, the contract's ``stream`` metadata does."""
        with open_transport(f"{redis_url}/{stream}") as transport, transport.capture(timeout=5) as capture:
            transport.publish(Message(body="hi", content_type="text/plain"))
            assert capture.next().body == "hi"
        with open_transport(redis_url) as transport, transport.capture(Destination(topic=stream), timeout=5) as capture:
            transport.publish(Message(body="there", content_type="text/plain", metadata={"stream": stream}))
            assert capture.next().body == "there"

    def test_a_missing_stream_is_a_configuration_error_and_nothing_is_added(
        self, transport: Any, client: redis.Redis
    ) -> None:
        """pactspec does not create streams: a misspelt name stops delivery (exit 2) instead of feeding no one."""
        with pytest.raises(ConfigurationError, match="there is no Redis stream 'absent-stream'.*MKSTREAM"):
            transport.publish(Message(body={}), Destination(topic="absent-stream"))
        assert not client.exists("absent-stream")

    def test_no_stream_anywhere_is_an_input_error(self, transport: Any) -> None:
        """Neither the URL nor the contract names a stream: one sentence saying where to name it."""
        with pytest.raises(InputError, match="no Redis stream to publish the message to"):
            transport.publish(Message(body={}))


class TestOpening:
    def test_a_redis_that_does_not_answer_is_said_once_when_opening(self) -> None:
        """Nothing listening: opening fails (exit 2 in the CLI) before anything is published."""
        with pytest.raises(TransportUnreachable, match=r"cannot connect to Redis at redis://127.0.0.1:\d+/users \(.+\); is it"):
            open_transport(f"redis://127.0.0.1:{free_port()}/users")


class TestCommandLine:
    """``pactspec stub``: one sentence and exit 2, before anything is added, for input that cannot work."""

    @pytest.fixture
    def pacts(self, tmp_path: Path) -> Path:
        write_pact(tmp_path, [message("a user created event", {"id": 127}, {"stream": "users"})])
        return tmp_path

    def _stub(self, pacts: Path, url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
        code = main(["stub", "--pacts", str(pacts), "--to", url])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, err.strip()

    def test_a_server_that_does_not_answer(self, pacts: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Nothing listening on the port: exit 2, one line naming the URL."""
        code, err = self._stub(pacts, f"redis://127.0.0.1:{free_port()}", capsys)
        assert code == 2
        assert len(err.splitlines()) == 1 and "cannot connect to Redis at redis://127.0.0.1:" in err

    def test_a_missing_stream(self, pacts: Path, redis_url: str, capsys: pytest.CaptureFixture[str],
                              client: redis.Redis) -> None:
        """The contract's stream does not exist: exit 2, and no stream is created."""
        client.delete("users")
        code, err = self._stub(pacts, redis_url, capsys)
        assert code == 2
        assert len(err.splitlines()) == 1 and "there is no Redis stream 'users'" in err
        assert not client.exists("users")

    def test_an_unknown_scheme(self, pacts: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A scheme no transport has: exit 2, naming the schemes there are, redis among them."""
        code, err = self._stub(pacts, "redis-streams://127.0.0.1:6379/users", capsys)
        assert code == 2
        assert "no transport for the scheme 'redis-streams'" in err and "redis" in err
