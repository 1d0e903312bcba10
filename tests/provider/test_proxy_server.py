"""The message-proxy protocol: MessageProxy (server) and ProxyBackend (client) over real HTTP."""

from __future__ import annotations

import base64
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from pactspec.errors import ProducerError, StateSetupError
from pactspec.model import (
    AsynchronousMessage,
    Message,
    MessageContents,
    ProviderState,
    SynchronousMessage,
)
from pactspec.provider._proxy_client import ProxyBackend
from pactspec.provider._proxy_protocol import METADATA_HEADER
from pactspec.provider._proxy_server import MessageProxy
from pactspec.provider._registry import Provider


def post(url: str, payload: Any) -> tuple[int, bytes, Any]:
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers


@pytest.fixture
def log() -> list[str]:
    return []


@pytest.fixture
def provider(log: list[str]) -> Provider:
    provider = Provider(sources=("test app",))

    @provider.provider_state("User exists")
    def user_exists(id: int):
        log.append(f"setup {id}")
        yield {"name": f"user-{id}"}
        log.append(f"teardown {id}")

    @provider.provider_state("Broken state")
    def broken():
        raise RuntimeError("no database")

    @provider.producer("a user event")
    def user_event(context):
        return Message({"id": context.get("id"), "name": context.get("name")},
                       metadata={"topic": "users", "version": 2})

    @provider.producer("a text event")
    def text_event():
        return Message("hello", content_type="text/plain")

    @provider.producer("an image")
    def image():
        return Message(b"\x89PNG\r\n\x1a\n", content_type="image/png")

    @provider.producer("a failing producer")
    def failing():
        raise ValueError("boom")

    @provider.producer("a query")
    def query(request: Message):
        return {"answer": request.body["question"] * 2}

    return provider


@pytest.fixture
def proxy(provider: Provider) -> Iterator[MessageProxy]:
    with MessageProxy(provider) as running:
        yield running


