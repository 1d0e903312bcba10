"""The Redis, NATS, MQTT and ActiveMQ steps, through the complete example loops in tests/examples/.

Each loop runs behave in a subprocess against a real server: the consumer's contract, delivery into
its real subscription code, capture verification of the real publisher, and one regression caught.
"""
# ruff: noqa: F811  (pytest fixtures imported from tests.broker_services)

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.broker_services import activemq_url, mqtt_url, nats_url, redis_url  # noqa: F401  (fixtures)
from tests.example_projects import assert_example_passes

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.services


def test_the_redis_streams_example_runs_end_to_end(tmp_path: Path, redis_url: str) -> None:
    """tests/examples/redis: contract, delivery into a consumer group, capture of the real XADD, a dropped field caught."""
    assert_example_passes("redis", tmp_path, {"REDIS_URL": redis_url}, scenarios=4, pact="user-directory-user-events.json")


def test_the_nats_example_runs_end_to_end(tmp_path: Path, nats_url: str) -> None:
    """tests/examples/nats: contract, delivery into a queue-group subscription, capture of the real publisher, a wrong subject caught."""
    assert_example_passes("nats", tmp_path, {"NATS_URL": nats_url}, scenarios=4, pact="user-directory-user-events.json")


def test_the_mqtt_example_runs_end_to_end(tmp_path: Path, mqtt_url: str) -> None:
    """tests/examples/mqtt: contract, delivery into a paho subscription, capture of the real publisher, a wrong topic caught."""
    assert_example_passes("mqtt", tmp_path, {"MQTT_URL": mqtt_url}, scenarios=4, pact="user-directory-user-events.json")


def test_the_activemq_example_runs_end_to_end(tmp_path: Path, activemq_url: str) -> None:
    """tests/examples/activemq: contract, delivery into a STOMP subscription, capture of the real sender, a dropped header caught."""
    assert_example_passes("activemq", tmp_path, {"STOMP_URL": activemq_url}, scenarios=4, pact="user-directory-user-events.json")


LOOKUP_CLIENT = '''
"""The consumer's real request code: ask NATS for a user, read the reply."""
import asyncio, json, os
import nats

def asks_for_user_127():
    async def ask():
        connection = await nats.connect(os.environ["NATS_URL"])
        try:
            reply = await connection.request("users.lookup", json.dumps({"id": 127}).encode(), timeout=2)
        finally:
            await connection.close()
        return json.loads(reply.data)
    return asyncio.run(ask()) == {"id": 127, "name": "Ada"}
'''


def test_a_stub_answers_the_consumers_nats_requests_for_the_scenario(tmp_path: Path, nats_url: str) -> None:
    """``Given the requests of the pacts in "pacts" are answered on the NATS subject …``: the consumer's request gets the response."""
    from tests.transport_pacts import write_pact
    from tests.transports.test_answer import LOOKUP

    write_pact(tmp_path / "pacts", [LOOKUP])
    (tmp_path / "features" / "steps").mkdir(parents=True)
    (tmp_path / "features" / "steps" / "steps.py").write_text("from pactspec.steps import *\n")
    (tmp_path / "lookup_client.py").write_text(LOOKUP_CLIENT)
    (tmp_path / "features" / "lookup.feature").write_text(
        "Feature: the user page asks user-service for a user\n"
        "  Scenario: a user lookup over NATS request/reply\n"
        '    Given the transport at "${NATS_URL}"\n'
        '    And the requests of the pacts in "pacts" are answered on the NATS subject "users.lookup"\n'
        '    Then "lookup_client:asks_for_user_127" is true within 5 seconds\n'
    )
    result = subprocess.run(
        [sys.executable, "-m", "behave", "--no-capture", "--format", "plain", "features"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{tmp_path}", "NATS_URL": nats_url},
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 scenario passed, 0 failed" in result.stdout
