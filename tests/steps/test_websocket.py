"""The WebSocket stub steps and the WebSocket example, run by behave in a subprocess as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.example_projects import assert_example_passes
from tests.services import free_port
from tests.transport_pacts import write_pact
from tests.transports.test_websocket import USER_CREATED, USER_LOOKUP

REPO = Path(__file__).resolve().parents[2]

CONSUMER = '''
"""A consumer's real client: connect, read what is pushed, optionally look a user up."""
import json
from websockets.sync.client import connect

RECEIVED = []

def connect_and_read(url, lookup):
    with connect(url, subprotocols=["users.v1"]) as ws:
        RECEIVED.append(json.loads(ws.recv(timeout=5)))
        if lookup:
            ws.send(json.dumps({"lookup": 127}))
            RECEIVED.append(json.loads(ws.recv(timeout=5)))
'''

STEPS = '''
from behave import when
from pactspec.steps import *
import consumer

@when("the consumer connects and reads")
def reads(context):
    consumer.connect_and_read(context.pactspec_stub_url, lookup=False)

@when("the consumer connects, reads and looks up user 127")
def reads_and_looks_up(context):
    consumer.connect_and_read(context.pactspec_stub_url, lookup=True)
'''


def run_behave(folder: Path, feature: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    (folder / "features" / "test.feature").write_text(textwrap.dedent(feature))
    return subprocess.run(
        [sys.executable, "-m", "behave", "--no-capture", "--format", "plain", "features"],
        cwd=folder, env={**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), str(REPO)]), **(env or {})},
        capture_output=True, text=True, timeout=180, check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A consumer's project: its client module, a steps file, the provider's pact."""
    (tmp_path / "features" / "steps").mkdir(parents=True)
    (tmp_path / "features" / "steps" / "steps.py").write_text(STEPS)
    (tmp_path / "consumer.py").write_text(CONSUMER)
    write_pact(tmp_path / "pacts", [USER_CREATED, USER_LOOKUP], consumer="user-feed", provider="user-events")
    return tmp_path


class TestStubSteps:
    def test_the_stub_runs_for_one_scenario_on_its_port(self, project: Path) -> None:
        """Two scenarios serve on the same port: the first one's stub stopped when its scenario ended."""
        port = str(free_port())
        result = run_behave(project, """
            Feature: stub
              Scenario: first
                Given the messages of the pacts in "pacts" are served on the WebSocket "ws://127.0.0.1:${PORT}/users"
                When the consumer connects, reads and looks up user 127
                Then the WebSocket stub has served 1 client within 5 seconds

              Scenario: second
                Given the message "lookup" of the pacts in "pacts" is served on the WebSocket "ws://127.0.0.1:${PORT}/users"
                Then the WebSocket stub has served 0 clients within 1 seconds
        """, {"PORT": port})
        assert result.returncode == 0, result.stdout + result.stderr
        assert "2 scenarios passed, 0 failed" in result.stdout

    def test_a_client_that_never_sends_the_contracts_request_is_not_served(self, project: Path) -> None:
        """The lookup was never asked: the served-step fails saying how many clients were served."""
        result = run_behave(project, """
            Feature: stub
              Scenario: the consumer reads but never looks up
                Given the messages of the pacts in "pacts" are served on the WebSocket "ws://127.0.0.1:0/users"
                When the consumer connects and reads
                Then the WebSocket stub has served 1 client within 0.5 seconds
        """)
        assert result.returncode == 1
        assert "served 0 of 1 client(s) within 0.5 s; a client is served once it got every message" in result.stdout

    def test_a_stub_without_a_message_for_its_filter_fails_its_step(self, project: Path) -> None:
        """A description no contract has is one sentence at the serving step."""
        result = run_behave(project, """
            Feature: stub
              Scenario: nothing to serve
                Given the message "deleted" of the pacts in "pacts" is served on the WebSocket "ws://127.0.0.1:0/"
        """)
        assert result.returncode == 1
        assert "no message in pacts for a description matching /deleted/" in result.stdout


def test_the_websocket_example_runs_end_to_end(tmp_path: Path) -> None:
    """tests/examples/websockets: contract, delivery through the stub into the real client, capture of the real server."""
    assert_example_passes("websockets", tmp_path, {}, scenarios=5, pact="user-feed-user-events.json")


def test_the_websocket_examples_yaml_contract_is_its_gherkin_contract(tmp_path: Path) -> None:
    """contracts/user_feed.yaml writes the pact features/1_contract.feature writes (test names aside)."""
    example = tmp_path / "websockets"
    shutil.copytree(
        REPO / "tests" / "examples" / "websockets", example, ignore=shutil.ignore_patterns("pacts", "__pycache__")
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for command in (
        [sys.executable, "-m", "pactspec", "run", "contracts", "--path", "app", "--pact-dir", "yaml-pacts"],
        [sys.executable, "-m", "behave", "--format", "plain", "features/1_contract.feature"],
    ):
        done = subprocess.run(command, cwd=example, env=env, capture_output=True, text=True, timeout=180, check=False)
        assert done.returncode == 0, done.stdout + done.stderr

    def interactions(folder: str) -> list[dict[str, object]]:
        pact = json.loads((example / folder / "user-feed-user-events.json").read_text())
        return [{k: v for k, v in i.items() if k != "comments"} for i in pact["interactions"]]

    assert interactions("yaml-pacts") == interactions("pacts")
