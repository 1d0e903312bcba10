"""Living docs from a Pact Broker (the fake): latest pacts, each interaction's latest result, can-i-deploy per environment."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pactspec.broker import Broker, InteractionOutcome, ResultMismatch
from pactspec.cli import main
from pactspec.docs import broker_site
from tests.fake_broker import FakeBroker

PACT = {"consumer": {"name": "web"}, "provider": {"name": "orders"},
        "messages": [{"description": "an order <script>alert(1)</script>", "contents": {"id": 1}},
                     {"description": "an order cancelled", "contents": {"id": 2}},
                     {"description": "an order shipped", "contents": {"id": 3}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}}


def broker_with_states(fake: FakeBroker, tmp_path: Path) -> None:
    """web c1's pact: verified by orders p1 (first passes, second fails, third not in the result); orders p1 is in
    production, nothing in test, and staging has orders p0 that never verified it."""
    path = tmp_path / "web-orders.json"
    path.write_text(json.dumps(PACT))
    with Broker(fake.url, retries=0) as broker:
        broker.publish([path], consumer_app_version="c1", branch="main")
        for name in ("production", "test", "staging"):
            broker.create_environment(name)
        [pact] = broker.pacts_for_verification("orders")
        ids = [m["_id"] for m in pact.content["messages"]]
        broker.publish_results(pact, [
            InteractionOutcome(PACT["messages"][0]["description"], True, ids[0]),
            InteractionOutcome("an order cancelled", False, ids[1], (ResultMismatch("body", "expected 2", "$.id"),))],
            provider_version="p1")
    fake.record_deployment("orders", "p1", "production")
    fake.record_deployment("orders", "p0", "staging")


@pytest.fixture()
def fake() -> Iterator[FakeBroker]:
    with FakeBroker() as broker:
        yield broker


def test_the_site_shows_results_and_can_i_deploy_per_environment(fake: FakeBroker, tmp_path: Path) -> None:
    """Each interaction gets its latest result; the pair gets the broker's answer for every environment."""
    broker_with_states(fake, tmp_path)
    with Broker(fake.url, retries=0) as broker:
        site = broker_site(broker)
    [pact] = site.pacts
    assert (pact.consumer, pact.provider, pact.consumer_version) == ("web", "orders", "c1")
    assert [i.status for i in pact.interactions] == ["passed", "failed", "unverified"]
    [mismatch] = pact.interactions[1].verification.mismatches
    assert mismatch.message == "$.id: expected 2"
    assert pact.interactions[0].verification.provider_version == "p1"
    assert site.environments == ("production", "test", "staging")
    assert [(d.environment, d.status) for d in pact.deployments] == [
        ("production", "no"), ("test", "unknown"), ("staging", "unknown")]
    assert "failed" in pact.deployments[0].reason


def test_pactspec_docs_broker_url_writes_the_pages_escaped(fake: FakeBroker, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """`pactspec docs --broker-url` writes index and pact pages; a description with markup stays text."""
    broker_with_states(fake, tmp_path)
    assert main(["docs", "--broker-url", fake.url, "--out", str(tmp_path / "site")]) == 0
    index = (tmp_path / "site" / "index.html").read_text()
    assert 'class="badge deploy-no"' in index and 'class="badge deploy-unknown"' in index
    assert "<script>alert(1)</script>" not in index
    assert "an order &lt;script&gt;alert(1)&lt;/script&gt;" in index
    page = (tmp_path / "site" / "web--orders.html").read_text()
    assert "Can I deploy web c1?" in page


@pytest.mark.parametrize(("args", "message"), [
    (["--pacts", "p", "--broker-url", "http://b"], "not both"),
    (["--broker-url", "http://b", "--results", "r.json"], "go with --pacts"),
    ([], "say where the pacts are"),
], ids=["both", "results-with-broker", "neither"])
def test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                          args: list[str], message: str) -> None:
    """--pacts and --broker-url are alternatives; results files go with pact files only."""
    monkeypatch.delenv("PACT_BROKER_BASE_URL", raising=False)
    assert main(["docs", *args, "--out", str(tmp_path / "site")]) == 2
    assert message in capsys.readouterr().err


def test_the_markdown_pages_show_the_states_too(fake: FakeBroker, tmp_path: Path) -> None:
    """index.md has the can-i-deploy table; the pact's page lists each environment's answer and reason."""
    broker_with_states(fake, tmp_path)
    assert main(["docs", "--broker-url", fake.url, "--out", str(tmp_path / "site")]) == 0
    index = (tmp_path / "site" / "index.md").read_text()
    assert "| consumer → provider | consumer version | production | test | staging |" in index
    assert "| c1 | no | unknown | unknown |" in index
    page = (tmp_path / "site" / "web--orders.md").read_text()
    assert "| production | no | The verification for the pact between version c1 of web and version p1 of orders " \
           "failed |" in page


def test_without_pacts_the_broker_url_comes_from_the_environment(fake: FakeBroker, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`pactspec docs` with PACT_BROKER_BASE_URL set and no --pacts reads that broker."""
    broker_with_states(fake, tmp_path)
    monkeypatch.setenv("PACT_BROKER_BASE_URL", fake.url)
    assert main(["docs", "--out", str(tmp_path / "site")]) == 0
    assert "Can I deploy web c1?" in (tmp_path / "site" / "web--orders.html").read_text()
