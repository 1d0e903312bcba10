# ruff: noqa: F811  (the pact_mock fixture is imported from tests.broker.support)
"""Publishing pacts, checked against the Pact Broker's own client contract served by the strict ``pact mock``.

The contract (``../shared/broker/pact_broker-client/Pact Broker Client V2-Pact Broker.json``) is
verified by the Pact Broker's CI, so a request it accepts is one a real broker accepts. The mock
fails the test unless exactly the contract's requests were made.

Loosened in the served copy (the only changes; each one's justification is a broker doc in
``../shared/broker/pact_broker/doc/``):

| interaction | field | served as | justified by |
|---|---|---|---|
| "a request to publish contracts" | `contracts[0].onConflict` (`"merge"`) | removed, to publish without `--merge` | `index_publish-contracts.markdown`: the contract fields it lists (consumerName, providerName, specification, contentType, content) have no `onConflict` |

The fallback PUT (an index without ``pb:publish-contracts``) has no interaction in the contract: it
is served from ``tests/fixtures/broker/NOT-BROKER-VERIFIED-publish-fallback.json``, together with
the contract's own index and tag interactions.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from pactspec.broker import Broker, Notice, PactBrokerConflict
from tests.broker.support import PactMock, client_contract, interaction, pact_mock, with_interactions  # noqa: F401
from tests.fake_broker import FakeBroker

pytestmark = pytest.mark.interop

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "broker"
PUBLISH = "a request to publish contracts"
INDEX = "a request for the index resource"
LOOSENED = {(PUBLISH, "contracts[0].onConflict"): "index_publish-contracts.markdown"}


def _publish_interactions(*, merge: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    pact = client_contract()
    publish = interaction(pact, PUBLISH)
    if not merge:
        del publish["request"]["body"]["contracts"][0]["onConflict"]  # see LOOSENED
    served = with_interactions(pact, [
        interaction(pact, INDEX, "the pb:publish-contracts relations exists in the index resource"), publish])
    return served, publish


def _pact_file(tmp_path: Path, publish: dict[str, Any]) -> Path:
    """The pact file whose bytes the contract's request carries, base64-encoded."""
    path = tmp_path / "Foo-Bar.json"
    path.write_bytes(base64.b64decode(publish["request"]["body"]["contracts"][0]["content"]))
    return path


class TestPublishContracts:
    @pytest.mark.parametrize("merge", [True, False], ids=["merge", "overwrite"])
    def test_publishes_as_the_broker_client_contract_says(self, pact_mock: PactMock, tmp_path: Path,
                                                          merge: bool) -> None:
        """The index, then one POST to pb:publish-contracts with the file's bytes, version, branch, tags, build URL."""
        served, publish = _publish_interactions(merge=merge)
        body = publish["request"]["body"]
        with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
            result = broker.publish([_pact_file(tmp_path, publish)], consumer_app_version=body["pacticipantVersionNumber"],
                                    branch=body["branch"], tags=body["tags"], build_url=body["buildUrl"], merge=merge)
        # The contract's answer has only the "logs" of older brokers: they become the notices.
        assert result.notices == (Notice("some message", type="info"),)
        assert result.contract_urls == ("http://some-pact",)

    def test_the_bytes_are_sent_as_they_are_on_disk(self, pact_mock: PactMock, tmp_path: Path) -> None:
        """A pact file re-serialised differently (spaces) no longer matches the contract: the bytes are not re-encoded."""
        served, publish = _publish_interactions(merge=True)
        path = _pact_file(tmp_path, publish)
        path.write_text(json.dumps(json.loads(path.read_bytes()), indent=2))
        body = publish["request"]["body"]
        sent = []
        with (pytest.raises(pytest.fail.Exception, match="did not match"), pact_mock.serve(served) as url,
              Broker(url, retries=0) as broker):
            try:
                broker.publish([path], consumer_app_version=body["pacticipantVersionNumber"],
                               branch=body["branch"], tags=body["tags"], build_url=body["buildUrl"], merge=True)
            except Exception as exc:  # noqa: BLE001 - the mock answers 500 to a request it does not know
                sent.append(exc)
        assert sent, "the re-indented file was accepted as if it were the contract's bytes"

    def test_the_loosening_table_names_every_change(self) -> None:
        """The served copy differs from the contract only where LOOSENED says (and its doc exists)."""
        from tests.broker.support import broker_reference

        _, publish = _publish_interactions(merge=False)
        original = interaction(client_contract(), PUBLISH)
        assert original["request"]["body"]["contracts"][0].pop("onConflict") == "merge"
        assert original == publish
        for doc in LOOSENED.values():
            assert (broker_reference() / "pact_broker" / "doc" / doc).is_file()


class TestPublishFallback:
    def test_without_publish_contracts_it_puts_the_version_tags_and_pact(self, pact_mock: PactMock,
                                                                         tmp_path: Path) -> None:
        """An index without pb:publish-contracts: PUT the version (branch, build URL), PUT each tag, PUT the pact."""
        pact = client_contract()
        own = json.loads((FIXTURES / "NOT-BROKER-VERIFIED-publish-fallback.json").read_text())
        served = with_interactions(pact, [
            interaction(pact, INDEX),  # broker-verified: an index with no pb:publish-contracts
            interaction(pact, "a request to tag the production version of Condor", "'Condor' exists in the pact-broker"),
            *own["interactions"],
        ])
        path = tmp_path / "Condor-Pricing Service.json"
        path.write_text(json.dumps(own["interactions"][1]["request"]["body"]))
        with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
            result = broker.publish([path], consumer_app_version="1.3.0", branch="main", tags=["prod"],
                                    build_url="http://ci/builds/1234")
        assert [n.text for n in result.notices] == [
            "Tagged Condor version 1.3.0 with 'prod'",
            "Published the pact for Condor version 1.3.0 and provider Pricing Service (HTTP 201)"]

    def test_the_fallback_fixture_says_it_is_not_broker_verified(self) -> None:
        """The pact of our own is marked as such, in its name, its descriptions and its metadata."""
        own = json.loads((FIXTURES / "NOT-BROKER-VERIFIED-publish-fallback.json").read_text())
        assert all(i["description"].startswith("NOT BROKER-VERIFIED") for i in own["interactions"])
        assert own["metadata"]["pactspec"]["verified"].startswith("NOT verified by a Pact Broker")


class TestConflict:
    def test_a_409_is_a_conflict_with_the_brokers_message(self, tmp_path: Path) -> None:
        """Changing a published pact's content is refused (HTTP 409); the error carries the broker's notice."""
        path = tmp_path / "c-p.json"
        with FakeBroker() as fake, Broker(fake.url, retries=0) as broker:
            path.write_text(json.dumps({"consumer": {"name": "c"}, "provider": {"name": "p"}, "messages": []}))
            broker.publish([path], consumer_app_version="1")
            path.write_text(json.dumps({"consumer": {"name": "c"}, "provider": {"name": "p"},
                                        "messages": [{"description": "new", "contents": {}}]}))
            with pytest.raises(PactBrokerConflict, match=r"HTTP 409\): Cannot change the content of the pact for c "
                                                         r"version 1 and provider p") as caught:
                broker.publish([path], consumer_app_version="1")
            assert [n.type for n in caught.value.notices] == ["error", "info"]
            merged = broker.publish([path], consumer_app_version="1", merge=True)
        assert "Pact successfully published for c version 1 and provider p." in [n.text for n in merged.notices]
