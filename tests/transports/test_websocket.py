"""The WebSocket transport (:mod:`pactspec.transports._websocket`): capture verification of a real producer server."""

from __future__ import annotations

import contextlib
import json
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from websockets.exceptions import ConnectionClosed
from websockets.sync.server import serve

from pactspec.cli import main
from pactspec.errors import ConfigurationError, InputError, TransportError, TransportUnreachable
from pactspec.model import Message, MessageContents
from pactspec.transports import _registry, captured_contents, open_transport, verify_by_capture
from pactspec.transports._registry import stub_server_factory
from pactspec.transports._websocket import SETTLE, frame_data, frame_message, offered_subprotocols
from tests import websocket_app
from tests.services import free_port
from tests.transport_pacts import write_pact

APP = "tests.websocket_app"
METADATA = {"contentType": "application/json", "path": "/users", "subprotocol": "users.v1", "frame": "text"}
USER_CREATED: dict[str, Any] = {
    "type": "Asynchronous/Messages",
    "description": "a user created event",
    "providerStates": [{"name": "User 127 exists", "params": {"id": 127}}],
    "contents": {"contentType": "application/json", "encoded": False, "content": {"id": 127, "name": "Ada"}},
    "metadata": METADATA,
    "matchingRules": {"body": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}}},
}
USER_LOOKUP: dict[str, Any] = {
    "type": "Synchronous/Messages",
    "description": "a user lookup",
    "providerStates": [{"name": "User 127 exists", "params": {"id": 127}}],
    "request": {
        "contents": {"contentType": "application/json", "encoded": False, "content": {"lookup": 127}},
        "metadata": {"contentType": "application/json", "path": "/users"},
        "matchingRules": {"body": {"$.lookup": {"combine": "AND", "matchers": [{"match": "integer"}]}}},
    },
    "response": [
        {
            "contents": {"contentType": "application/json", "encoded": False, "content": {"id": 127, "name": "Ada"}},
            "metadata": {"contentType": "application/json", "frame": "text"},
            "matchingRules": {"body": {"$.name": {"combine": "AND", "matchers": [{"match": "type"}]}}},
        }
    ],
}


@pytest.fixture
def server() -> Iterator[websocket_app.UserEventsServer]:
    """The producer's real WebSocket server on a free port, with its settings reset."""
    websocket_app.SETTINGS.update(id_as_text=False, binary=False, push=True, replies=1)
    running = websocket_app.UserEventsServer()
    websocket_app.SERVER["server"] = running
    yield running
    running.stop()
    websocket_app.SERVER.clear()


@pytest.fixture
def pacts(tmp_path: Path) -> Path:
    folder = tmp_path / "pacts"
    write_pact(folder, [USER_CREATED, USER_LOOKUP], consumer="user-feed", provider="user-events")
    return folder


def verify(pacts: Path, url: str, **options: Any) -> Any:
    return verify_by_capture([pacts], url=url, app=APP, timeout=options.pop("timeout", 2.0), **options)


def failures(result: Any) -> list[Any]:
    return [r for _, r in result.interactions if r.failed]


class TestCapture:
    def test_the_real_server_honours_the_pushed_event_and_the_lookup(self, server: Any, pacts: Path) -> None:
        """The pushed event and the reply to the contract's request both match, path, subprotocol and frame too."""
        result = verify(pacts, server.url)
        assert result.exit_code == 0, [(r.description, r.errors, r.mismatches) for _, r in result.interactions]
        assert [(r.description, r.status) for _, r in result.interactions] == [
            ("a user created event", "passed"), ("a user lookup", "passed")
        ]

    def test_a_field_of_the_wrong_type_in_a_pushed_event_is_caught(self, server: Any, pacts: Path) -> None:
        """The id pushed as text fails the contract's integer rule at $.id."""
        websocket_app.SETTINGS["id_as_text"] = True
        result = verify(pacts, server.url)
        [failed] = failures(result)
        assert failed.description == "a user created event"
        assert [m.path for m in failed.mismatches] == ["$.id"]

    def test_a_binary_frame_is_read_as_binary(self, server: Any, pacts: Path) -> None:
        """JSON sent in a binary frame is not the contract's text frame of application/json."""
        websocket_app.SETTINGS["binary"] = True
        result = verify(pacts, server.url)
        [failed] = failures(result)
        text = " ".join(m.message for m in failed.mismatches)
        assert "'frame'" in text and "'binary'" in text

    def test_extra_replies_to_a_request_fail_the_count(self, server: Any, pacts: Path) -> None:
        """Two replies where the contract has one response are reported as a wrong number of responses."""
        websocket_app.SETTINGS["replies"] = 2
        result = verify(pacts, server.url)
        [failed] = failures(result)
        assert failed.description == "a user lookup"
        assert "Expected 1 response message but got 2" in [m.message for m in failed.mismatches]

    def test_nothing_pushed_fails_with_the_endpoint_and_the_wait(self, server: Any, pacts: Path) -> None:
        """A trigger that pushes nothing fails its interaction, naming the endpoint and the wait."""
        websocket_app.SETTINGS["push"] = False
        result = verify(pacts, server.url, timeout=0.3)
        [failed] = failures(result)
        assert "no message arrived on the WebSocket endpoint ws://127.0.0.1:" in " ".join(failed.errors)
        assert "within 0.3 s" in " ".join(failed.errors)

    def test_a_message_sent_on_connecting_is_not_captured(self, server: Any) -> None:
        """Only what arrives after the capture settled counts; an earlier push is counted as left alone."""
        with open_transport(server.url) as transport, transport.capture(timeout=0.3) as capture:
            assert list(capture) == []
            server.push({"id": 1})
            message = capture.next()
        assert message.metadata == {"path": "/users", "frame": "text", "subprotocol": "users.v1"}
        assert json.loads(message.raw or b"") == {"id": 1}


