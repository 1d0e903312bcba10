# ruff: noqa: F811  (the pact_mock fixture is imported from tests.broker.support)
"""Verifying the pacts a broker selects, and publishing the results: the compatibility suite's broker scenarios.

The scenarios "… via a Pact broker" of the Pact compatibility suite
(``features/V1/http_provider.feature``) are ported to message pacts. Each broker is the suite's
fixture (``pact-broker_c1.json``, ``pact-broker_c2.json``) served by the strict ``pact mock``, with
one added interaction that serves the pact itself (a message pact whose interaction has the broker
id ``ID1``), as the suite's harness adds it. The fixture's "a request for the provider pacts link"
(a GET of the for-verification resource) is left out: pactspec POSTs straight to the
``pb:provider-pacts-for-verification`` href, as the Ruby and JVM clients do. No field is loosened.

Pending, WIP and the notices come from ``tests/fixtures/broker/DERIVED-pacts-for-verification.json``,
a pact of our own shaped after the broker's recorded answers (not verified by a broker).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pactspec import Provider, parse_pact
from pactspec.broker import Broker, PactForVerification, Selector, outcomes_for
from pactspec.provider import backend_for, verify_pacts
from tests.broker.support import PactMock, conformance_fixture, pact_mock  # noqa: F401

pytestmark = pytest.mark.interop

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "broker"
MESSAGES = {
    1: {"_id": "ID1", "description": "a basic message", "contents": {"one": "a", "two": "b"},
        "metadata": {"contentType": "application/json"}},
    2: {"_id": "ID1", "description": "a message with an id", "contents": {"id": 12},
        "metadata": {"contentType": "application/json"},
        "matchingRules": {"body": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}}}},
}


def _message_pact(number: int) -> dict[str, Any]:
    """Interaction ``number`` as the broker serves it: a message pact of consumer c_N, with its results link."""
    return {
        "consumer": {"name": f"c_{number}"},
        "provider": {"name": "p"},
        "messages": [MESSAGES[number]],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
        "_links": {"pb:publish-verification-results": {
            "title": "Publish verification results",
            "href": f"http://localhost:9876/pacts/provider/p/consumer/c_{number}/verification-results"}},
    }


def _broker(number: int, *, results: str | None) -> dict[str, Any]:
    """The suite's broker fixture for pact ``number``, serving that pact, with the results interaction named."""
    pact = conformance_fixture(f"pact-broker_c{number}.json")
    by_description = {i["description"]: i for i in pact["interactions"]}
    served = [by_description["a request to the root"], by_description["a request for the provider pacts"], {
        "description": "a request for the pact",
        "type": "Synchronous/HTTP",
        "request": {"method": "GET", "path": f"/pacts/provider/p/consumer/c_{number}"},
        "response": {"status": 200, "headers": {"Content-Type": ["application/hal+json"]},
                     "body": {"content": _message_pact(number), "contentType": "application/json",
                              "encoded": False}},
    }]
    if results is not None:
        served.append(by_description[results])
    return {**pact, "interactions": served}


def _provider(returns: int) -> Provider:
    """A provider that produces message ``returns``'s content for every description it is asked for."""
    provider = Provider()
    for message in MESSAGES.values():
        provider.producer(message["description"])(lambda content=MESSAGES[returns]["contents"]: dict(content))
    return provider


def _verify(broker: Broker, provider: Provider, *, publish: bool) -> list[bool]:
    """The provider side of the suite's scenario: fetch, verify each pact, publish when asked."""
    passed = []
    for pact in broker.pacts_for_verification("p", selectors=[], include_pending=False):
        result = verify_pacts([(pact.url, parse_pact(pact.content, source=pact.url))], backend_for(provider))
        [pact_result] = result.pacts
        passed.append(result.passed)
        if publish:
            broker.publish_results(pact, outcomes_for(pact.content, pact_result.interactions),
                                   provider_version="0.0.0")
    return passed


