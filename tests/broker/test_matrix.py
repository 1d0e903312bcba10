# ruff: noqa: F811  (the pact_mock fixture is imported from tests.broker.support)
"""can-i-deploy against the Pact Broker's own client contract, served by the strict ``pact mock``.

Each test serves the contract's matrix interaction for one query form and checks that pactspec
sent exactly that query (the mock fails the test otherwise) and read the answer right.

Changed in the served copy (the only changes; each one's justification):

| interaction | field | served as | justified by |
|---|---|---|---|
| "…for Foo version 1.2.3 and Bar version 4.5.6" (Foo) | response `summary.deployable` (`true`) | `false`, for the "no" case | the interaction's own matching rule: `$.body` matches by type, so any boolean is an answer the contract allows; `can-i-deploy.markdown` describes the yes/no answer |
"""

from __future__ import annotations

from typing import Any

import pytest

from pactspec.broker import Broker, MatrixSelector, PactBrokerRejected, matrix_query
from tests.broker.support import PactMock, client_contract, interaction, pact_mock, with_interactions  # noqa: F401

pytestmark = pytest.mark.interop

FOO_BAR = "a request for the compatibility matrix for Foo version 1.2.3 and Bar version 4.5.6"
FOO_BAR_STATE = "the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6"
LOOSENED = {(FOO_BAR, "response.body.summary.deployable"): "can-i-deploy.markdown"}


def _served(description: str, state: str | None = None, **changes: Any) -> dict[str, Any]:
    pact = client_contract()
    chosen = interaction(pact, description, state)
    if "deployable" in changes:
        chosen["response"]["body"]["summary"]["deployable"] = changes["deployable"]  # see LOOSENED
    return with_interactions(pact, [chosen])


class TestCanIDeployAgainstTheContract:
    def test_yes_for_two_versions(self, pact_mock: PactMock) -> None:
        """Two pacticipant versions: q[] groups and latestby=cvpv; the broker's yes, reason and rows are read."""
        with pact_mock.serve(_served(FOO_BAR, FOO_BAR_STATE)) as url, Broker(url, retries=0) as broker:
            result = broker.can_i_deploy("Foo", "1.2.3", others=[MatrixSelector("Bar", version="4.5.6")])
        assert result.deployable is True
        assert result.reason == "some text"
        [row] = result.rows
        assert (row.consumer, row.consumer_version, row.provider, row.provider_version, row.success) == (
            "Foo", "4", "Bar", "5", True)
        assert row.verification_url == f"{url}/result" or row.verification_url.endswith("/result")

    def test_a_name_with_a_space(self, pact_mock: PactMock) -> None:
        """'Foo Thing' is sent percent-encoded, as the contract's Foo+Thing."""
        served = _served(FOO_BAR, "the pact for Foo Thing version 1.2.3 has been verified by Bar version 4.5.6")
        with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
            result = broker.can_i_deploy("Foo Thing", "1.2.3", others=[MatrixSelector("Bar", version="4.5.6")])
        assert result.deployable is True

    def test_no(self, pact_mock: PactMock) -> None:
        """deployable false is a no (see LOOSENED)."""
        with pact_mock.serve(_served(FOO_BAR, FOO_BAR_STATE, deployable=False)) as url, \
                Broker(url, retries=0) as broker:
            result = broker.can_i_deploy("Foo", "1.2.3", others=[MatrixSelector("Bar", version="4.5.6")])
        assert result.deployable is False

    def test_a_missing_version_is_unknown(self, pact_mock: PactMock) -> None:
        """No 'deployable' in the summary (a version the broker does not have): unknown, with the broker's reason."""
        served = _served("a request for the compatibility matrix where one or more versions does not exist",
                         FOO_BAR_STATE)
        with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
            result = broker.can_i_deploy("Foo", "1.2.3", others=[MatrixSelector("Bar", version="9.9.9")])
        assert (result.deployable, result.reason, result.rows, result.is_unknown) == (None, "an error message", (), True)

    def test_retry_while_unknown_reads_again_then_says_no(self, pact_mock: PactMock) -> None:
        """--retry-while-unknown 2: the matrix is read three times, waiting between; still unknown."""
        served = _served("a request for the compatibility matrix where one or more versions does not exist",
                         FOO_BAR_STATE)
        slept: list[float] = []
        said: list[str] = []
        with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
            result = broker.can_i_deploy("Foo", "1.2.3", others=[MatrixSelector("Bar", version="9.9.9")],
                                         retry_while_unknown=2, retry_interval=0.5, sleep=slept.append,
                                         waiting=said.append)
        assert (result.deployable, result.attempts, slept) == (None, 3, [0.5, 0.5])
        assert said and said[0].startswith("Waiting for an answer")

    def test_an_unknown_pacticipant_is_the_brokers_400(self, pact_mock: PactMock) -> None:
        """The broker's 400 and its error list become one-sentence bad input."""
        served = _served("a request for the compatibility matrix for a pacticipant that does not exist")
        with pact_mock.serve(served) as url, Broker(url, retries=0) as broker, \
                pytest.raises(PactBrokerRejected, match=r"HTTP 400\): an error message"):
            broker.can_i_deploy("Wiffle", "1.2.3", others=[MatrixSelector("Meep", version="9.9.9")])

    def test_ignore_a_version(self, pact_mock: PactMock) -> None:
        """--ignore Foo --version 3.4.5 with all Foo versions tagged prod: ignore[] params, ignored rows, notices."""
        served = _served("a request to determine if Bar can be deployed with all Foo tagged prod, ignoring the "
                         "verification for Foo version 3.4.5",
                         "provider Bar version 4.5.6 has a successful verification for Foo version 1.2.3 tagged prod "
                         "and a failed verification for version 3.4.5 tagged prod")
        with pact_mock.serve(served) as url, Broker(url, retries=0) as broker:
            result = broker.can_i_deploy("Bar", "4.5.6", others=[MatrixSelector("Foo", tag="prod")],
                                         ignore=[MatrixSelector("Foo", version="3.4.5")])
        assert result.deployable is True
        assert [(r.consumer_version, r.success, r.ignored) for r in result.rows] == [
            ("1.2.3", True, False), ("3.4.5", False, True)]
        assert [n.text for n in result.notices] == ["some notice"]

    @pytest.mark.parametrize(("description", "state", "call"), [
        ("a request for the compatibility matrix for Foo version 1.2.3 and the latest version of Bar",
         ("the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6, and 1.2.4 "
         "unsuccessfully by 9.9.9"),
         lambda b: b.can_i_deploy("Foo", "1.2.4", others=[MatrixSelector("Bar", latest=True)])),
        ("a request for the compatibility matrix for Foo version 1.2.3 and the latest prod version of Bar",
         ("the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 with tag prod, and "
         "1.2.4 unsuccessfully by 9.9.9"),
         lambda b: b.can_i_deploy("Foo", "1.2.3", others=[MatrixSelector("Bar", latest=True, tag="prod")])),
        ("a request for the compatibility matrix where only the version of Foo is specified",
         "the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6 and version 5.6.7",
         lambda b: b.can_i_deploy("Foo", "1.2.3")),
        (("a request for the compatibility matrix for Foo version 1.2.3 and the latest prod versions of all other "
         "pacticipants"),
         ("the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 (tagged prod) and "
         "version 5.6.7"),
         lambda b: b.can_i_deploy("Foo", "1.2.3", to="prod")),
    ], ids=["latest", "latest-tag", "one-version", "to-tag"])
    def test_the_other_query_forms(self, pact_mock: PactMock, description: str, state: str, call: Any) -> None:
        """--latest, --latest TAG, one pacticipant alone (latest=true, cvp) and --to TAG send the contract's query."""
        with pact_mock.serve(_served(description, state)) as url, Broker(url, retries=0) as broker:
            result = call(broker)
        assert result.rows

    def test_the_changes_table_names_every_change(self) -> None:
        """The served copy differs from the contract only where LOOSENED says (and its doc exists)."""
        from tests.broker.support import broker_reference

        served = _served(FOO_BAR, FOO_BAR_STATE, deployable=False)["interactions"][0]
        original = interaction(client_contract(), FOO_BAR, FOO_BAR_STATE)
        original["response"]["body"]["summary"]["deployable"] = False
        assert original == served
        assert original["response"]["matchingRules"]["$.body"] == {"match": "type"}
        for doc in LOOSENED.values():
            assert (broker_reference() / "pact_broker" / "doc" / doc).is_file()


