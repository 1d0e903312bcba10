"""Items 2 and 4 of the hostile-input issue: `pactspec serve` under deep input and under load."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.hostile._run import REPO, WALL_LIMIT, limit_memory

APP = '''
from pactspec.provider import producer

@producer("an event")
def event():
    return {"id": 1}

@producer("a deep event")
def deep():
    value = []
    for _ in range(100_000):
        value = [value]
    return {"deep": value}
'''


class Server:
    """A running `pactspec serve` subprocess (memory-limited) and its stderr so far."""

    def __init__(self, proc: subprocess.Popen[str], port: int) -> None:
        self.proc, self.port = proc, port

    def post(self, path: str, body: bytes, timeout: float = 20.0) -> tuple[int, dict[str, Any]]:
        """POST ``body``; the status and the JSON answer."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("POST", path, body, {"Content-Type": "application/json", "Connection": "close"})
            answer = connection.getresponse()
            return answer.status, json.loads(answer.read() or b"{}")
        finally:
            connection.close()

    def stop(self) -> str:
        """SIGTERM; the server must end promptly (exit 0); its stderr is returned."""
        self.proc.send_signal(signal.SIGTERM)
        _, err = self.proc.communicate(timeout=WALL_LIMIT)
        assert self.proc.returncode == 0, err
        return err


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """`pactspec serve` on a free port, with the producers of APP."""
    (tmp_path / "deep_app.py").write_text(APP)
    # RLIMIT_AS counts reserved address space, and glibc reserves 64 MB for each thread's malloc arena
    # (up to 8 per core): two arenas keep 32 worker threads inside the 1 GiB limit.
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{tmp_path}", "PACT_DO_NOT_TRACK": "true",
           "MALLOC_ARENA_MAX": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "pactspec", "serve", "--app", "deep_app", "--port", "0"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=limit_memory)  # noqa: PLW1509 - the limits must be set in the child
    assert proc.stdout is not None
    line = proc.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    assert found, line + (proc.stderr.read() if proc.stderr else "")
    serving = Server(proc, int(found.group(1)))
    try:
        yield serving
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def test_a_request_100k_deep_gets_a_sentence(server: Server) -> None:
    """A request body nested 100,000 levels deep is answered 400 with the depth limit; no server traceback."""
    status, answer = server.post("/_pact/message", b'{"description": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    assert status == 400 and "limit of 100" in answer["error"]
    assert server.post("/_pact/message", json.dumps({"description": "an event"}).encode())[0] == 200  # still up
    assert "Traceback" not in server.stop()


def test_a_producer_answer_100k_deep_gets_a_sentence(server: Server) -> None:
    """A producer answering a body 100,000 levels deep gives the verifier a sentence with the limit."""
    status, answer = server.post("/_pact/message", json.dumps({"description": "a deep event"}).encode())
    assert status == 422 and "100,002 levels," in answer["error"] and "limit of 100" in answer["error"]
    assert "Traceback" not in server.stop()


def test_200_concurrent_requests_get_200_answers(server: Server) -> None:
    """200 requests sent at once on loopback all get an answer (backlog 128, a bounded worker pool)."""
    body = json.dumps({"description": "an event"}).encode()
    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(lambda _: server.post("/_pact/message", body)[0], range(200)))
    assert statuses == [200] * 200
    assert "Traceback" not in server.stop()


def test_clients_that_hang_up_early_leave_no_traceback(server: Server) -> None:
    """Clients that send a request and disconnect at once, and idle ones, leave no traceback and no stall."""
    request = b"POST /_pact/message HTTP/1.1\r\nHost: x\r\nContent-Length: 26\r\n\r\n" + b'{"description": "an event"}'[:26]
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(50)]
    for _ in range(50):
        with socket.create_connection(("127.0.0.1", server.port)) as early:
            early.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            early.sendall(request)
    started = time.monotonic()
    assert server.post("/_pact/message", json.dumps({"description": "an event"}).encode())[0] == 200
    assert time.monotonic() - started < WALL_LIMIT
    for connection in idle:
        connection.close()
    assert "Traceback" not in server.stop()


def test_sigterm_ends_serve_promptly_with_idle_connections_open(server: Server) -> None:
    """SIGTERM with 100 idle connections open ends serve (exit 0) well before their idle timeout."""
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(100)]
    time.sleep(0.5)  # let the workers take them
    started = time.monotonic()
    assert "Traceback" not in server.stop()
    assert time.monotonic() - started < 6
    for connection in idle:
        connection.close()
