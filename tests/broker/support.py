"""Shared helpers for the Pact Broker client tests: the reference material and the strict ``pact mock``.

The Pact Broker's reference material is read from ``$PACTSPEC_BROKER_REFERENCE`` or
``<repo>/../shared/broker`` (see its README), never copied into the repository. The official mock
server (``pact mock``, from ``pact-python-cli``) is started once per test session::

    from tests.broker.support import pact_mock  # noqa: F401  (a pytest fixture)
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.services import _wait_for_port, free_port, unavailable

REPO = Path(__file__).resolve().parent.parent.parent
CLIENT_PACT = "pact_broker-client/Pact Broker Client V2-Pact Broker.json"
PACT_CLI_INSTALL = "pip install 'pact-python-cli==1!0.10.9'"
ENV = {**os.environ, "PACT_DO_NOT_TRACK": "true"}


def broker_reference() -> Path:
    """The folder of the Pact Broker reference material; fails the test with the way to get it."""
    folder = Path(os.environ.get("PACTSPEC_BROKER_REFERENCE") or REPO.parent / "shared" / "broker")
    if not (folder / CLIENT_PACT).is_file():
        pytest.fail(f"the Pact Broker reference material is not at {folder}; set PACTSPEC_BROKER_REFERENCE to a "
                    "copy of ../shared/broker, or run `make unit` (.ci/broker_reference.py fetches the pinned "
                    "upstream commits)", pytrace=False)
    return folder


def conformance_fixture(name: str) -> dict[str, Any]:
    """A fixture of the Pact compatibility suite (its folder is found as tests/conformance.py does)."""
    from tests.conformance import conformance_dir

    path = conformance_dir() / "pact-compatibility-suite" / "fixtures" / name
    return json.loads(path.read_text())


def client_contract() -> dict[str, Any]:
    """The Pact Broker client's own contract (pact spec 2), which the Pact Broker's CI verifies."""
    return json.loads((broker_reference() / CLIENT_PACT).read_text())


def interaction(pact: dict[str, Any], description: str, state: str | None = None) -> dict[str, Any]:
    """A copy of the one interaction with that description and provider state."""
    found = [i for i in pact["interactions"] if i["description"] == description and i.get("providerState") == state]
    assert len(found) == 1, f"{len(found)} interactions {description!r} / {state!r} in the broker client pact"
    return copy.deepcopy(found[0])


def with_interactions(pact: dict[str, Any], interactions: list[dict[str, Any]]) -> dict[str, Any]:
    served = {key: value for key, value in pact.items() if key != "interactions"}
    served["interactions"] = interactions
    return served


def pact_cli() -> str:
    """The official ``pact`` binary of pact-python-cli, next to this Python or on PATH."""
    beside = Path(sys.executable).parent / "pact"
    found = str(beside) if beside.exists() else shutil.which("pact")
    if found is None:
        unavailable(f"the Pact reference CLI is not installed: {PACT_CLI_INSTALL}")
    return str(found)


class PactMock:
    """The official strict mock server: one master process, one mock server per served pact."""

    def __init__(self, binary: str, folder: Path) -> None:
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = open(self.folder / "master.log", "wb")  # noqa: SIM115 - kept open for the server's life
        self.process = subprocess.Popen(
            [self.binary, "mock", "start", "-p", str(self.port), "-h", "127.0.0.1", "-o", str(self.folder / "out")],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=ENV, start_new_session=True)
        log.close()
        if not _wait_for_port(self.port, 15):
            self.stop()
            unavailable(f"pact mock did not listen on 127.0.0.1:{self.port} within 15 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def _cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.binary, "mock", *args, "-p", str(self.port), "-h", "127.0.0.1"],
                              capture_output=True, text=True, timeout=60, env=ENV, check=False)

    @contextlib.contextmanager
    def serve(self, pact: dict[str, Any]) -> Iterator[str]:
        """Serve ``pact``; yields its URL, then fails the test unless exactly its requests were made."""
        path = Path(tempfile.mkstemp(suffix=".json", dir=self.folder)[1])
        path.write_text(json.dumps(pact))
        created = self._cli("create", "-f", str(path))
        found = re.search(r"started on port (\d+)", created.stdout + created.stderr)
        if created.returncode != 0 or not found:
            pytest.fail(f"pact mock create failed: {created.stdout}{created.stderr}", pytrace=False)
        port = found.group(1)
        try:
            yield f"http://127.0.0.1:{port}"
            checked = self._cli("verify", "-m", port)
            if checked.returncode != 0:
                pytest.fail(f"the Pact mock server saw other requests than the contract's:\n{checked.stdout}"
                            f"{checked.stderr}", pytrace=False)
        finally:
            self._cli("shutdown", "-m", port)


@pytest.fixture(scope="session")
def pact_mock() -> Iterator[PactMock]:
    """The official strict ``pact mock`` master server, started once for the test session."""
    mock = PactMock(pact_cli(), Path(tempfile.mkdtemp(prefix="pactspec-pact-mock-")))
    mock.start()
    try:
        yield mock
    finally:
        mock.stop()
        shutil.rmtree(mock.folder, ignore_errors=True)
