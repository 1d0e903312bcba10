"""Synchronous messages over request/reply: the stub answers requests, capture verification sends the contract's.

Against real servers: NATS request/reply, ActiveMQ (STOMP ``reply-to``) and mosquitto (MQTT 5
response topic). Each stub is asked by the server's own client library, not by pactspec.
"""
# ruff: noqa: F811  (pytest fixtures imported from tests.broker_services)

from __future__ import annotations

import asyncio
import itertools
import json
import queue
import textwrap
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from pactspec.capture import verify_by_capture
from pactspec.errors import InputError
from pactspec.model import Message, MessageContents
from pactspec.report import format_console
from pactspec.transports import Destination, register_transport
from pactspec.transports._answer import StubAnswer, answer_pacts, answering
from pactspec.transports._base import Closing
from tests.broker_services import activemq_url, mqtt_url, nats_url  # noqa: F401  (fixtures)
from tests.transport_pacts import write_pact

LOOKUP: dict[str, Any] = {
    "type": "Synchronous/Messages",
    "description": "a user lookup",
    "providerStates": [{"name": "User 127 exists", "params": {"id": 127}}],
    "request": {
        "contents": {"contentType": "application/json", "encoded": False, "content": {"id": 127}},
        "matchingRules": {"body": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}}},
    },
    "response": [{
        "contents": {"contentType": "application/json", "encoded": False, "content": {"id": 127, "name": "Ada"}},
        "matchingRules": {"body": {"$.name": {"combine": "AND", "matchers": [{"match": "type"}]}}},
    }],
}
_MODULES = itertools.count()


def _answer(request: Any, response: Any) -> StubAnswer:
    return StubAnswer("pact.json", "web", "users", "a lookup", MessageContents(body=request, content_type="application/json"),
                      MessageContents(body=response, content_type="application/json"))


class TestAnswering:
    def test_the_first_contract_whose_request_matches_answers(self) -> None:
        """Requests are told apart by their bodies; the response comes with its content type."""
        answer = answering([_answer({"id": 1}, {"name": "one"}), _answer({"id": 2}, {"name": "two"})])
        reply = answer(Message(body={"id": 2}, content_type="application/json"))
        assert reply is not None and reply.body == {"name": "two"}
        assert reply.metadata == {"contentType": "application/json"}

    def test_a_request_no_contract_matches_gets_no_answer(self) -> None:
        """No answer rather than a wrong one: the consumer's own time limit reports it."""
        answer = answering([_answer({"id": 1}, {"name": "one"})])
        assert answer(Message(body={"id": 3}, content_type="application/json")) is None

    def test_a_transport_without_request_reply_is_an_input_error(self, tmp_path: Path) -> None:
        """Redis Streams, Kafka and friends have no request/reply here: one sentence naming those that do."""
        closed: list[bool] = []

        class OneWay(Closing):
            url = "oneway://x"
            destination = Destination()
            carries_content_type = False

            def close(self) -> None:
                closed.append(True)

        register_transport("oneway", lambda url, destination: OneWay())  # type: ignore[arg-type,return-value]
        write_pact(tmp_path, [LOOKUP])
        with pytest.raises(InputError, match="oneway:// has no request/reply in pactspec; .* NATS, STOMP"):
            answer_pacts([tmp_path], "oneway://x")
        assert closed == [True]

    def test_pacts_without_synchronous_messages_are_an_input_error(self, tmp_path: Path) -> None:
        """Nothing to answer is said before any transport is opened."""
        write_pact(tmp_path, [])
        with pytest.raises(InputError, match="no synchronous message in"):
            answer_pacts([tmp_path], "nats://127.0.0.1:1")


# --- the consumer's side: pactspec's stub answers a request the server's own client sends ---------

def _nats_request(url: str, where: str, body: bytes) -> tuple[bytes, dict[str, str]]:
    import nats

    async def ask() -> Any:
        connection = await nats.connect(url)
        try:
            return await connection.request(where, body, timeout=5, headers={"Content-Type": "application/json"})
        finally:
            await connection.close()

    reply = asyncio.run(ask())
    return reply.data, dict(reply.headers or {})


