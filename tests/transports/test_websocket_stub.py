"""The WebSocket stub server (:mod:`pactspec.transports._websocket_stub`) and ``pactspec stub --to ws://…``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosedError, InvalidStatus
from websockets.sync.client import connect

from pactspec.cli import main
from pactspec.errors import InputError
from pactspec.stub import serve_pacts
from tests.transport_pacts import write_pact
from tests.transports.test_websocket import USER_CREATED, USER_LOOKUP

REPO = Path(__file__).resolve().parents[2]
ORDER_PAID: dict[str, Any] = {
    "type": "Asynchronous/Messages",
    "description": "an order paid event",
    "contents": {"contentType": "application/json", "encoded": False, "content": {"order": "x"}},
    "metadata": {"contentType": "application/json", "path": "/orders"},
    "generators": {"body": {"$.order": {"type": "Uuid"}}},
}


@pytest.fixture
def pacts(tmp_path: Path) -> Path:
    folder = tmp_path / "pacts"
    write_pact(folder, [USER_CREATED, USER_LOOKUP, ORDER_PAID], consumer="user-feed", provider="user-events")
    return folder


def client(url: str, path: str = "/users", subprotocol: str | None = "users.v1") -> Any:
    base = url.split("://", 1)[1].split("/", 1)[0]
    return connect(f"ws://{base}{path}", subprotocols=[subprotocol] if subprotocol else None,  # type: ignore[list-item]
                   open_timeout=5)


class TestServer:
    def test_a_client_gets_the_examples_for_its_path_and_its_request_answered(self, pacts: Path) -> None:
        """On /users the client gets the user event (not /orders' event) and the lookup's response; it is served."""
        with serve_pacts([pacts], "ws://127.0.0.1:0/") as stub, client(stub.url) as ws:
            assert json.loads(ws.recv(timeout=5)) == {"id": 127, "name": "Ada"}
            assert stub.served() == 0  # the lookup is still to be answered
            ws.send(json.dumps({"lookup": 127}))
            assert json.loads(ws.recv(timeout=5)) == {"id": 127, "name": "Ada"}
            assert stub.wait_for_clients(1, 5)

    def test_each_request_gets_the_responses_of_the_contract_it_matches(self, tmp_path: Path) -> None:
        """Two synchronous contracts: a lookup by id and a search by name each get their own answer."""
        search = {
            "type": "Synchronous/Messages",
            "description": "a user search",
            "request": {"contents": {"contentType": "application/json", "encoded": False, "content": {"search": "Ada"}}},
            "response": [{"contents": {"contentType": "application/json", "encoded": False, "content": {"ids": [127]}}},
                         {"contents": {"contentType": "text/plain", "encoded": False, "content": "end"}}],
        }
        write_pact(tmp_path / "sync", [USER_LOOKUP, search], consumer="user-feed", provider="user-events")
        with serve_pacts([tmp_path / "sync"], "ws://127.0.0.1:0/users") as stub, client(stub.url) as ws:
            ws.send(json.dumps({"search": "Ada"}))
            assert (json.loads(ws.recv(timeout=5)), ws.recv(timeout=5)) == ({"ids": [127]}, "end")
            ws.send(json.dumps({"lookup": 42}))  # the contract's rule: any integer
            assert json.loads(ws.recv(timeout=5)) == {"id": 127, "name": "Ada"}
            assert stub.wait_for_clients(1, 5)

    def test_generators_are_applied_to_the_examples(self, pacts: Path) -> None:
        """A UUID generator gives the client a fresh UUID instead of the example's 'x'."""
        with serve_pacts([pacts], "ws://127.0.0.1:0/", description="order") as stub, \
                client(stub.url, "/orders", None) as ws:
            uuid.UUID(json.loads(ws.recv(timeout=5))["order"])
            assert stub.wait_for_clients(1, 5)

    def test_a_request_no_contract_matches_closes_the_connection(self, pacts: Path) -> None:
        """The consumer learns at once (close code 1008) that the stub has no answer for its request."""
        with serve_pacts([pacts], "ws://127.0.0.1:0/users", description="user") as stub, client(stub.url) as ws:
            ws.recv(timeout=5)
            ws.send(json.dumps({"lookup": "Ada"}))
            with pytest.raises(ConnectionClosedError) as closed:
                ws.recv(timeout=5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
        assert stub.served() == 0

    def test_a_client_on_another_path_is_refused(self, pacts: Path) -> None:
        """A stub at /users answers a handshake on /orders with HTTP 404."""
        with serve_pacts([pacts], "ws://127.0.0.1:0/users", description="user") as stub, \
                pytest.raises(InvalidStatus) as refused:
            client(stub.url, "/orders")
        assert refused.value.response.status_code == 404

    def test_a_message_for_a_path_the_stub_never_serves_is_bad_input(self, pacts: Path) -> None:
        """The /orders event could never reach a client of a stub at /users: one sentence, before listening."""
        with pytest.raises(InputError, match="'an order paid event' .* is for the path '/orders', which a stub at "
                                             "/users never serves; serve at ws://127.0.0.1:0/"):
            serve_pacts([pacts], "ws://127.0.0.1:0/users")

    def test_a_client_without_the_contracts_subprotocol_is_refused(self, pacts: Path) -> None:
        """The contracts speak users.v1: a client offering no subprotocol fails its handshake, as on the real server."""
        with serve_pacts([pacts], "ws://127.0.0.1:0/users", description="user") as stub, pytest.raises(InvalidStatus):
            client(stub.url, subprotocol=None)

    def test_port_0_listens_on_a_port_the_system_chose(self, pacts: Path) -> None:
        """The stub's URL names the port it really listens on, not 0 and not the default 80."""
        with serve_pacts([pacts], "ws://127.0.0.1:0/users", description="user") as stub:
            port = int(stub.url.split(":")[2].split("/")[0])
            assert port not in (0, 80)
            with client(stub.url) as ws:
                assert ws.subprotocol == "users.v1"

    def test_a_message_that_cannot_go_as_its_frame_is_refused_before_listening(self, tmp_path: Path) -> None:
        """A contract whose frame metadata is neither text nor binary is bad input at start, not in a client's thread."""
        bad = {**ORDER_PAID, "metadata": {"contentType": "application/json", "frame": "json"}}
        write_pact(tmp_path / "bad", [bad])
        with pytest.raises(InputError, match="metadata frame must be 'text' or 'binary', not 'json'"):
            serve_pacts([tmp_path / "bad"], "ws://127.0.0.1:0/")

    def test_wss_cannot_be_served(self, pacts: Path) -> None:
        """The stub has no certificate: wss:// is one sentence naming ws://."""
        with pytest.raises(InputError, match="serves ws:// only"):
            serve_pacts([pacts], "wss://127.0.0.1:0/users")


def stub_command(pacts: Path, *options: str) -> subprocess.Popen[str]:
    """``pactspec stub`` in a subprocess, as a user runs it; its first line says where it listens."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "pactspec", "stub", "--pacts", str(pacts), *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def listening_url(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("serving on ws://"), first + (process.stderr.read() if process.stderr else "")
    return first.split()[2]


class TestStubCommand:
    def test_stops_once_its_clients_are_served(self, pacts: Path) -> None:
        """--clients 1: the stub exits 0 after one client got every message, and says so."""
        process = stub_command(pacts, "--description", "user", "--to", "ws://127.0.0.1:0/users", "--wait", "20")
        with client(listening_url(process)) as ws:
            ws.recv(timeout=5)
            ws.send(json.dumps({"lookup": 127}))
            ws.recv(timeout=5)
        out, err = process.communicate(timeout=20)
        assert process.returncode == 0, err
        assert "delivered 'a user created event' (user-feed → user-events," in out
        assert "answered 'a user lookup'" in out
        assert out.rstrip().endswith("stopped: every message was delivered to 1 client")

    def test_stops_when_the_wait_passes(self, pacts: Path) -> None:
        """No client within --wait: exit 1 and a line saying the wait passed."""
        process = stub_command(pacts, "--description", "user", "--to", "ws://127.0.0.1:0/users", "--wait", "0.5")
        out, _ = process.communicate(timeout=20)
        assert process.returncode == 1
        assert out.rstrip().endswith("stopped: --wait 0.5 s passed; 0 of 1 client got every message")

    @pytest.mark.parametrize(
        ("signum", "code", "words"),
        [(signal.SIGTERM, 1, "stopped: terminated (SIGTERM); 0 of 2 clients got every message"),
         (signal.SIGINT, 1, "stopped: interrupted (Ctrl-C); 0 of 2 clients got every message")],
        ids=["sigterm", "ctrl-c"],
    )
    def test_stops_on_a_signal_and_says_which(self, pacts: Path, signum: int, code: int, words: str) -> None:
        """SIGTERM and Ctrl-C stop the server before its clients came: exit 1 and a line naming the signal."""
        process = stub_command(pacts, "--description", "user", "--to", "ws://127.0.0.1:0/users", "--clients", "2")
        listening_url(process)
        process.send_signal(signum)
        out, err = process.communicate(timeout=20)
        assert process.returncode == code, err
        assert words in out and "Traceback" not in err

    def test_options_for_a_server_are_refused_for_a_delivery(self, pacts: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--clients with an amqp:// URL is bad input, exit 2, before anything is opened."""
        code = main(["stub", "--pacts", str(pacts), "--to", "amqp://127.0.0.1:1/", "--clients", "2"])
        assert code == 2
        assert "--clients is for a stub server (ws://)" in capsys.readouterr().err

    def test_a_port_in_use_is_one_sentence(self, pacts: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A stub that cannot listen says where and what to do, exit 2."""
        with serve_pacts([pacts], "ws://127.0.0.1:0/users", description="user") as stub:
            code = main(["stub", "--pacts", str(pacts), "--description", "user", "--to", stub.url, "--wait", "1"])
        err = capsys.readouterr().err
        assert code == 2
        assert "the WebSocket stub cannot listen on 127.0.0.1:" in err and "choose another port" in err