def test_wss_is_captured_over_tls(pacts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """wss:// verifies the server's certificate against the system's trust (here SSL_CERT_FILE) and captures as ws:// does."""
    authority = trustme.CA()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(tls)
    with authority.cert_pem.tempfile() as ca_file:
        monkeypatch.setenv("SSL_CERT_FILE", ca_file)
        websocket_app.SETTINGS.update(id_as_text=False, binary=False, push=True, replies=1)
        running = websocket_app.UserEventsServer(tls)
        websocket_app.SERVER["server"] = running
        try:
            assert running.url.startswith("wss://")
            result = verify(pacts, running.url)
        finally:
            running.stop()
            websocket_app.SERVER.clear()
    assert result.exit_code == 0, [(r.description, r.errors, r.mismatches) for _, r in result.interactions]


def test_an_untrusted_certificate_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wss:// server whose certificate is not trusted cannot be reached, and the sentence says why."""
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    trustme.CA().issue_cert("127.0.0.1").configure_cert(tls)
    running = websocket_app.UserEventsServer(tls)
    try:
        with pytest.raises(TransportUnreachable, match="presented a certificate pactspec cannot trust .unable to get "
                                                       "local issuer certificate.; add its CA"):
            open_transport(running.url)
    finally:
        running.stop()


def plain_server(handler: Any) -> Any:
    """A bare ``websockets`` server on a free port, serving in a thread (stop it with ``shutdown()``)."""
    running = serve(handler, "127.0.0.1", 0)
    threading.Thread(target=running.serve_forever, daemon=True).start()
    return running


class TestConnectionEnds:
    def test_a_server_that_closes_the_connection_is_named_with_its_code(self) -> None:
        """The close code and reason the server sent are in the sentence."""
        def handler(connection: Any) -> None:
            time.sleep(SETTLE * 2)  # after the capture settled
            connection.close(1011, "database down")

        running = plain_server(handler)
        try:
            with open_transport(f"ws://127.0.0.1:{running.socket.getsockname()[1]}/") as transport, \
                    transport.capture(timeout=2) as capture, pytest.raises(TransportError) as closed:
                capture.next()
        finally:
            running.shutdown()
        assert "closed the connection (code 1011: database down) before a message arrived" in str(closed.value)

    def test_a_frame_over_the_size_limit_is_named(self) -> None:
        """A frame larger than the 1 MiB limit ends the connection from pactspec's side, and the sentence says so."""
        def handler(connection: Any) -> None:
            time.sleep(SETTLE * 2)
            with contextlib.suppress(ConnectionClosed):
                connection.send("x" * 2_000_000)

        running = plain_server(handler)
        try:
            with open_transport(f"ws://127.0.0.1:{running.socket.getsockname()[1]}/") as transport, \
                    transport.capture(timeout=2) as capture, pytest.raises(TransportError) as closed:
                capture.next()
        finally:
            running.shutdown()
        assert "pactspec closed the connection to the WebSocket server at ws://127.0.0.1:" in str(closed.value)
        assert "(code 1009: frame exceeds limit of 1048576 bytes)" in str(closed.value)


class TestBadInput:
    @pytest.mark.parametrize(
        ("url", "words"),
        [
            ("ws://127.0.0.1:{free}/users", "cannot connect to a WebSocket server at ws://127.0.0.1:"),
            ("{server}/nowhere?subprotocol=users.v1", "refused the handshake (HTTP 404 Not Found: no such endpoint)"),
            ("{server}/users?subprotocol=users.v2",
             "invalid subprotocol; expected one of users.v1); pactspec offered the subprotocol 'users.v2'"),
            ("{server}/users", "missing subprotocol); pactspec offered no subprotocol"),
        ],
        ids=["unreachable", "http-404", "wrong-subprotocol", "no-subprotocol"],
    )
    def test_capture_exits_2_with_one_sentence(
        self, server: Any, pacts: Path, url: str, words: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An endpoint that doesn't answer or refuses the handshake is bad input: one line, exit 2."""
        base = server.url.split("/users")[0]
        target = url.format(free=free_port(), server=base)
        code = main(["capture", str(pacts), "--app", APP, "--transport", target, "--wait", "1"])
        err = capsys.readouterr().err
        assert code == 2, err
        assert words in err
        assert err.count("\n") == 1 and "Traceback" not in err

    def test_a_server_that_ignores_the_offered_subprotocol_is_refused(self) -> None:
        """A handshake that agrees on no subprotocol though one was offered is not taken for the contract's."""
        plain = plain_server(lambda connection: None)
        try:
            with pytest.raises(TransportUnreachable, match="accepted the connection without a subprotocol"):
                open_transport(f"ws://127.0.0.1:{plain.socket.getsockname()[1]}/?subprotocol=users.v1")
        finally:
            plain.shutdown()


class TestFrames:
    def test_subprotocol_parameters_leave_the_endpoint_url(self) -> None:
        """?subprotocol= (repeated or comma-separated) is pactspec's; other parameters stay the endpoint's."""
        assert offered_subprotocols("ws://h:1/p?token=t&subprotocol=a,b&subprotocol=c") == (
            "ws://h:1/p?token=t", ["a", "b", "c"]
        )

    @pytest.mark.parametrize(
        ("message", "data"),
        [
            (Message({"id": 1}, {}, "application/json"), '{"id":1}'),
            (Message({"id": 1}, {"frame": "binary"}, "application/json"), b'{"id":1}'),
            (Message(b"\x00\x01", {}, "application/octet-stream"), b"\x00\x01"),
            (Message("hi", {}, "text/plain"), "hi"),
        ],
        ids=["json-text", "frame-binary", "octet-stream", "plain-text"],
    )
    def test_a_message_goes_as_text_unless_binary(self, message: Message, data: str | bytes) -> None:
        """The frame follows the 'frame' metadata, else the content type."""
        assert frame_data(message) == data

    def test_a_wrong_frame_value_is_one_sentence(self) -> None:
        """metadata frame must say text or binary."""
        with pytest.raises(InputError, match="metadata frame must be 'text' or 'binary', not 'json'"):
            frame_data(Message({"id": 1}, {"frame": "json"}, "application/json"))

    def test_bytes_that_are_no_text_cannot_go_as_a_text_frame(self) -> None:
        """A text frame must be UTF-8; the error says to write frame: binary."""
        with pytest.raises(InputError, match="write frame: binary"):
            frame_data(Message(b"\xff", {"frame": "text"}, "application/octet-stream"))

    @pytest.mark.parametrize(("content_type", "body"), [
        ("application/json", {"id": 1}), ("text/plain", '{"id": 1}'), ("application/xml", '{"id": 1}'),
    ])
    def test_a_text_frame_is_read_as_the_contracts_content_type(self, content_type: str, body: Any) -> None:
        """The same text frame is JSON for a JSON contract and text for a text contract."""
        expected = MessageContents({"id": 1}, content_type, {})
        contents = captured_contents(frame_message('{"id": 1}', "/p", None), expected, where="w", typed=False)
        assert (contents.body, contents.metadata["contentType"]) == (body, content_type)

    def test_a_binary_frame_is_received_as_octet_stream(self) -> None:
        """Binary frames keep their bytes and are typed application/octet-stream."""
        message = frame_message(b"\x01", "/p", None)
        assert (message.body, message.content_type, message.metadata) == (
            b"\x01", "application/octet-stream", {"path": "/p", "frame": "binary"}
        )


class TestLazyClient:
    def test_the_core_and_the_cli_import_no_websockets(self) -> None:
        """websockets loads only when a ws:// transport or stub is opened."""
        code = (
            "import sys, pactspec, pactspec.transports, pactspec.stub, pactspec.cli, pactspec.cli.commands.stub;"
            "print('websockets' in sys.modules)"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.strip() == "False"

    @pytest.mark.parametrize("open_it", [
        lambda: open_transport("ws://127.0.0.1:1/users"),
        lambda: stub_server_factory("ws://127.0.0.1:0/users"),
    ], ids=["capture", "stub"])
    def test_a_missing_websockets_names_the_extra(self, monkeypatch: pytest.MonkeyPatch, open_it: Any) -> None:
        """Without the library, the hint installs pactspec-messages[websockets]."""
        def missing(name: str) -> None:
            raise ModuleNotFoundError("No module named 'websockets'", name="websockets")

        monkeypatch.setattr(_registry.importlib, "import_module", missing)
        with pytest.raises(ConfigurationError, match=r"run: pip install 'pactspec-messages\[websockets\]'$"):
            open_it()