def _stomp_request(url: str, where: str, body: bytes) -> tuple[bytes, dict[str, str]]:
    import stomp

    parts = urlsplit(url)
    connection = stomp.Connection([(parts.hostname, parts.port)], auto_decode=False)
    replies: queue.Queue[Any] = queue.Queue()

    class Listener(stomp.ConnectionListener):
        def on_message(self, frame: Any) -> None:
            replies.put(frame)

    connection.set_listener("", Listener())
    connection.connect(wait=True)
    try:
        connection.subscribe("/temp-queue/replies", id="replies", ack="auto")
        connection.send(f"/queue/{where}", body, headers={"content-type": "application/json",
                                                          "reply-to": "/temp-queue/replies", "correlation-id": "c-7"})
        frame = replies.get(timeout=5)
        return frame.body, dict(frame.headers)
    finally:
        connection.disconnect()


def _mqtt_request(url: str, where: str, body: bytes) -> tuple[bytes, dict[str, str]]:
    import threading

    import paho.mqtt.client as mqtt
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    parts = urlsplit(url)
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    replies: queue.Queue[Any] = queue.Queue()
    subscribed = threading.Event()
    client.on_message = lambda _c, _u, msg: replies.put(msg)
    client.on_subscribe = lambda *_: subscribed.set()
    client.connect(parts.hostname or "", parts.port or 1883)
    client.loop_start()
    try:
        client.subscribe("web/replies", qos=1)
        assert subscribed.wait(5)
        properties = Properties(PacketTypes.PUBLISH)
        properties.ResponseTopic = "web/replies"
        properties.CorrelationData = b"c-7"
        properties.ContentType = "application/json"
        client.publish(where, body, qos=1, properties=properties).wait_for_publish(5)
        msg = replies.get(timeout=5)
        return msg.payload, {"correlationData": msg.properties.CorrelationData.decode(),
                             "contentType": msg.properties.ContentType}
    finally:
        client.disconnect()
        client.loop_stop()


TRANSPORTS = {
    # name: (fixture, where the requests go, as a destination, a request sent with the server's own client)
    "nats": ("nats_url", "users.lookup", Destination(topic="users.lookup"), _nats_request),
    "stomp": ("activemq_url", "users.lookup", Destination(queue="users.lookup"), _stomp_request),
    "mqtt": ("mqtt_url", "users/lookup", Destination(topic="users/lookup"), _mqtt_request),
}


@pytest.mark.services
@pytest.mark.parametrize("name", sorted(TRANSPORTS))
def test_the_stub_answers_a_request_with_the_contracts_response(
    name: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The consumer's request (sent by the server's own client) gets the contract's response, correlated."""
    fixture, where, destination, ask = TRANSPORTS[name]
    url = request.getfixturevalue(fixture)
    write_pact(tmp_path, [LOOKUP])
    with answer_pacts([tmp_path], url, destination=destination) as responder:
        assert where in responder.where
        body, headers = ask(url, where, b'{"id": 9}')
    assert json.loads(body) == {"id": 127, "name": "Ada"}
    if name == "stomp":
        assert headers["correlation-id"] == "c-7"
    if name == "mqtt":
        assert headers == {"correlationData": "c-7", "contentType": "application/json"}


# --- the provider's side: capture verification sends the contract's request to the real responder --

NATS_RESPONDER = '''
"""The provider's real responder (nats-py), started by its provider state."""
import asyncio, json, os, threading
import nats
from pactspec.provider import provider_state

USERS = {}

@provider_state("User 127 exists")
def user_exists(id):
    USERS[id] = {"id": id}
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def on_request(msg):
        user = USERS[json.loads(msg.data)["id"]]
        key = os.environ.get("LOOKUP_NAME_KEY", "name")
        await msg.respond(json.dumps({"id": user["id"], key: "Ada"}).encode())

    async def start():
        connection = await nats.connect(os.environ["LOOKUP_URL"])
        await connection.subscribe("users.lookup", cb=on_request)
        await connection.flush()
        return connection

    connection = asyncio.run_coroutine_threadsafe(start(), loop).result(5)
    yield
    asyncio.run_coroutine_threadsafe(connection.close(), loop).result(5)
    loop.call_soon_threadsafe(loop.stop)
    USERS.clear()
'''

