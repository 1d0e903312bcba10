"""The fake Pact Broker (tests/fake_broker.py) checked by the official tools, so the other tests can trust it.

* The official ``pact verifier`` verifies the fake against the interactions of the Pact Broker
  client contract that pactspec's flows use (index relations, publish-contracts, tags, versions,
  pacticipants, pacts, environments, recording and ending deployments and releases), setting up
  their provider states through the fake's state-change endpoint.
* The official ``pact broker publish`` publishes to it, with and without credentials.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.broker.support import ENV, client_contract, pact_cli, with_interactions
from tests.fake_broker import STATES, FakeBroker

pytestmark = pytest.mark.interop

# The contract's interactions the fake must honour. The verifier posts an empty state for the ones
# without a provider state: the fake starts again empty for them.
INTERACTIONS = [
    ("a request to retrieve a pacticipant", None),
    ("a request for the index resource", None),
    ("a request for the index resource with the webhook relation", None),
    ("a request to create a pacticipant", None),
    ("a request to publish contracts", None),
    *[("a request for the index resource", state) for state in (
        "the pacticipant relations are present",
        "the pb:environments relation exists in the index resource",
        "the pb:latest-tagged-version relation exists in the index resource",
        "the pb:latest-version relation exists in the index resource",
        "the pb:pacticipant-branch relation exists in the index resource",
        "the pb:pacticipant-version and pb:environments relations exist in the index resource",
        "the pb:publish-contracts relations exists in the index resource")],
    ("a request to retrieve a pacticipant", "a pacticipant with name Foo exists"),
    ("a request to get the Pricing Service", "the 'Pricing Service' does not exist in the pact-broker"),
    ("a request to tag the production version of Condor", "'Condor' does not exist in the pact-broker"),
    ("a request to tag the production version of Condor", "'Condor' exists in the pact-broker"),
    ("a request to tag the production version of Condor",
     "'Condor' exists in the pact-broker with version 1.3.0, tagged with 'prod'"),
    ("a request to retrieve the latest version of Condor", "'Condor' exists in the pact-broker with the latest version 1.2.3"),
    ("a request to retrieve the latest 'production' version of Condor",
     "'Condor' exists in the pact-broker with the latest tagged 'production' version 1.2.3"),
    # deploy gating (issue #13)
    ("a request to create an environment", None),
    ("a request to list the environments", "an environment exists"),
    ("a request for the environments", "an environment with name test exists"),
    ("a request for an environment", "an environment with name test and UUID 16926ef3-590f-4e3f-838e-719717aa88c9 exists"),
    *[("a request for a pacticipant version", (f"version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists "
       f"with a test environment available for {what}")) for what in ("deployment", "release")],
    *[(f"a request to record a {what}", ("version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists "
       "with a test environment available for deployment")) for what in ("deployment", "release")],
    ("a request to list the versions deployed to an environment for a pacticipant name and application instance",
     "an version is deployed to environment with UUID 16926ef3-590f-4e3f-838e-719717aa88c9 with target customer-1"),
    ("a request to mark a deployed version as not currently deploye", "a currently deployed version exists"),
    ("a request retrieve a pact for a specific version",
     ("the 'Pricing Service' and 'Condor' already exist in the pact-broker, and Condor already has a pact "
     "published for version 1.3.0")),
]


def test_the_official_verifier_verifies_the_fake_against_the_broker_client_contract(tmp_path: Path) -> None:
    """Every listed interaction of the broker's own client contract passes against the fake."""
    pact = client_contract()
    chosen = []
    for description, state in INTERACTIONS:
        [found] = [i for i in pact["interactions"] if i["description"] == description and i.get("providerState") == state]
        chosen.append(found)
    assert {state for _, state in INTERACTIONS} - {None} <= set(STATES)
    subset = tmp_path / "broker-client-subset.json"
    subset.write_text(json.dumps(with_interactions(pact, chosen)))
    with FakeBroker() as fake:
        port = fake.url.rsplit(":", 1)[1]
        done = subprocess.run(
            [pact_cli(), "verifier", "-f", str(subset), "-h", "127.0.0.1", "-p", port,
             "-s", f"{fake.url}/_pact/provider-states", "-n", "Pact Broker"],
            capture_output=True, text=True, timeout=180, env=ENV, check=False)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "Failures:" not in done.stdout
    # every interaction was run, its state set up (the verifier prints each state as "Given …")
    assert done.stdout.count("returns a response which") == len(INTERACTIONS), done.stdout
    assert all(f"Given {state}" in done.stdout for _, state in INTERACTIONS if state)


@pytest.mark.parametrize("credentials", [False, True], ids=["anonymous", "basic-auth"])
def test_the_official_broker_client_publishes_to_the_fake(tmp_path: Path, credentials: bool) -> None:
    """`pact broker publish` creates the version with its branch and tag, and the pact, on the fake."""
    pacts = tmp_path / "pacts"
    pacts.mkdir()
    (pacts / "web-orders.json").write_text(json.dumps({
        "consumer": {"name": "web"}, "provider": {"name": "orders"},
        "messages": [{"description": "an order", "contents": {"id": 1}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}}))
    fake = FakeBroker(username="ann", password="s3cret") if credentials else FakeBroker()
    with fake:
        auth = ["-u", "ann", "-p", "s3cret"] if credentials else []
        done = subprocess.run(
            [pact_cli(), "broker", "publish", str(pacts), "-b", fake.url, *auth, "-a", "1.0.0", "--branch", "main",
             "-t", "dev"], capture_output=True, text=True, timeout=120, env=ENV, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        version = fake.versions[("web", "1.0.0")]
        assert (version.branches, version.tags) == (["main"], ["dev"])
        [publication] = fake.publications
        assert (publication.consumer, publication.provider) == ("web", "orders")
        assert fake.contents[publication.sha]["messages"][0]["description"] == "an order"
        assert fake.pacticipants["web"]["mainBranch"] == "main"


def test_the_fake_refuses_wrong_credentials(tmp_path: Path) -> None:
    """With credentials configured, `pact broker publish` without them fails: the fake checks auth."""
    pacts = tmp_path / "pacts"
    pacts.mkdir()
    (pacts / "web-orders.json").write_text(json.dumps({"consumer": {"name": "web"}, "provider": {"name": "orders"},
                                                       "messages": []}))
    with FakeBroker(username="ann", password="s3cret") as fake:
        done = subprocess.run([pact_cli(), "broker", "publish", str(pacts), "-b", fake.url, "-a", "1"],
                              capture_output=True, text=True, timeout=120, env=ENV, check=False)
        assert done.returncode != 0
        assert fake.publications == []
