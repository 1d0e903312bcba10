"""Redis, NATS, Mosquitto (MQTT) and ActiveMQ (STOMP) for the tests: one server per session on 127.0.0.1.

Each starts on a free port with every file in a temporary folder and is stopped after the session;
as in :mod:`tests.services`, a server that is missing or can't start fails under ``CI=true`` and
skips with the reason (and the command that installs it) elsewhere::

    from tests.broker_services import redis_url  # noqa: F401  (pytest fixture)
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.services import _wait_for_port, free_port, unavailable


class Server:
    """A server process in its own session and temporary folder; ``stop`` ends it and removes the folder."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.folder = Path(tempfile.mkdtemp(prefix=f"pactspec-{name}-"))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, command: list[str], ready_within: float) -> None:
        log = open(self.folder / "server.out", "wb")  # noqa: SIM115 - kept open for the server's life
        self.process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            cwd=self.folder,
        )
        log.close()
        if not _wait_for_port(self.port, ready_within):
            tail = (self.folder / "server.out").read_text(errors="replace")[-1500:]
            code = self.process.poll()
            self.stop()
            unavailable(
                f"{self.name} did not listen on 127.0.0.1:{self.port} within {ready_within:g} s "
                f"(exit code {code}): {tail}"
            )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


def _binary(name: str, package: str, client: str, extra: str) -> str:
    found = shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if p.exists()), None
    )
    if found is None:
        unavailable(f"{name} is not installed; run: apt-get install -y --no-install-recommends {package}")
    try:
        __import__(client)
    except ImportError:
        unavailable(f"the client {client!r} is not installed; run: pip install 'pactspec-messages[{extra}]'")
    assert found is not None
    return found


# name -> [url, server, how many fixture definitions use it]. Each test module imports the fixtures,
# and pytest makes every import a session fixture of its own: the server is shared and counted, so
# it starts once per session (per xdist worker) and stops when the last of them is torn down.
_SHARED: dict[str, list[Any]] = {}


@contextlib.contextmanager
def _shared(name: str, start: Callable[[], tuple[str, Server]]) -> Iterator[str]:
    if name not in _SHARED:
        url, server = start()
        _SHARED[name] = [url, server, 0]
    entry = _SHARED[name]
    entry[2] += 1
    try:
        yield entry[0]
    finally:
        entry[2] -= 1
        if entry[2] == 0:
            del _SHARED[name]
            entry[1].stop()


def _started(server: Server, command: list[str], ready_within: float, url: str) -> tuple[str, Server]:
    server.start(command, ready_within)  # stops the server and fails (CI) or skips when it isn't ready
    return url, server


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """``redis://127.0.0.1:PORT`` of a redis-server started for this session (no persistence)."""

    def start() -> tuple[str, Server]:
        binary = _binary("redis-server", "redis-server", "redis", "redis")
        server = Server("redis")
        command = [binary, "--bind", "127.0.0.1", "--port", str(server.port), "--save", "", "--appendonly", "no",
                   "--dir", str(server.folder)]
        return _started(server, command, 10, f"redis://127.0.0.1:{server.port}")

    with _shared("redis", start) as url:
        yield url


@pytest.fixture(scope="session")
def nats_url() -> Iterator[str]:
    """``nats://127.0.0.1:PORT`` of a nats-server with JetStream (its store in a temporary folder)."""

    def start() -> tuple[str, Server]:
        binary = _binary("nats-server", "nats-server", "nats", "nats")
        server = Server("nats")
        command = [binary, "-a", "127.0.0.1", "-p", str(server.port), "-js", "-sd", str(server.folder / "js")]
        return _started(server, command, 10, f"nats://127.0.0.1:{server.port}")

    with _shared("nats", start) as url:
        yield url


@pytest.fixture(scope="session")
def mqtt_url() -> Iterator[str]:
    """``mqtt://127.0.0.1:PORT`` of a mosquitto broker (anonymous, loopback only) started for this session."""

    def start() -> tuple[str, Server]:
        binary = _binary("mosquitto", "mosquitto", "paho.mqtt", "mqtt")
        server = Server("mosquitto")
        config = server.folder / "mosquitto.conf"
        config.write_text(f"listener {server.port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
        return _started(server, [binary, "-c", str(config)], 10, f"mqtt://127.0.0.1:{server.port}")

    with _shared("mosquitto", start) as url:
        yield url


ACTIVEMQ_HOME = Path("/usr/share/activemq")
ACTIVEMQ_CONFIG = Path("/etc/activemq/instances-available/main")


@pytest.fixture(scope="session")
def activemq_url() -> Iterator[str]:
    """``stomp://127.0.0.1:PORT`` of an ActiveMQ 5 broker (STOMP only, its files in a temporary folder)."""

    def start() -> tuple[str, Server]:
        java = _binary("java", "activemq", "stomp", "activemq")
        if not (ACTIVEMQ_HOME / "bin" / "activemq.jar").is_file() or not ACTIVEMQ_CONFIG.is_dir():
            unavailable("ActiveMQ is not installed; run: apt-get install -y --no-install-recommends activemq")
        server = Server("activemq")
        conf = server.folder / "conf"
        conf.mkdir()
        for name in ("activemq.xml", "log4j2.properties"):
            shutil.copy(ACTIVEMQ_CONFIG / name, conf / name)
        config = (conf / "activemq.xml").read_text()
        connector = f'<transportConnector name="stomp" uri="stomp://127.0.0.1:{server.port}"/>'
        config = config.replace('<transportConnector name="openwire" uri="tcp://127.0.0.1:61616"/>', connector)
        if connector not in config:
            server.stop()
            unavailable(f"{ACTIVEMQ_CONFIG / 'activemq.xml'} has no openwire connector line to replace with STOMP")
        (conf / "activemq.xml").write_text(config)
        for name in ("data", "tmp"):
            (server.folder / name).mkdir()
        command = [
            java, "-Xms64M", "-Xmx256M", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            f"-Dactivemq.home={ACTIVEMQ_HOME}", f"-Dactivemq.base={server.folder}", f"-Dactivemq.conf={conf}",
            f"-Dactivemq.data={server.folder / 'data'}", f"-Djava.io.tmpdir={server.folder / 'tmp'}",
            "-jar", str(ACTIVEMQ_HOME / "bin" / "activemq.jar"), "start", f"xbean:file:{conf / 'activemq.xml'}",
        ]
        return _started(server, command, 60, f"stomp://127.0.0.1:{server.port}")

    with _shared("activemq", start) as url:
        yield url
