"""Deploy gating end to end on the fake broker: retry while unknown, and the official ``pact broker can-i-deploy``
giving the same answers as pactspec's on the same broker state.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pactspec.broker import Broker, InteractionOutcome, MatrixSelector
from pactspec.cli import main
from tests.broker.support import ENV, pact_cli
from tests.fake_broker import FakeBroker

pytestmark = pytest.mark.interop


def _published(fake: FakeBroker, tmp_path: Path, consumer: str = "web", version: str = "c1") -> None:
    path = tmp_path / f"{consumer}-orders.json"
    path.write_text(json.dumps({
        "consumer": {"name": consumer}, "provider": {"name": "orders"},
        "messages": [{"description": "an order created event", "contents": {"id": 1}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}}))
    with Broker(fake.url, retries=0) as broker:
        broker.publish([path], consumer_app_version=version, branch="main")


def _verified(fake: FakeBroker, provider_version: str, success: bool, consumer: str = "web") -> None:
    with Broker(fake.url, retries=0) as broker:
        for pact in broker.pacts_for_verification("orders"):
            if pact.content["consumer"]["name"] == consumer:
                broker.publish_results(pact, [InteractionOutcome("an order created event", success)],
                                       provider_version=provider_version)


@pytest.fixture()
def fake() -> Iterator[FakeBroker]:
    with FakeBroker() as broker:
        yield broker


def test_retry_while_unknown_waits_for_the_result(fake: FakeBroker, tmp_path: Path) -> None:
    """Unknown at first; the provider publishes its result during the wait; the next read says yes."""
    _published(fake, tmp_path)
    fake.record_deployment("orders", "p1", "production")
    slept: list[float] = []

    def provider_finishes(seconds: float) -> None:
        slept.append(seconds)
        _verified(fake, "p1", True)

    with Broker(fake.url, retries=0) as broker:
        result = broker.can_i_deploy("web", "c1", to_environment="production", retry_while_unknown=3,
                                     retry_interval=7, sleep=provider_finishes)
    assert (result.deployable, result.attempts, slept) == (True, 2, [7])


# Broker states: each builds one on the fake; the can-i-deploy arguments are the same for both tools.
def _yes(fake: FakeBroker, tmp_path: Path) -> None:
    _published(fake, tmp_path)
    _verified(fake, "p1", True)
    fake.record_deployment("orders", "p1", "production")


def _no(fake: FakeBroker, tmp_path: Path) -> None:
    _published(fake, tmp_path)
    _verified(fake, "p1", False)
    fake.record_deployment("orders", "p1", "production")


def _unknown(fake: FakeBroker, tmp_path: Path) -> None:
    _published(fake, tmp_path)
    fake.record_deployment("orders", "p1", "production")


STATES: dict[str, tuple[Callable[[FakeBroker, Path], None], list[str]]] = {
    "yes-environment": (_yes, ["--pacticipant", "web", "--version", "c1", "--to-environment", "production"]),
    "no-environment": (_no, ["--pacticipant", "web", "--version", "c1", "--to-environment", "production"]),
    "unknown-environment": (_unknown, ["--pacticipant", "web", "--version", "c1", "--to-environment", "production"]),
    "provider-with-consumer-absent": (_yes, ["--pacticipant", "orders", "--version", "p1",
                                             "--to-environment", "production"]),
    "two-versions-yes": (_yes, ["--pacticipant", "web", "--version", "c1", "--pacticipant", "orders",
                                "--version", "p1"]),
    "two-versions-latest-no": (_no, ["--pacticipant", "web", "--version", "c1", "--pacticipant", "orders",
                                     "--latest"]),
    "ignore": (_no, ["--pacticipant", "web", "--version", "c1", "--to-environment", "production",
                          "--ignore", "orders"]),
}


@pytest.mark.parametrize("name", list(STATES))
def test_the_official_can_i_deploy_gives_the_same_answer(fake: FakeBroker, tmp_path: Path, name: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Same broker, same arguments: the same exit code and the same deployable (true, false or null)."""
    build, args = STATES[name]
    build(fake, tmp_path)
    official = subprocess.run([pact_cli(), "broker", "can-i-deploy", "-b", fake.url, *args],
                              capture_output=True, text=True, timeout=120, env=ENV, check=False)
    # its JSON output exits 0 whatever the answer: the exit code is read from the table run above
    official_json = subprocess.run([pact_cli(), "broker", "can-i-deploy", "-b", fake.url, *args, "-o", "json"],
                                   capture_output=True, text=True, timeout=120, env=ENV, check=False)
    ours = main(["broker", "can-i-deploy", "-b", fake.url, *args])
    capsys.readouterr()
    assert main(["broker", "can-i-deploy", "-b", fake.url, *args, "-o", "json"]) in (0, 1)
    ours_json = json.loads(capsys.readouterr().out)
    assert ours == official.returncode, official.stdout + official.stderr
    assert ours_json["deployable"] == json.loads(official_json.stdout)["summary"]["deployable"]


def test_the_cross_check_states_cover_yes_no_and_unknown(fake: FakeBroker, tmp_path: Path) -> None:
    """The states above are not all alike: pactspec says yes, no and unknown across them."""
    answers = set()
    for build, selector in ((_yes, "yes"), (_no, "no"), (_unknown, "unknown")):
        (tmp_path / selector).mkdir()
        with FakeBroker() as other:
            build(other, tmp_path / selector)
            with Broker(other.url, retries=0) as broker:
                answers.add(broker.can_i_deploy(MatrixSelector("web", version="c1"),
                                                to_environment="production").deployable)
    assert answers == {True, False, None}
