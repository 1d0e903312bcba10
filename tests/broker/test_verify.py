"""Verifying from a Pact Broker through the Python API: publish → verify with selectors → results, on the fake broker.

``pactspec.verify(broker_url=…, selectors=…, publish=…)`` against ``tests/fake_broker.py``: the
consumer publishes with :class:`pactspec.broker.Broker`, the provider verifies what the broker
selects, pending and WIP pacts never fail the run, results and notices go back and forth.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pactspec
from pactspec.broker import Broker, Selector, selectors_from
from pactspec.errors import ConfigurationError, InputError
from pactspec.provider import Provider
from tests.fake_broker import FakeBroker

MAIN = ['{"mainBranch": true}']


@pytest.fixture()
def fake() -> Iterator[FakeBroker]:
    with FakeBroker() as broker:
        yield broker


def _pact(tmp_path: Path, version: str, messages: dict[str, Any]) -> Path:
    """A V3 message pact web → orders, one message per description."""
    path = tmp_path / version / "web-orders.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "consumer": {"name": "web"}, "provider": {"name": "orders"},
        "messages": [{"description": d, "contents": c, "metadata": {"contentType": "application/json"},
                      "matchingRules": {"body": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}}}}
                     for d, c in messages.items()],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}}))
    return path


def _publish(fake: FakeBroker, tmp_path: Path, version: str, branch: str, messages: dict[str, Any]) -> None:
    with Broker(fake.url, retries=0) as broker:
        broker.publish([_pact(tmp_path, version, messages)], consumer_app_version=version, branch=branch)


def _provider(order_id: Any = 1) -> Provider:
    provider = Provider()
    provider.producer("an order created event")(lambda: {"id": order_id})
    return provider


def _verify(fake: FakeBroker, provider: Provider, notices: list[str], **options: Any) -> pactspec.VerificationResult:
    options.setdefault("selectors", MAIN)
    return pactspec.verify(provider="orders", app=provider, broker_url=fake.url, notice=notices.append, **options)


class TestVerifyFromBroker:
    def test_publish_verify_and_publish_results(self, fake: FakeBroker, tmp_path: Path) -> None:
        """The consumer's pact is selected, verified, its result published with the provider's branch and tags."""
        _publish(fake, tmp_path, "c1", "main", {"an order created event": {"id": 1}})
        notices: list[str] = []
        result = _verify(fake, _provider(), notices, enable_pending=True, provider_branch="main",
                         provider_tags=["dev"], publish=True, provider_version="p1", build_url="http://ci/1")
        assert result.passed and result.exit_code == 0
        assert "latest version of web from the main branch 'main' (c1)" in notices[0]
        assert "in pending state" in notices[1]
        assert notices[-1].startswith("This pact is no longer in pending state for orders")
        [published] = fake.results
        assert published.success and published.provider_version == "p1"
        assert published.body["buildUrl"] == "http://ci/1"
        assert published.body["verifiedBy"] == {"implementation": "pactspec", "version": pactspec.__version__}
        [entry] = published.body["testResults"]
        assert entry["success"] is True and len(entry["interactionId"]) == 16  # the broker's _id
        version = fake.versions[("orders", "p1")]
        assert (version.branches, version.tags) == (["main"], ["dev"])
        # verified once from the main branch: no longer pending
        again: list[str] = []
        _verify(fake, _provider(), again, enable_pending=True, provider_branch="main")
        assert any("previously been successfully verified" in text for text in again)

    def test_a_failing_pending_pact_is_reported_but_does_not_fail(self, fake: FakeBroker, tmp_path: Path) -> None:
        """Pending: the failure is in the report and published as failed, the run passes; once verified, it fails."""
        _publish(fake, tmp_path, "c1", "main", {"an order created event": {"id": 1}})
        notices: list[str] = []
        result = _verify(fake, _provider("not a number"), notices, enable_pending=True, provider_branch="main",
                         publish=True, provider_version="p1")
        assert result.passed and result.count("failed", pending=True) == 1
        report = pactspec.format_console(result)
        assert "[pending: does not fail the run]" in report and "1 pending failed (not counted)" in report
        assert fake.results[-1].success is False
        assert notices[-1] == ("This pact is still in pending state for orders as a successful verification result "
                               "has not yet been published")
        _verify(fake, _provider(), [], enable_pending=True, provider_branch="main", publish=True,
                provider_version="p2")
        broken = _verify(fake, _provider("not a number"), [], enable_pending=True, provider_branch="main")
        assert not broken.passed and broken.exit_code == 1

    def test_without_pending_a_failure_fails(self, fake: FakeBroker, tmp_path: Path) -> None:
        """Pending status is only asked for with enable_pending: otherwise a failure fails the run."""
        _publish(fake, tmp_path, "c1", "main", {"an order created event": {"id": 1}})
        result = _verify(fake, _provider("x"), [])
        assert not result.passed
        assert fake.requests[-2][2] == {"consumerVersionSelectors": [{"mainBranch": True}], "includePendingStatus": False}

    def test_wip_pacts_are_verified_and_never_fail_the_run(self, fake: FakeBroker, tmp_path: Path) -> None:
        """A feature-branch pact no selector picks comes in as WIP (pending): its failure is reported only."""
        _publish(fake, tmp_path, "c1", "main", {"an order created event": {"id": 1}})
        _publish(fake, tmp_path, "c2", "feat-x", {"an order created event": {"id": 1}, "an order shipped event": {"id": 2}})
        notices: list[str] = []
        result = _verify(fake, _provider(), notices, provider_branch="main", include_wip_pacts_since="2020-01-01")
        assert result.passed
        sources = [p.source for p in result.pacts]
        assert len(sources) == 2
        assert any("'work in progress' pact" in text for text in notices)
        errors = [r for _, r in result.interactions if r.failed]
        assert [r.description for r in errors] == ["an order shipped event"] and errors[0].pending

    def test_no_pacts_fails_with_the_reason_unless_allowed(self, fake: FakeBroker) -> None:
        """A provider the broker has no pacts for: exit 1 naming the selectors; allow_empty passes."""
        fake.pacticipant("orders")
        result = _verify(fake, _provider(), [])
        assert result.exit_code == 1
        assert "has no pacts for provider 'orders' matching the consumer version selectors [{'mainBranch': True}]" \
            in result.problems[0].message
        assert _verify(fake, _provider(), [], allow_empty=True).passed

    def test_files_and_broker_pacts_in_one_run(self, fake: FakeBroker, tmp_path: Path) -> None:
        """Pact files given alongside the broker are verified too, in one result."""
        _publish(fake, tmp_path, "c1", "main", {"an order created event": {"id": 1}})
        local = _pact(tmp_path, "local", {"an order created event": {"id": 5}})
        result = pactspec.verify(local, provider="orders", app=_provider(), broker_url=fake.url, selectors=MAIN,
                                 notice=lambda text: None)
        assert result.passed and len(result.pacts) == 2


class TestSelectors:
    def test_each_documented_selector_picks_its_pacts(self, fake: FakeBroker, tmp_path: Path) -> None:
        """mainBranch, matchingBranch, branch, deployedOrReleased, tag+latest and consumer pick what the docs say."""
        _publish(fake, tmp_path, "c1", "main", {"an order created event": {"id": 1}})
        _publish(fake, tmp_path, "c2", "main", {"an order created event": {"id": 2}})
        _publish(fake, tmp_path, "c3", "feat-x", {"an order created event": {"id": 3}})
        fake.record_deployment("web", "c1", "production")
        fake.add_tag(fake.versions[("web", "c2")], "prod")

        def picked(selector: dict[str, Any], **options: Any) -> list[str]:
            with Broker(fake.url, retries=0) as broker:
                pacts = broker.pacts_for_verification("orders", selectors=[Selector.from_json(selector)], **options)
            return sorted(p.name.split("(")[1].split(")")[0] for p in pacts)

        assert picked({"mainBranch": True}) == ["c2"]
        assert picked({"deployedOrReleased": True}) == ["c1"]
        assert picked({"matchingBranch": True}, provider_branch="feat-x") == ["c3"]
        assert picked({"branch": "feat-x"}) == ["c3"]
        assert picked({"branch": "nope", "fallbackBranch": "main"}) == ["c2"]
        assert picked({"tag": "prod", "latest": True}) == ["c2"]
        assert picked({"latest": True}) == ["c3"]
        assert picked({"consumer": "other", "mainBranch": True}) == []

    @pytest.mark.parametrize(("value", "message"), [
        ("{mainBranch: true}", "consumer version selector 1 is not JSON"),
        ('{"mainBranch": "yes"}', "consumer version selector 1: 'mainBranch' can only be true"),
        ('{"branches": "main"}', "consumer version selector 1: unknown key 'branches'"),
    ])
    def test_invalid_selector_json_names_the_key(self, value: str, message: str) -> None:
        """Bad selector JSON is bad input (exit 2), naming the selector and key."""
        with pytest.raises(InputError, match=message):
            selectors_from([value])

    def test_publish_needs_a_provider_version_and_a_broker(self) -> None:
        """Checked before anything is fetched."""
        with pytest.raises(ConfigurationError, match="--publish needs the provider version"):
            pactspec.verify(provider="orders", app=_provider(), broker_url="http://127.0.0.1:9", publish=True)
        with pytest.raises(ConfigurationError, match="publish=True needs broker_url"):
            pactspec.verify("x.json", provider="orders", app=_provider(), publish=True)
