"""The broker client's data: selectors validated where they enter, results shaped as the broker stores them."""

from __future__ import annotations

from typing import Any

import pytest

from pactspec.broker import (
    BasicAuth,
    InteractionOutcome,
    Notice,
    PactForVerification,
    ResultMismatch,
    Selector,
    TokenAuth,
)
from pactspec.errors import InputError


class TestSelector:
    @pytest.mark.parametrize("data", [
        {"mainBranch": True}, {"deployedOrReleased": True}, {"matchingBranch": True},
        {"branch": "feat/x", "fallbackBranch": "main"}, {"tag": "prod", "latest": True},
        {"deployed": True, "environment": "production"}, {"consumer": "Foo", "latest": True},
    ])
    def test_round_trips_the_documented_selectors(self, data: dict[str, Any]) -> None:
        """A documented selector reads and writes back unchanged."""
        assert Selector.from_json(data).to_json() == data

    @pytest.mark.parametrize(("data", "message"), [
        ({"mainbranch": True}, "unknown key 'mainbranch'; the Pact Broker knows mainBranch, branch"),
        ({"mainBranch": False}, "'mainBranch' can only be true"),
        ({"branch": 12}, "'branch' must be a JSON string \\(got 12 that is a int\\)"),
        ({"latest": "yes"}, "'latest' must be a JSON boolean"),
        (["mainBranch"], "must be a JSON object"),
        ({}, "needs at least one key"),
    ])
    def test_a_wrong_selector_names_the_key(self, data: Any, message: str) -> None:
        """Invalid selector JSON is bad input whose message says which key is wrong and why."""
        with pytest.raises(InputError, match=message):
            Selector.from_json(data, "--consumer-version-selectors 1")


class TestOutcomes:
    def test_a_passed_interaction_is_named_by_its_broker_id(self) -> None:
        """The shape the official verifiers publish for a success: interactionId and success only."""
        assert InteractionOutcome("d", True, "ID1").to_json() == {"interactionId": "ID1", "success": True}

    def test_without_an_id_the_description_names_it(self) -> None:
        """A pact without broker ids still says which interaction it was."""
        assert InteractionOutcome("d", True).to_json() == {"interactionDescription": "d", "success": True}

    def test_a_failure_carries_its_description_and_mismatches(self) -> None:
        """A failed interaction: id, description, success false and each mismatch (path first)."""
        outcome = InteractionOutcome("d", False, "ID1", (ResultMismatch("body", "expected an integer", "$.id"),))
        assert outcome.to_json() == {"interactionId": "ID1", "interactionDescription": "d", "success": False,
                                     "mismatches": [{"attribute": "body", "description": "$.id: expected an integer"}]}


class TestNotices:
    def test_after_verification_picks_the_notice_for_the_outcome(self) -> None:
        """Only the after_verification notice for this success/published pair is returned."""
        notices = tuple(Notice(f"{s}/{p}", when=f"after_verification:success_{s}_published_{p}")
                        for s in ("true", "false") for p in ("true", "false"))
        pact = PactForVerification("u", "n", True, False, (Notice("b", when="before_verification"), *notices), {}, None)
        assert pact.after_verification(success=False, published=True) == ("false/true",)
        assert pact.before_verification == ("b",)


class TestCredentials:
    def test_secrets_never_show_in_a_repr(self) -> None:
        """repr() of credentials shows the username only."""
        assert "s3cret" not in repr(BasicAuth("ann", "s3cret")) and "ann" in repr(BasicAuth("ann", "s3cret"))
        assert "t0ken" not in repr(TokenAuth("t0ken"))
