"""The Redis, NATS, MQTT and ActiveMQ steps, through the complete example loops in tests/examples/.

Each loop runs behave in a subprocess against a real server: the consumer's contract, delivery into
its real subscription code, capture verification of the real publisher, and one regression caught.
"""
# ruff: noqa: F811  (pytest fixtures imported from tests.broker_services)

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.broker_services import activemq_url, mqtt_url, nats_url, redis_url  # noqa: F401  (fixtures)

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.services


def _run_example(tmp_path: Path, name: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    example = tmp_path / name
    shutil.copytree(REPO / "tests" / "examples" / name, example, ignore=shutil.ignore_patterns("pacts", "__pycache__"))
    return subprocess.run(
        [sys.executable, "-m", "behave", "--no-capture", "--format", "plain", "features"],
        cwd=example,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_the_redis_streams_example_runs_end_to_end(tmp_path: Path, redis_url: str) -> None:
    """tests/examples/redis: contract, delivery into a consumer group, capture of the real XADD, a dropped field caught."""
    result = _run_example(tmp_path, "redis", {"REDIS_URL": redis_url})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 scenarios passed, 0 failed" in result.stdout
    assert (tmp_path / "redis" / "pacts" / "user-directory-user-events.json").is_file()


def test_the_nats_example_runs_end_to_end(tmp_path: Path, nats_url: str) -> None:
    """tests/examples/nats: contract, delivery into a queue-group subscription, capture of the real publisher, a wrong subject caught."""
    result = _run_example(tmp_path, "nats", {"NATS_URL": nats_url})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 scenarios passed, 0 failed" in result.stdout
    assert (tmp_path / "nats" / "pacts" / "user-directory-user-events.json").is_file()


def test_the_mqtt_example_runs_end_to_end(tmp_path: Path, mqtt_url: str) -> None:
    """tests/examples/mqtt: contract, delivery into a paho subscription, capture of the real publisher, a wrong topic caught."""
    result = _run_example(tmp_path, "mqtt", {"MQTT_URL": mqtt_url})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 scenarios passed, 0 failed" in result.stdout
    assert (tmp_path / "mqtt" / "pacts" / "user-directory-user-events.json").is_file()


def test_the_activemq_example_runs_end_to_end(tmp_path: Path, activemq_url: str) -> None:
    """tests/examples/activemq: contract, delivery into a STOMP subscription, capture of the real sender, a dropped header caught."""
    result = _run_example(tmp_path, "activemq", {"STOMP_URL": activemq_url})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 scenarios passed, 0 failed" in result.stdout
    assert (tmp_path / "activemq" / "pacts" / "user-directory-user-events.json").is_file()