class TestMatrixQuery:
    @pytest.mark.parametrize(("kwargs", "query"), [
        ({"to_environment": "prod"}, "q[][pacticipant]=Foo&q[][version]=1.2.3&latestby=cvp&environment=prod"),
        ({}, "q[][pacticipant]=Foo&q[][version]=1.2.3&latestby=cvp&latest=true"),
        ({"to_tag": "prod"}, "q[][pacticipant]=Foo&q[][version]=1.2.3&latestby=cvp&latest=true&tag=prod"),
        ({"to_environment": "prod", "ignore": [MatrixSelector("Bar"), MatrixSelector("Baz", version="3")]},
         ("q[][pacticipant]=Foo&q[][version]=1.2.3&latestby=cvp&environment=prod&ignore[][pacticipant]=Bar"
         "&ignore[][pacticipant]=Baz&ignore[][version]=3")),
    ], ids=["environment", "alone", "to-tag", "ignore"])
    def test_one_version(self, kwargs: dict[str, Any], query: str) -> None:
        """The query forms of the broker's doc for one pacticipant version (each ignore group in Rails order)."""
        assert matrix_query([MatrixSelector("Foo", version="1.2.3")], **kwargs) == query

    def test_branch_and_main_branch(self) -> None:
        """--branch and --main-branch select the latest of a branch by name, as the official CLI sends them."""
        assert matrix_query([MatrixSelector("Foo", branch="feat/x"), MatrixSelector("Bar", main_branch=True)]) == (
            "q[][pacticipant]=Foo&q[][branch]=feat%2Fx&q[][pacticipant]=Bar&q[][mainBranch]=true&latestby=cvpv")

    @pytest.mark.parametrize(("selectors", "kwargs", "message"), [
        ([], {}, "needs at least one --pacticipant"),
        ([MatrixSelector("Foo")], {}, "say which version of Foo"),
        ([MatrixSelector("Foo", version="1")], {"to_environment": "a", "to_tag": "b"}, "not both"),
    ], ids=["none", "no-version", "two-targets"])
    def test_bad_input_is_one_sentence(self, selectors: list[MatrixSelector], kwargs: dict[str, Any],
                                       message: str) -> None:
        """A selector without a version, no selector, or two targets: InputError saying what to write."""
        with pytest.raises(ValueError, match=message):
            matrix_query(selectors, **kwargs)
