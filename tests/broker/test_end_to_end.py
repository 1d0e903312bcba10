"""Interop end to end: pactspec publishes to the fake broker, the official ``pact verifier`` verifies from it.

The official Rust verifier (``pact verifier --broker-url … --publish``) fetches the pacts pactspec
published, verifies ``pactspec serve`` over the message-proxy protocol, and publishes its results
to the broker; pactspec then sees them (the pact is no longer pending).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pactspec.broker import Broker
from pactspec.model import AsynchronousMessage, MessageContents, Pact, ProviderState
from pactspec.pactfile import write_pact
from tests.broker.support import ENV, pact_cli
from tests.fake_broker import FakeBroker
from tests.test_interop_pact_verifier import APP, BROKEN_APP, RULES, serve

pytestmark = pytest.mark.interop


def _published(fake: FakeBroker, tmp_path: Path) -> None:
    """The consumer's CI step: write the pact with pactspec and publish it from the main branch."""
    pact = Pact("user-service", "user-events", (
        AsynchronousMessage("a user created event",
                            MessageContents({"id": 1, "name": "Bob", "tags": ["x"]}, "application/json",
                                            {"topic": "users.created"}, RULES),
                            (ProviderState("User with id 127 exists", {"id": 127}),)),
        AsynchronousMessage("a heartbeat", MessageContents({"alive": True}, "application/json")),
    ), "4.0")
    path = write_pact(pact, tmp_path / "pacts")
    with Broker(fake.url, retries=0) as broker:
        broker.publish([path], consumer_app_version="1.0.0", branch="main", tags=["dev"])


def _rust_verifier(fake: FakeBroker, port: int, version: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [pact_cli(), "verifier", "--broker-url", fake.url, "--provider-name", "user-events",
         "-h", "127.0.0.1", "-p", str(port), "--base-path", "/_pact/message",
         "-s", f"http://127.0.0.1:{port}/_pact/state", "--state-change-teardown",
         "--consumer-version-selectors", '{"mainBranch": true}', "--enable-pending",
         "--publish", "--provider-version", version, "--provider-branch", "main"],
        capture_output=True, text=True, timeout=180, env=ENV, check=False)


def test_the_official_verifier_verifies_and_publishes_what_pactspec_published(tmp_path: Path) -> None:
    """pactspec publish → pact verifier --broker-url --publish → the result is on the broker; pactspec sees it."""
    with FakeBroker() as fake:
        _published(fake, tmp_path)
        with serve(tmp_path, APP) as (_, port):
            done = _rust_verifier(fake, port, "2.0.0")
        assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
        [result] = fake.results
        assert result.success and result.provider_version == "2.0.0"
        assert result.body["verifiedBy"]["implementation"] != "pactspec"  # the official verifier published it
        assert fake.versions[("user-events", "2.0.0")].branches == ["main"]
        with Broker(fake.url, retries=0) as broker:
            [pact] = broker.pacts_for_verification("user-events", selectors=[], provider_branch="main",
                                                   include_pending=True)
        assert pact.pending is False


def test_a_broken_provider_is_published_as_failed(tmp_path: Path) -> None:
    """The official verifier's failure reaches the broker as a failed result for pactspec's pact."""
    with FakeBroker() as fake:
        _published(fake, tmp_path)
        with serve(tmp_path, BROKEN_APP) as (_, port):
            _rust_verifier(fake, port, "2.0.1")  # pending: the verifier itself may pass the build
        [result] = fake.results
        assert result.success is False
        failed = [t for t in result.body["testResults"] if not t["success"]]
        assert len(failed) == 1