PACTSPEC_RESPONDER = '''
"""A responder built on pactspec's own transport, started by the provider state."""
import json, os
from pactspec.model import Message
from pactspec.provider import provider_state
from pactspec.transports import Destination, open_transport

@provider_state("User 127 exists")
def user_exists(id):
    transport = open_transport(os.environ["LOOKUP_URL"])
    place = {"stomp": Destination(queue="users.lookup"), "mqtt": Destination(topic="users/lookup")}
    answer = lambda request: Message({"id": request.body["id"], "name": "Ada"}, {}, "application/json")
    scheme = os.environ["LOOKUP_URL"].split("://", 1)[0]
    with transport, transport.respond(answer, place[scheme]):
        yield
'''


def _app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> str:
    name = f"lookup_responder_{next(_MODULES)}_{uuid.uuid4().hex[:6]}"
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(text))
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


@pytest.mark.services
@pytest.mark.parametrize("name", sorted(TRANSPORTS))
def test_capture_verification_sends_the_request_and_matches_the_reply(
    name: str, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A synchronous message passes when the real responder's reply satisfies the contract's response."""
    fixture, _where, destination, _ask = TRANSPORTS[name]
    url = request.getfixturevalue(fixture)
    monkeypatch.setenv("LOOKUP_URL", url)
    write_pact(tmp_path / "pacts", [LOOKUP], provider="user-service")
    app = _app(tmp_path, monkeypatch, NATS_RESPONDER if name == "nats" else PACTSPEC_RESPONDER)
    result = verify_by_capture([tmp_path / "pacts"], url=url, app=app, source=destination, timeout=5)
    assert result.passed, result


@pytest.mark.services
def test_a_reply_that_breaks_the_contract_fails_with_the_path(
    tmp_path: Path, nats_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The responder renamed a key: the verification names the missing one."""
    monkeypatch.setenv("LOOKUP_URL", nats_url)
    monkeypatch.setenv("LOOKUP_NAME_KEY", "fullName")
    write_pact(tmp_path / "pacts", [LOOKUP], provider="user-service")
    app = _app(tmp_path, monkeypatch, NATS_RESPONDER)
    result = verify_by_capture([tmp_path / "pacts"], url=nats_url, app=app, source=Destination(topic="users.lookup"),
                               timeout=5)
    assert not result.passed
    report = format_console(result)
    assert "$" in report and "following keys: name" in report, report


@pytest.mark.services
def test_no_responder_fails_the_interaction_saying_where_the_request_went(
    tmp_path: Path, nats_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nobody answers on the subject: the interaction fails (it does not hang), naming the subject."""
    write_pact(tmp_path / "pacts", [{**LOOKUP, "providerStates": []}], provider="user-service")
    app = _app(tmp_path, monkeypatch, '"""No responder at all."""\n')
    result = verify_by_capture([tmp_path / "pacts"], url=nats_url, app=app, source=Destination(topic="nobody.here"),
                               timeout=1)
    assert not result.passed
    report = format_console(result)
    assert "the request of 'a user lookup' was sent, but no message arrived on the reply subject of a request to " \
        "NATS subject 'nobody.here'" in report and "no responder is subscribed" in report, report


@pytest.mark.services
def test_the_stub_command_answers_for_the_seconds_given(
    tmp_path: Path, nats_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``pactspec stub --answer 3``: requests get the contract's response meanwhile, then it exits 0."""
    import threading
    import time

    import nats.errors

    from pactspec.cli import main

    write_pact(tmp_path, [LOOKUP])
    codes: list[int] = []
    command = threading.Thread(
        target=lambda: codes.append(main(["stub", "--pacts", str(tmp_path), "--to", f"{nats_url}/users.lookup",
                                          "--answer", "3"]))
    )
    command.start()
    deadline = time.monotonic() + 3
    while True:
        try:
            body, _headers = _nats_request(nats_url, "users.lookup", b'{"id": 5}')
            break
        except nats.errors.NoRespondersError:  # the command is still subscribing
            assert time.monotonic() < deadline
            time.sleep(0.05)
    command.join(timeout=10)
    assert json.loads(body) == {"id": 127, "name": "Ada"}
    assert codes == [0]
    assert "answering requests on NATS subject 'users.lookup' at 127.0.0.1:" in capsys.readouterr().out
