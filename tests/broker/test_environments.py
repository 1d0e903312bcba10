# ruff: noqa: F811  (the pact_mock fixture is imported from tests.broker.support)
"""Environments against the Pact Broker's client contract, served by the strict ``pact mock``.

Changed in the served copy (the only changes; each one's justification):

| interaction | field | served as | justified by |
|---|---|---|---|
| "a request to create an environment" | request `contacts` | removed: pactspec's create-environment takes name, display name and production | `index_environments.markdown`: its creation example and property list have no contacts |
"""

from __future__ import annotations

from typing import Any

import pytest

from pactspec.broker import Broker, Environment
from tests.broker.support import PactMock, client_contract, interaction, pact_mock, with_interactions  # noqa: F401

pytestmark = pytest.mark.interop

INDEX = ("a request for the index resource", "the pb:environments relation exists in the index resource")
CREATE = "a request to create an environment"
LOOSENED = {(CREATE, "request.body.contacts"): "index_environments.markdown"}


def _create() -> dict[str, Any]:
    created = interaction(client_contract(), CREATE)
    del created["request"]["body"]["contacts"]  # see LOOSENED
    return created


def test_list_environments(pact_mock: PactMock) -> None:
    """Index → GET pb:environments; each embedded environment becomes an Environment."""
    pact = client_contract()
    served = with_interactions(pact, [interaction(pact, *INDEX),
                                      interaction(pact, "a request to list the environments", "an environment exists")])
    with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
        found = broker.environments()
    assert found == (Environment("test", "78e85fb2-9df1-48da-817e-c9bea6294e01", "Test", False),)


def test_create_environment(pact_mock: PactMock) -> None:
    """Index → POST to pb:environments with name, displayName and production; the answer carries the uuid."""
    pact = client_contract()
    with pact_mock.serve(with_interactions(pact, [interaction(pact, *INDEX), _create()])) as url, \
            Broker(url, retries=0) as broker:
        created = broker.create_environment("test", display_name="Test", production=False)
    assert created == Environment("test", "ffe683ef-dcd7-4e4f-877d-f6eb3db8e86e", "Test", False)


def test_a_name_with_spaces_is_refused_before_asking() -> None:
    """The broker's rule (no spaces in a name) is said in one sentence before any request."""
    with Broker("http://127.0.0.1:9", retries=0) as broker, pytest.raises(ValueError, match="--display-name"):
        broker.create_environment("my env")


def test_the_changes_table_names_every_change() -> None:
    """The served copy differs from the contract only where LOOSENED says (and its doc exists)."""
    from tests.broker.support import broker_reference

    original = interaction(client_contract(), CREATE)
    assert original["request"]["body"].pop("contacts")
    assert original == _create()
    for doc in LOOSENED.values():
        assert (broker_reference() / "pact_broker" / "doc" / doc).is_file()
