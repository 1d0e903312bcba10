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
from collections.abc import Iterator
from pathlib import Path

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


@contextlib.contextmanager
def _running(server: Server, command: list[str], ready_within: float) -> Iterator[Server]:
    try:
        server.start(command, ready_within)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """``redis://127.0.0.1:PORT`` of a redis-server started for this session (no persistence)."""
    binary = _binary("redis-server", "redis-server", "redis", "redis")
    server = Server("redis")
    command = [binary, "--bind", "127.0.0.1", "--port", str(server.port), "--save", "", "--appendonly", "no",
               "--dir", str(server.folder)]
    with _running(server, command, 10):
        yield f"redis://127.0.0.1:{server.port}"


@pytest.fixture(scope="session")
def nats_url() -> Iterator[str]:
    """``nats://127.0.0.1:PORT`` of a nats-server with JetStream (its store in a temporary folder)."""
    binary = _binary("nats-server", "nats-server", "nats", "nats")
    server = Server("nats")
    command = [binary, "-a", "127.0.0.1", "-p", str(server.port), "-js", "-sd", str(server.folder / "js")]
    with _running(server, command, 10):
        yield f"nats://127.0.0.1:{server.port}"


@pytest.fixture(scope="session")
def mqtt_url() -> Iterator[str]:
    """``mqtt://127.0.0.1:PORT`` of a mosquitto broker (anonymous, loopback only) started for this session."""
    binary = _binary("mosquitto", "mosquitto", "paho.mqtt", "mqtt")
    server = Server("mosquitto")
    config = server.folder / "mosquitto.conf"
    config.write_text(f"listener {server.port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    with _running(server, [binary, "-c", str(config)], 10):
        yield f"mqtt://127.0.0.1:{server.port}"


ACTIVEMQ_HOME = Path("/usr/share/activemq")
ACTIVEMQ_CONFIG = Path("/etc/activemq/instances-available/main")


@pytest.fixture(scope="session")
def activemq_url() -> Iterator[str]:
    """``stomp://127.0.0.1:PORT`` of an ActiveMQ 5 broker (STOMP only, its files in a temporary folder)."""
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
    with _running(server, command, 60):
        yield f"stomp://127.0.0.1:{server.port}"