class TestServer:
    def test_binds_to_loopback_on_a_free_port(self, proxy: MessageProxy) -> None:
        assert proxy.host == "127.0.0.1" and proxy.port > 0
        assert proxy.message_url == f"http://127.0.0.1:{proxy.port}/_pact/message"

    def test_message_answer_carries_body_content_type_and_metadata_header(self, proxy: MessageProxy) -> None:
        """The body is the message; metadata travels base64(JSON) in Pact-Message-Metadata."""
        status, body, headers = post(proxy.message_url, {"description": "a user event",
                                                          "providerStates": [{"name": "User exists",
                                                                              "params": {"id": 7}}]})
        assert status == 200
        assert json.loads(body) == {"id": 7, "name": None}
        assert headers["Content-Type"] == "application/json"
        assert json.loads(base64.b64decode(headers[METADATA_HEADER])) == {
            "topic": "users", "version": 2, "contentType": "application/json", "Content-Type": "application/json"}

    def test_state_setup_values_reach_the_producer_and_teardown_runs(self, proxy: MessageProxy,
                                                                      log: list[str]) -> None:
        """Setup answers the handler's values; the message sees them; teardown runs the code after yield."""
        state = {"state": "User exists", "params": {"id": 5}, "action": "setup"}
        status, body, _ = post(proxy.state_url, state)
        assert (status, json.loads(body)) == (200, {"name": "user-5"})
        _, body, _ = post(proxy.message_url, {"description": "a user event",
                                               "providerStates": [{"name": "User exists", "params": {"id": 5}}]})
        assert json.loads(body) == {"id": 5, "name": "user-5"}
        assert post(proxy.state_url, {**state, "action": "teardown"})[0] == 200
        assert log == ["setup 5", "teardown 5"]

    def test_state_change_as_query_parameters(self, proxy: MessageProxy, log: list[str]) -> None:
        status, _, _ = post(proxy.state_url + "?state=User+exists&action=setup&id=3", b"")
        assert status == 200 and log == ["setup 3"]

    def test_pending_teardowns_run_when_the_server_stops(self, provider: Provider, log: list[str]) -> None:
        """A verifier that never sends teardown still gets the states torn down at shutdown."""
        with MessageProxy(provider) as running:
            post(running.state_url, {"state": "User exists", "params": {"id": 1}, "action": "setup"})
        assert log == ["setup 1", "teardown 1"]

    def test_a_failing_teardown_at_shutdown_is_printed(self, capsys: pytest.CaptureFixture[str]) -> None:
        provider = Provider()

        @provider.provider_state("a locked table")
        def locked():
            yield
            raise OSError("the lock is held")

        with MessageProxy(provider) as running:
            post(running.state_url, {"state": "a locked table", "action": "setup"})
        line = locked.__code__.co_firstlineno + 3  # the decorator line, def, yield, raise
        assert capsys.readouterr().err == ("pactspec serve: the teardown of provider state 'a locked table' raised "
                                           f"OSError: the lock is held (raised at tests/provider/test_proxy_server.py:{line} in locked)\n")

    def test_verbose_logs_the_producers_traceback(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With verbose on, a raising producer's 422 is also logged with the user's traceback and raised-at."""
        provider = Provider()

        @provider.producer("a failing event")
        def failing():
            raise RuntimeError("boom")

        with MessageProxy(provider, verbose=True) as running:
            status, body, _ = post(running.message_url, {"description": "a failing event"})
        assert status == 422
        assert json.loads(body)["error"].startswith(
            "the producer of 'a failing event' raised RuntimeError: boom (raised at tests/provider/test_proxy_server.py:")
        err = capsys.readouterr().err
        assert "pactspec serve: the producer of 'a failing event' raised RuntimeError: boom (raised at" in err
        assert "Traceback (most recent call last):" in err and 'raise RuntimeError("boom")' in err

    def test_a_producer_signature_that_cannot_be_called_is_a_422_naming_it(self) -> None:
        """The producer is not called; the answer says which signatures work."""
        provider = Provider()

        @provider.producer("m")
        def make(a, b):
            raise AssertionError("never called")

        with MessageProxy(provider) as running:
            status, body, _ = post(running.message_url, {"description": "m"})
        assert status == 422
        assert "cannot be called (nothing is given to its parameter 'b')" in json.loads(body)["error"]

    def test_several_responses_send_the_first_and_say_so(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The protocol carries one response; a list sends its first item, and verbose mode says so."""
        provider = Provider()

        @provider.producer("a question")
        def answer(req):
            return [{"n": 1}, {"n": 2}]

        with MessageProxy(provider, verbose=True) as running:
            status, body, _ = post(running.message_url, {"description": "a question", "request": {"contents": {}}})
        assert (status, json.loads(body)) == (200, {"n": 1})
        assert "returned 2 responses; the message proxy sends the first only" in capsys.readouterr().err

    def test_text_and_binary_bodies(self, proxy: MessageProxy) -> None:
        status, body, headers = post(proxy.message_url, {"description": "a text event"})
        assert (status, body, headers["Content-Type"]) == (200, b"hello", "text/plain")
        status, body, headers = post(proxy.message_url, {"description": "an image"})
        assert (status, body, headers["Content-Type"]) == (200, b"\x89PNG\r\n\x1a\n", "image/png")
        assert json.loads(base64.b64decode(headers[METADATA_HEADER])) == {
            "contentType": "image/png", "Content-Type": "image/png"}

    def test_an_xml_string_is_sent_as_xml(self) -> None:
        """A producer returning XML text (no declaration) is served as application/xml, as in-process it is read."""
        provider = Provider()

        @provider.producer("an order shipped")
        def shipped():
            return "<shipped><id>1</id></shipped>"

        with MessageProxy(provider) as running:
            status, body, headers = post(running.message_url, {"description": "an order shipped"})
        assert (status, body, headers["Content-Type"]) == (200, b"<shipped><id>1</id></shipped>", "application/xml")

    def test_synchronous_message_gets_the_request(self, proxy: MessageProxy) -> None:
        """A "request" key (V4 contents) makes it a synchronous message."""
        request = {"contents": {"content": {"question": 21}, "contentType": "application/json", "encoded": False}}
        status, body, _ = post(proxy.message_url, {"description": "a query", "request": request})
        assert (status, json.loads(body)) == (200, {"answer": 42})

    @pytest.mark.parametrize(("payload", "status", "text"), [
        ({"description": "nothing like this"}, 404, "no producer for message 'nothing like this'"),
        ({"description": "a failing producer"}, 422, "raised ValueError: boom"),
        ({"providerStates": []}, 400, '"description"'),
        (b"{not json", 400, "not JSON"),
    ])
    def test_message_errors_answer_with_a_reason(self, proxy: MessageProxy, payload: Any, status: int,
                                                 text: str) -> None:
        got, body, _ = post(proxy.message_url, payload)
        assert got == status
        assert text in json.loads(body)["error"]

    @pytest.mark.parametrize(("payload", "status", "text"), [
        ({"state": "Unknown", "action": "setup"}, 404, "no handler for provider state 'Unknown'"),
        ({"state": "Broken state", "action": "setup"}, 422, "raised RuntimeError: no database"),
        ({"state": "User exists", "action": "explode"}, 400, '"action"'),
    ])
    def test_state_errors_answer_with_a_reason(self, proxy: MessageProxy, payload: Any, status: int,
                                               text: str) -> None:
        got, body, _ = post(proxy.state_url, payload)
        assert got == status
        assert text in json.loads(body)["error"]

    def test_a_negative_content_length_is_refused_not_waited_on(self, proxy: MessageProxy) -> None:
        import socket

        with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as client:
            client.sendall(b"POST /_pact/message HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")
            answer = b""
            while b"is negative" not in answer:  # headers and body may arrive in separate packets
                chunk = client.recv(4096)
                if not chunk:
                    break
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 400") and b"is negative" in answer

    def test_other_paths_are_404(self, proxy: MessageProxy) -> None:
        assert post(proxy.base_url + "/elsewhere", {})[0] == 404


def user_event(states: tuple[ProviderState, ...] = ()) -> AsynchronousMessage:
    return AsynchronousMessage("a user event", MessageContents({"id": 1}, "application/json"), states)


class TestClient:
    def test_produce_reads_body_content_type_and_metadata(self, proxy: MessageProxy) -> None:
        """Actual metadata = contentType from the header, updated with the metadata header."""
        backend = ProxyBackend(proxy.message_url)
        [contents] = backend.produce(user_event(), None, {})
        assert contents.body == {"id": None, "name": None}
        assert contents.content_type == "application/json"
        assert contents.metadata == {"contentType": "application/json", "Content-Type": "application/json",
                                     "topic": "users", "version": 2}

    def test_states_go_to_the_state_url_and_are_torn_down(self, proxy: MessageProxy, log: list[str]) -> None:
        backend = ProxyBackend(proxy.message_url, proxy.state_url)
        handle = backend.set_up(ProviderState("User exists", {"id": 4}))
        assert handle.values == {"name": "user-4"}
        [contents] = backend.produce(user_event((ProviderState("User exists", {"id": 4}),)), None, {})
        assert contents.body == {"id": 4, "name": "user-4"}
        handle.teardown()
        assert log == ["setup 4", "teardown 4"]

    def test_without_a_state_url_in_process_handlers_are_used(self, proxy: MessageProxy, provider: Provider,
                                                              log: list[str]) -> None:
        backend = ProxyBackend(proxy.message_url, None, provider)
        handle = backend.set_up(ProviderState("User exists", {"id": 2}))
        handle.teardown()
        assert log == ["setup 2", "teardown 2"]
        assert ProxyBackend(proxy.message_url).set_up(ProviderState("User exists", {"id": 2})) is None
        with pytest.raises(StateSetupError, match=r"no handler for provider state 'Nobody' in the app; add "
                                                  r"@provider_state\('Nobody'\)"):
            backend.set_up(ProviderState("Nobody"))

    def test_synchronous_request_is_sent_in_v4_shape(self, proxy: MessageProxy) -> None:
        backend = ProxyBackend(proxy.message_url)
        interaction = SynchronousMessage("a query", MessageContents({"question": 4}, "application/json"))
        [contents] = backend.produce(interaction, interaction.request, {})
        assert contents.body == {"answer": 8}

    def test_errors_become_producer_and_state_errors(self, proxy: MessageProxy) -> None:
        backend = ProxyBackend(proxy.message_url, proxy.state_url)
        with pytest.raises(ProducerError, match=r"answered 422 for .a failing producer': .*ValueError: boom"):
            backend.produce(AsynchronousMessage("a failing producer"), None, {})
        with pytest.raises(StateSetupError, match="answered 422 to the setup of provider state 'Broken state'"):
            backend.set_up(ProviderState("Broken state"))

    def test_an_unreachable_proxy_says_so(self) -> None:
        with MessageProxy(Provider()) as stopped:
            url = stopped.message_url
        with pytest.raises(ProducerError, match="cannot reach http://127.0.0.1:.* is the producer's message proxy"):
            ProxyBackend(url).produce(user_event(), None, {})

    def test_a_bad_metadata_header_is_reported(self) -> None:
        """A producer in another language that sends garbage metadata gets told what to send."""
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Bad(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header(METADATA_HEADER, "%%%")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Bad)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/_pact/message"
            with pytest.raises(ProducerError, match="header is not base64-encoded JSON"):
                ProxyBackend(url).produce(user_event(), None, {})
        finally:
            server.shutdown()
            thread.join()
            server.server_close()


class TestProtocol:
    """pactspec.provider._proxy_protocol: the wire format both sides share."""

    def test_metadata_header_round_trip(self) -> None:
        """What the server encodes the client decodes, key for key (values JSON cannot hold become text)."""
        from pactspec.provider._proxy_protocol import decode_metadata, encode_metadata

        assert decode_metadata(encode_metadata({"topic": "users", "n": 2, "ok": True})) == {
            "topic": "users", "n": 2, "ok": True}

    @pytest.mark.parametrize(("header", "error", "message"), [
        ("%%%", ValueError, "is not base64-encoded JSON"),
        (base64.b64encode(b"[1]").decode(), TypeError, "must hold a JSON object, got list"),
    ])
    def test_a_bad_header_says_what_to_send(self, header: str, error: type[Exception], message: str) -> None:
        from pactspec.provider._proxy_protocol import decode_metadata

        with pytest.raises(error, match=message):
            decode_metadata(header)

    def test_contents_round_trip_through_the_v4_json(self) -> None:
        """Bytes travel as base64, JSON as JSON, and no body as no body."""
        from pactspec.model import NO_BODY
        from pactspec.provider._proxy_protocol import (
            contents_from_wire,
            contents_to_wire,
        )

        for contents in (MessageContents({"id": 1}, "application/json", {"topic": "t"}),
                         MessageContents(b"\x00\x01", "application/octet-stream"),
                         MessageContents(NO_BODY, None)):
            back = contents_from_wire(json.loads(json.dumps(contents_to_wire(contents))))
            assert (back.body, back.content_type, back.metadata) == (contents.body, contents.content_type,
                                                                     contents.metadata)


def test_a_producer_that_never_returns_answers_422_at_the_timeout() -> None:
    """serve --timeout: a stuck producer is answered with the timeout sentence, and the proxy goes on."""
    release = threading.Event()
    provider = Provider()

    @provider.producer("a stuck event")
    def stuck():
        release.wait()

    provider.producer("a user event")(lambda: {"id": 1})
    proxy = MessageProxy(provider, timeout=0.3)
    try:
        status, body, _, _ = proxy.handle_message({"description": "a stuck event"})
        assert status == 422
        error = json.loads(body)["error"]
        assert error.startswith("the producer of 'a stuck event', ")
        assert "did not return within 0.3 s" in error
        assert proxy.handle_message({"description": "a user event"})[0] == 200
    finally:
        release.set()