class TestCompatibilitySuiteBrokerScenarios:
    def test_verifying_via_a_broker_publishes_nothing_unless_asked(self, pact_mock: PactMock) -> None:
        """Scenario "Verifying a simple HTTP request via a Pact broker": success, and no result is published."""
        with pact_mock.serve(_broker(1, results=None)) as url, Broker(url, retries=0) as broker:
            assert _verify(broker, _provider(1), publish=False) == [True]

    def test_publishing_a_successful_result(self, pact_mock: PactMock) -> None:
        """Scenario "… with publishing results enabled": the fixture's success body, exactly."""
        with pact_mock.serve(_broker(1, results="publish verification results for c_1")) as url, \
                Broker(url, retries=0) as broker:
            assert _verify(broker, _provider(1), publish=True) == [True]

    def test_verifying_multiple_pacts_via_brokers(self, pact_mock: PactMock) -> None:
        """Scenario "Verifying multiple Pact files via a Pact broker": each broker gets its own success result."""
        provider = Provider()
        for message in MESSAGES.values():
            provider.producer(message["description"])(lambda content=message["contents"]: dict(content))
        with pact_mock.serve(_broker(1, results="publish verification results for c_1")) as first, \
                pact_mock.serve(_broker(2, results="publish verification results for c_2")) as second:
            for url in (first, second):
                with Broker(url, retries=0) as broker:
                    assert _verify(broker, provider, publish=True) == [True]

    def test_a_failure_is_published_with_its_mismatches(self, pact_mock: PactMock) -> None:
        """Scenario "Incorrect request is made to provider via a Pact broker": a failed result with the mismatch."""
        with pact_mock.serve(_broker(2, results="publish failed verification results for c_2")) as url, \
                Broker(url, retries=0) as broker:
            assert _verify(broker, _provider(1), publish=True) == [False]


def _derived() -> dict[str, Any]:
    return json.loads((FIXTURES / "DERIVED-pacts-for-verification.json").read_text())


def _pacts(pact_mock: PactMock, served: dict[str, Any]) -> tuple[str, tuple[PactForVerification, ...]]:
    with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
        return url, broker.pacts_for_verification(
            "Bar", selectors=[Selector(main_branch=True), Selector(deployed_or_released=True)],
            provider_branch="main", include_pending=True, include_wip_since="2024-01-01")


class TestPendingAndWip:
    def test_sends_exactly_the_options_given(self, pact_mock: PactMock) -> None:
        """The for-verification body holds the selectors, provider branch, pending and WIP keys, nothing else."""
        served = _derived()
        _, pacts = _pacts(pact_mock, served)  # the strict mock checks the body
        assert len(pacts) == 2

    def test_reads_pending_wip_and_notices(self, pact_mock: PactMock) -> None:
        """A pending pact and a WIP pact (pending too), each with its notices, links resolved onto the broker URL."""
        url, (pending, wip) = _pacts(pact_mock, _derived())
        assert (pending.pending, pending.wip) == (True, False)
        assert (wip.pending, wip.wip) == (True, True)
        assert pending.url.startswith(url + "/pacts/provider/Bar/consumer/Foo/pact-version/")
        assert pending.publish_results_url == pending.url + "/verification-results"
        assert pending.before_verification[0].startswith("The pact at https://example.org/pacts/provider/Bar/")
        assert "in pending state" in pending.before_verification[1]
        assert pending.after_verification(success=False, published=True) == (
            ("This pact is still in pending state for Bar as a successful verification result has not yet been "
            "published"),)
        assert pending.after_verification(success=True, published=True)[0].startswith(
            "This pact is no longer in pending state")
        assert "'work in progress' pact" in wip.before_verification[0]
        assert wip.content["consumer"] == {"name": "Foo"}
        assert wip.short_description == "wip"

    def test_the_derived_pact_says_it_is_derived(self) -> None:
        """The pact of our own is marked as derived and not broker-verified, in its name and metadata."""
        derived = _derived()
        assert derived["metadata"]["pactspec"]["verified"].startswith("DERIVED, NOT verified by a Pact Broker")
