# ruff: noqa: F811  (the pact_mock fixture is imported from tests.broker.support)
"""Versions and tags against the Pact Broker's client contract, served by the strict ``pact mock``.

Changed in the served copy (the only changes; each one's justification):

| interaction | field | served as | justified by |
|---|---|---|---|
| the index with pb:latest-version / pb:latest-tagged-version, "a request to retrieve the latest (…) version of Condor" | request header `Accept` (`application/hal+json, application/json`) | removed (pactspec sends `application/hal+json`, as every other interaction of the contract does) | `index_environment.markdown` and `index_pacticipant-branch.markdown`: the broker's own examples send `Accept: application/hal+json` |

``create-or-update-version`` has no interaction in the contract: it is served from
``tests/fixtures/broker/NOT-BROKER-VERIFIED-deploy.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pactspec.broker import Broker, VersionInfo
from tests.broker.support import PactMock, client_contract, interaction, pact_mock, with_interactions  # noqa: F401

pytestmark = pytest.mark.interop

OWN = Path(__file__).resolve().parent.parent / "fixtures" / "broker" / "NOT-BROKER-VERIFIED-deploy.json"
INDEX = "a request for the index resource"
LATEST = "a request to retrieve the latest version of Condor"
LATEST_TAGGED = "a request to retrieve the latest 'production' version of Condor"
LOOSENED = {("index, " + LATEST + ", " + LATEST_TAGGED, "request.headers.Accept"): "index_environment.markdown"}


def _without_accept(found: dict[str, Any]) -> dict[str, Any]:
    assert found["request"]["headers"].pop("Accept") == "application/hal+json, application/json"  # LOOSENED
    return found


@pytest.mark.parametrize(("index_state", "description", "state", "latest"), [
    ("the pb:latest-version relation exists in the index resource", LATEST,
     "'Condor' exists in the pact-broker with the latest version 1.2.3", True),
    ("the pb:latest-tagged-version relation exists in the index resource", LATEST_TAGGED,
     "'Condor' exists in the pact-broker with the latest tagged 'production' version 1.2.3", "production"),
], ids=["latest", "latest-tag"])
def test_describe_the_latest_version(pact_mock: PactMock, index_state: str, description: str, state: str,
                                     latest: bool | str) -> None:
    """--latest and --latest TAG follow pb:latest-version and pb:latest-tagged-version."""
    pact = client_contract()
    served = with_interactions(pact, [_without_accept(interaction(pact, INDEX, index_state)),
                                      _without_accept(interaction(pact, description, state))])
    with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
        found = broker.describe_version("Condor", latest=latest)
    assert found.number == "1.2.3"


def test_describe_a_version_by_number(pact_mock: PactMock) -> None:
    """--version follows pb:pacticipant-version."""
    pact = client_contract()
    version = "5556b8149bf8bac76bc30f50a8a2dd4c22c85f30"
    served = with_interactions(pact, [
        interaction(pact, INDEX, "the pb:pacticipant-version and pb:environments relations exist in the index resource"),
        interaction(pact, "a request for a pacticipant version", f"version {version} of pacticipant Foo exists with a "
                    "test environment available for deployment")])
    with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
        assert broker.describe_version("Foo", version) == VersionInfo("Foo", version)


def test_create_version_tag(pact_mock: PactMock) -> None:
    """No tag relation in the index: PUT {} to the documented tag path, as the official client does."""
    pact = client_contract()
    served = with_interactions(pact, [interaction(pact, INDEX),
                                      interaction(pact, "a request to tag the production version of Condor",
                                                  "'Condor' exists in the pact-broker")])
    with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
        tag_url = broker.create_version_tag("Condor", "1.3.0", "prod")
    assert tag_url.endswith("/pacticipants/Condor/versions/1.3.0/tags/prod")


def test_create_or_update_version_with_a_branch(pact_mock: PactMock) -> None:
    """PUT pb:pacticipant-version with the branch (our own pact: the contract has no such interaction)."""
    pact = client_contract()
    own = [i for i in json.loads(OWN.read_text())["interactions"] if "create a version of Foo" in i["description"]]
    served = with_interactions(pact, [
        interaction(pact, INDEX, "the pb:pacticipant-version and pb:environments relations exist in the index resource"),
        *own])
    with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
        found = broker.create_or_update_version("Foo", "1.2.3", branch="main")
    assert (found.number, found.branches) == ("1.2.3", ("main",))


def test_the_changes_table_names_every_change() -> None:
    """Only the Accept header of those interactions is changed (and the doc that justifies it exists)."""
    from tests.broker.support import broker_reference

    pact = client_contract()
    for found in (interaction(pact, INDEX, "the pb:latest-version relation exists in the index resource"),
                  interaction(pact, LATEST, "'Condor' exists in the pact-broker with the latest version 1.2.3")):
        changed = _without_accept(json.loads(json.dumps(found)))
        found["request"]["headers"].pop("Accept")
        assert found == changed
    for doc in LOOSENED.values():
        assert (broker_reference() / "pact_broker" / "doc" / doc).is_file()
