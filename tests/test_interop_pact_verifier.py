"""The official Rust verifier (`pact verifier`) verifies a pactspec-written pact against `pactspec serve`."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pactspec.model import (
    AsynchronousMessage,
    MessageContents,
    Pact,
    ProviderState,
    SynchronousMessage,
)
from pactspec.pactfile._files import write_pact
from tests.services import unavailable

pytestmark = pytest.mark.interop

REPO = Path(__file__).resolve().parent.parent
PACT = Path(sys.executable).parent / "pact"

APP = '''
from pactspec.model import Message
from pactspec.provider._registry import producer, provider_state

USERS = {}

@provider_state("User with id 127 exists")
def user_exists(id):
    USERS[id] = {"id": id, "name": "Ann"}
    yield {"id": id}
    USERS.pop(id, None)

@producer("a user created event")
def user_created(context):
    user = USERS[context["id"]]
    return Message({"id": user["id"], "name": user["name"], "tags": ["new"]},
                   metadata={"topic": "users.created"})

@producer("a heartbeat")
def heartbeat():
    return {"alive": True}

@producer("a stock query")
def stock(request):
    return {"sku": request.body["sku"], "quantity": 3}
'''

BROKEN_APP = APP.replace('{"id": user["id"], "name"', '{"id": str(user["id"]), "name"')

RULES = {"body": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]},
                  "$.name": {"combine": "AND", "matchers": [{"match": "type"}]},
                  "$.tags": {"combine": "AND", "matchers": [{"match": "type", "min": 1}]}},
         "metadata": {"topic": {"combine": "AND", "matchers": [{"match": "regex", "regex": "users\\..+"}]}}}


@pytest.fixture(scope="module")
def pact_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A V4 pact with an async message (with a state), one without state, and a synchronous message.

    The first states its content type as ``Content-Type`` metadata, as pactspec consumers may write it.
    """
    pact = Pact("user-service", "user-events", (
        AsynchronousMessage("a user created event",
                            MessageContents({"id": 1, "name": "Bob", "tags": ["x"]}, "application/json",
                                            {"topic": "users.created", "Content-Type": "application/json"},
                                            RULES),
                            (ProviderState("User with id 127 exists", {"id": 127}),)),
        AsynchronousMessage("a heartbeat", MessageContents({"alive": True}, "application/json")),
        SynchronousMessage("a stock query", MessageContents({"sku": "AB-1"}, "application/json"),
                           (MessageContents({"sku": "AB-1", "quantity": 1}, "application/json", {},
                                            {"body": {"$.quantity": {"combine": "AND",
                                                                     "matchers": [{"match": "integer"}]}}}),)),
    ), "4.0")
    return write_pact(pact, tmp_path_factory.mktemp("pacts"))


@contextlib.contextmanager
def serve(tmp_path: Path, source: str) -> Iterator[tuple[subprocess.Popen[str], int]]:
    name = f"interop_app_{os.urandom(4).hex()}"
    (tmp_path / f"{name}.py").write_text(source)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
    server = subprocess.Popen([sys.executable, "-m", "pactspec", "serve", "--app", name, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        banner = server.stdout.readline() if server.stdout else ""
        found = re.search(r"http://127\.0\.0\.1:(\d+)", banner)
        if not found:
            pytest.fail(f"pactspec serve did not start: {banner}{server.stderr.read() if server.stderr else ''}")
        yield server, int(found.group(1))
    finally:
        server.terminate()
        server.wait(timeout=10)
        for stream in (server.stdout, server.stderr):
            if stream:
                stream.close()


def run_verifier(pact_file: Path, port: int, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], dict]:
    if not PACT.exists() and not shutil.which("pact"):
        unavailable("the Pact reference CLI is not installed: pip install 'pact-python-cli==1!0.10.9'")
    report = tmp_path / "pact-verifier.json"
    done = subprocess.run(
        [str(PACT if PACT.exists() else shutil.which("pact")), "verifier", "-f", str(pact_file),
         "-h", "127.0.0.1", "-p", str(port), "--base-path", "/_pact/message",
         "-s", f"http://127.0.0.1:{port}/_pact/state", "--state-change-teardown",
         "-n", "user-events", "-j", str(report)],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PACT_DO_NOT_TRACK": "true"},
    )
    return done, json.loads(report.read_text()) if report.exists() else {}


def test_the_rust_verifier_passes_a_correct_producer(pact_file: Path, tmp_path: Path) -> None:
    with serve(tmp_path, APP) as (_, port):
        done, report = run_verifier(pact_file, port, tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert report.get("result") is True, report
        assert "a user created event" in done.stdout and "a stock query" in done.stdout


def test_the_rust_verifier_fails_a_broken_producer(pact_file: Path, tmp_path: Path) -> None:
    with serve(tmp_path, BROKEN_APP) as (_, port):
        done, report = run_verifier(pact_file, port, tmp_path)
        assert done.returncode != 0
        assert report.get("result") is False, report
        failing = json.dumps(report.get("errors", []))
        assert "a user created event" in failing
        assert "$.id" in failing
        assert "a heartbeat" not in failing and "a stock query" not in failing


RAISING_STATE_APP = APP.replace('    USERS[id] = {"id": id, "name": "Ann"}\n',
                                '    with open(__file__ + ".calls", "a") as calls:\n'
                                '        calls.write("setup\\n")\n'
                                '    raise RuntimeError("no database")\n')
RAISING_PRODUCER_APP = APP.replace('    return {"alive": True}', '    raise RuntimeError("no heart")')


@pytest.mark.parametrize(("source", "failing", "reason"), [
    (RAISING_STATE_APP, "a user created event", None),  # the Rust verifier does not show a state's answer
    (RAISING_PRODUCER_APP, "a heartbeat", "no heart"),
])
def test_a_raising_state_handler_or_producer_fails_its_interaction_once(
        pact_file: Path, tmp_path: Path, source: str, failing: str, reason: str | None) -> None:
    """serve answers a failure of the user's code with a 4xx: the Rust verifier reports it without retrying."""
    with serve(tmp_path, source) as (_, port):
        done, report = run_verifier(pact_file, port, tmp_path)
    assert done.returncode != 0
    errors = json.dumps(report.get("errors", []))
    assert failing in errors, report
    if reason is not None:
        assert reason in done.stdout + done.stderr + errors, (done.stdout, errors)
    assert "a stock query" not in errors
    if source is RAISING_STATE_APP:
        # One setup call for the one interaction that has the state: the verifier did not retry
        # (against a 500 it calls eight times over two minutes).
        [calls] = tmp_path.glob("*.py.calls")
        assert calls.read_text() == "setup\n"
