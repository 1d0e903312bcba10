# ruff: noqa: F811  (the pact_mock fixture is imported from tests.broker.support)
"""Recording deployments and releases, against the Pact Broker's client contract served by the strict ``pact mock``.

Changed in the served copy (the only changes; each one's justification):

| interaction | field | served as | justified by |
|---|---|---|---|
| "a request for the environments" | response `_links['pb:environments'][0].href` (`"href"`) | `/environments/16926ef3-…`, the environment the contract's "a request for an environment" serves | the interaction's matching rule: that href matches by type (any string); `index_environment.markdown`: an environment is at `/environments/{uuid}` |

``record-support-ended`` has no interaction in the contract: it is served from
``tests/fixtures/broker/NOT-BROKER-VERIFIED-deploy.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pactspec.broker import Broker, PactBrokerRejected, Recorded
from tests.broker.support import PactMock, client_contract, interaction, pact_mock, with_interactions  # noqa: F401

pytestmark = pytest.mark.interop

OWN = Path(__file__).resolve().parent.parent / "fixtures" / "broker" / "NOT-BROKER-VERIFIED-deploy.json"
INDEX = "a request for the index resource"
VERSION = "5556b8149bf8bac76bc30f50a8a2dd4c22c85f30"
ENV_UUID = "16926ef3-590f-4e3f-838e-719717aa88c9"
FOR_DEPLOYMENT = f"version {VERSION} of pacticipant Foo exists with a test environment available for deployment"
LOOSENED = {("a request for the environments", "response._links['pb:environments'][0].href"):
            "index_environment.markdown"}


def _contract(*wanted: tuple[str, str | None]) -> list[dict[str, Any]]:
    pact = client_contract()
    return [interaction(pact, description, state) for description, state in wanted]


def _environments_list() -> dict[str, Any]:
    [listed] = _contract(("a request for the environments", "an environment with name test exists"))
    listed["response"]["body"]["_links"]["pb:environments"][0]["href"] = f"/environments/{ENV_UUID}"  # LOOSENED
    return listed


def _own(prefix: str) -> list[dict[str, Any]]:
    return [i for i in json.loads(OWN.read_text())["interactions"] if i["description"].startswith(prefix)]


class TestRecordDeployment:
    def test_follows_the_versions_record_deployment_link_for_the_environment(self, pact_mock: PactMock) -> None:
        """Index → version → POST to its pb:record-deployment link named test, with the application instance."""
        served = with_interactions(client_contract(), _contract(
            (INDEX, "the pb:pacticipant-version and pb:environments relations exist in the index resource"),
            ("a request for a pacticipant version", FOR_DEPLOYMENT),
            ("a request to record a deployment", FOR_DEPLOYMENT)))
        with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
            done = broker.record_deployment("Foo", VERSION, "test", application_instance="blue")
        assert done == Recorded("deployment", "Foo", VERSION, "test", "blue", None)
        assert done.message == (f"Recorded deployment of Foo version {VERSION} to test environment "
                                "(application instance blue)")

    def test_an_environment_the_version_cannot_go_to_is_named(self, pact_mock: PactMock) -> None:
        """The version's links are for prod and dev; test exists: the error says it is not an option for Foo."""
        served = with_interactions(client_contract(), [
            *_contract((INDEX, "the pb:pacticipant-version and pb:environments relations exist in the index resource"),
                       ("a request for a pacticipant version", (f"version {VERSION} of pacticipant Foo exists with 2 "
                        "environments that aren't test available for deployment"))),
            _environments_list()])
        with pact_mock.serve(served) as url, Broker(url, retries=0) as broker, \
                pytest.raises(PactBrokerRejected, match="'test' is not an available option for recording a "
                                                        "deployment of Foo"):
            broker.record_deployment("Foo", VERSION, "test")


class TestRecordRelease:
    def test_follows_the_versions_record_release_link(self, pact_mock: PactMock) -> None:
        """Index → version → POST {} to its pb:record-release link named test."""
        served = with_interactions(client_contract(), _contract(
            (INDEX, "the pb:pacticipant-version and pb:environments relations exist in the index resource"),
            ("a request for a pacticipant version", (f"version {VERSION} of pacticipant Foo exists with a test "
             "environment available for release")),
            ("a request to record a release", FOR_DEPLOYMENT)))
        with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
            done = broker.record_release("Foo", VERSION, "test")
        assert done.message == f"Recorded release of Foo version {VERSION} to test environment"


class TestRecordUndeployment:
    def test_patches_the_deployed_version_of_the_application_instance(self, pact_mock: PactMock) -> None:
        """Index → environments → the test environment → its currently deployed Foo → PATCH currentlyDeployed false."""
        served = with_interactions(client_contract(), [
            *_contract((INDEX, "the pb:environments relation exists in the index resource")),
            _environments_list(),
            *_contract(("a request for an environment",
                        f"an environment with name test and UUID {ENV_UUID} exists"),
                       (("a request to list the versions deployed to an environment for a pacticipant name and "
                        "application instance"), (f"an version is deployed to environment with UUID {ENV_UUID} "
                        "with target customer-1")),
                       ("a request to mark a deployed version as not currently deploye",
                        "a currently deployed version exists"))])
        with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
            [done] = broker.record_undeployment("Foo", "test", application_instance="customer-1")
        assert done.message == "Recorded undeployment of Foo version 2 from test environment (application instance " \
                               "customer-1)"


class TestRecordSupportEnded:
    def test_patches_the_released_version(self, pact_mock: PactMock) -> None:
        """Index → environments → test → its supported released Foo 1.2.3 → PATCH currentlySupported false."""
        served = with_interactions(client_contract(), [
            *_contract((INDEX, "the pb:environments relation exists in the index resource")),
            *_own("NOT BROKER-VERIFIED: a request for the environments"),
            *_own("NOT BROKER-VERIFIED: a request for an environment"),
            *_own("NOT BROKER-VERIFIED: a request for the currently supported"),
            *_own("NOT BROKER-VERIFIED: a request to record the end of support")])
        with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
            [done] = broker.record_support_ended("Foo", "1.2.3", "test")
        assert done.message == "Recorded support ended for Foo version 1.2.3 in test environment"

    def test_the_own_pact_says_it_is_not_broker_verified(self) -> None:
        """The pact of our own is marked as such, in its descriptions and its metadata."""
        own = json.loads(OWN.read_text())
        assert all(i["description"].startswith("NOT BROKER-VERIFIED") for i in own["interactions"])
        assert own["metadata"]["pactspec"]["verified"].startswith("NOT verified by a Pact Broker")


def test_the_changes_table_names_every_change() -> None:
    """The served environments list differs from the contract's only in the href LOOSENED names (its doc exists)."""
    from tests.broker.support import broker_reference

    [original] = _contract(("a request for the environments", "an environment with name test exists"))
    served = _environments_list()
    assert original["response"]["body"]["_links"]["pb:environments"][0].pop("href") == "href"
    served["response"]["body"]["_links"]["pb:environments"][0].pop("href")
    assert original == served
    assert original["response"]["matchingRules"]["$.body._links['pb:environments'][0].href"] == {"match": "type"}
    for doc in LOOSENED.values():
        assert (broker_reference() / "pact_broker" / "doc" / doc).is_file()
