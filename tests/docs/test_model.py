"""The documentation model built from pacts, features and results (pactspec.docs._build)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pactspec.docs import build_site, load_features, load_results
from pactspec.docs._build import pair_status
from pactspec.docs._results import parse_results
from pactspec.model import (
    NO_BODY,
    AsynchronousMessage,
    MessageContents,
    Pact,
    ProviderState,
    RawInteraction,
)
from pactspec.pactfile._reading import load_pacts

FIXTURES = Path(__file__).parents[1] / "fixtures" / "docs"


@pytest.fixture(scope="module")
def site():
    return build_site(
        load_pacts([FIXTURES / "pacts"]),
        features=load_features(FIXTURES / "features"),
        results=load_results([FIXTURES / "results-user-events.json"]),
        generated_at=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC),
    )


def _interaction(site, description):
    return next(i for p in site.pacts for i in p.interactions if i.description == description)


def _pact(description: str = "m", **contents) -> Pact:
    message = AsynchronousMessage(description, MessageContents(**contents))
    return Pact("c", "p", (message,))


class TestServices:
    def test_matrix_names_every_pair(self, site):
        """The matrix lists consumer → provider pairs with their pacts, sorted by name."""
        assert [(c, p, len(pacts)) for c, p, pacts in site.matrix] == [
            ("billing", "order-service", 1), ("user-service", "user-events", 1)]
        assert site.consumers == ("billing", "user-service")
        assert site.providers == ("order-service", "user-events")

    def test_services_know_both_directions(self, site):
        """Each service says whose messages it consumes and who consumes its messages."""
        services = {s.name: s for s in site.services}
        assert services["user-service"].consumes_from == ("user-events",)
        assert services["user-events"].provides_to == ("user-service",)
        assert services["user-events"].consumes_from == ()

    def test_state_names_for_the_filter(self, site):
        """Every provider state name appears once, sorted, for the state filter."""
        assert site.state_names == ("User with id 127 exists", "an order exists")

    def test_generated_at(self, site):
        assert site.generated_at == "2026-01-02 03:04 UTC"
        assert site.interaction_count == 6


class TestStatus:
    def test_results_attach_to_their_interactions(self, site):
        """A passed result, a failed pending one and a failed one land on their interactions."""
        assert _interaction(site, "a user event").status == "passed"
        assert _interaction(site, "a user deleted event").status == "pending"
        lookup = _interaction(site, "a user lookup").verification
        assert lookup.status == "failed"
        assert lookup.provider_version == "1.4.2"
        assert lookup.verified_at == "2026-11-25T13:45:00Z"
        assert [(m.path, m.message) for m in lookup.mismatches] == [
            ("$.name", "Expected 12 (Integer) to be the same type as 'Billy' (String)")]

    def test_skipped_counts_as_not_verified(self, site):
        """A skipped interaction has no result."""
        assert _interaction(site, "a user avatar").verification is None

    def test_pact_status_and_counts(self, site):
        """A pact with one failure is failing; its counts say how many of each status."""
        users = next(p for p in site.pacts if p.provider == "user-events")
        assert users.status == "failed"
        assert dict(users.counts) == {"passed": 1, "failed": 1, "pending": 1, "unverified": 1}
        orders = next(p for p in site.pacts if p.provider == "order-service")
        assert orders.status == "unverified"

    @pytest.mark.parametrize("statuses, expected", [
        ([], "unverified"),
        (["passed", "passed"], "passed"),
        (["passed", "unverified"], "partial"),
        (["passed", "pending"], "pending"),
        (["unverified", "unverified"], "unverified"),
        (["passed", "error"], "failed"),
    ])
    def test_pair_status(self, site, statuses, expected):
        """A pair's status combines its pacts' statuses; any failure wins."""
        pacts = [next(iter(site.pacts)).__class__(
            consumer="c", provider="p", slug=f"s{n}", source="", spec_version="4.0", interactions=(),
            metadata=(), status=s, counts=()) for n, s in enumerate(statuses)]
        assert pair_status(pacts) == expected

    def test_latest_result_wins(self):
        """Of two results for one interaction, the later verifiedAt is shown, whatever the file order."""
        def doc(when, status):
            return {"schema": "pactspec-verification/1", "provider": {"name": "p", "version": when},
                    "verifiedAt": when, "pacts": [{"consumer": "c", "provider": "p", "interactions": [
                        {"description": "m", "key": None, "providerStates": [], "pending": False,
                         "status": status, "mismatches": [], "errors": []}]}]}
        index = parse_results(doc("2026-02-01T00:00:00Z", "passed"), source="new.json")
        parse_results(doc("2026-01-01T00:00:00Z", "failed"), source="old.json", into=index)
        site = build_site([("x.json", _pact())], results=index)
        verification = site.pacts[0].interactions[0].verification
        assert (verification.status, verification.source) == ("passed", "new.json")

    def test_results_for_other_interactions_are_counted(self):
        """Results that name no interaction of these pacts are counted, not shown."""
        index = parse_results({"pacts": [{"consumer": "c", "provider": "p", "interactions": [
            {"description": "gone", "status": "passed"}]}]}, source="r.json")
        site = build_site([("x.json", _pact())], results=index)
        assert site.unmatched_results == 1
        assert site.pacts[0].interactions[0].verification is None


class TestScenario:
    def test_found_by_the_location_in_comments(self, site):
        """The V4 comments' features/users.feature:6 finds the scenario and its text."""
        scenario = _interaction(site, "a user event").scenario
        assert scenario.location.endswith("users.feature:6")
        assert scenario.feature == "User events"
        assert scenario.name == "a user event"
        assert '  When the message "a user event" is received' in scenario.text
        assert "    | $.datetime | 2020-01-01 | regex [0-9\\-]+ |" in scenario.text
        assert scenario.text.startswith("@users\nBackground:")

    def test_found_by_message_description(self, site):
        """Without a location in the pact, the scenario naming the message (same consumer/provider) is used."""
        scenario = _interaction(site, "a user lookup").scenario
        assert scenario.line == 23
        assert '"""\n    {"id": 127, "name": "Billy"}\n    """' in scenario.text

    def test_no_scenario(self, site):
        assert _interaction(site, "an order placed event").scenario is None

    def test_location_without_features(self):
        """Without --features, the location recorded in the pact is still shown."""
        pact = Pact("c", "p", (AsynchronousMessage("m", comments={"testname": "features/a.feature:12"}),))
        scenario = build_site([("x.json", pact)]).pacts[0].interactions[0].scenario
        assert (scenario.file, scenario.line, scenario.text) == ("features/a.feature", 12, "")


class TestAsyncAPIReference:
    def test_the_operation_is_a_comment_line(self):
        """The living docs show the AsyncAPI operation an interaction references, in words."""
        pact = Pact("c", "p", (AsynchronousMessage("m", comments={
            "references": {"AsyncAPI": {"operationId": "onUserSignedUp"}}}),))
        assert build_site([("x.json", pact)]).pacts[0].interactions[0].comments == (
            "AsyncAPI operation: onUserSignedUp",)


class TestMessages:
    def test_json_body_and_rules_table(self, site):
        """The example is pretty JSON; the rules table reads field → rule → generator in words."""
        part = _interaction(site, "a user event").parts[0]
        assert part.title == "Message"
        assert part.content_type == "application/json"
        assert json.loads(part.body.text)["id"] == 12
        assert '\n  "name": "Billy"' in part.body.text
        rows = {(f.category, f.path): (f.rule, f.generator) for f in part.fields}
        assert rows[("body", "$.datetime")] == ("text matching [0-9\\-]+", "")
        assert rows[("body", "$.name")] == ("any string", "")
        assert rows[("body", "$.id")] == ("any integer", "filled in by the provider state: ${id}")
        assert rows[("body", "$.tags")] == ("an array of at least 1 item, each like the example", "")
        assert rows[("metadata", "topic")] == ("text matching users\\.v[0-9]+", "")
        assert [f.category for f in part.fields][-1] == "metadata"

    def test_states_and_params(self, site):
        """Provider states keep their parameters, values as JSON text."""
        (state,) = _interaction(site, "a user event").states
        assert (state.name, state.params) == ("User with id 127 exists", (("id", "127"),))

    def test_metadata(self, site):
        part = _interaction(site, "a user event").parts[0]
        assert part.metadata == (("Content-Type", "application/json"), ("topic", "users.v1"))

    def test_wildcard_paths_use_the_first_item(self, site):
        """A rule under [*] is described with the first array item as its example."""
        rows = {f.path: f.rule for f in _interaction(site, "an order placed event").parts[0].fields}
        assert rows["$.items[*].sku"] == "any string"
        assert rows["$.total"] == "any decimal number"

    def test_synchronous_message_has_request_and_response(self, site):
        parts = _interaction(site, "a user lookup").parts
        assert [p.title for p in parts] == ["Request", "Response"]
        assert [f.path for f in parts[1].fields] == ["$.name"]

    def test_binary_body(self, site):
        """A binary body shows its type, size and a hex preview."""
        body = _interaction(site, "a user avatar").parts[0].body
        assert (body.kind, body.size) == ("binary", 108)
        assert body.text.startswith("89 50 4e 47 0d 0a 1a 0a")
        assert body.text.endswith("… 44 more bytes")

    def test_xml_body_is_pretty_printed(self, site):
        body = _interaction(site, "an order shipped event").parts[0].body
        assert body.kind == "xml"
        assert "<shipment>\n  <order id=\"A-1\"/>\n  <carrier>DHL</carrier>\n</shipment>" in body.text

    def test_xml_with_a_doctype_is_shown_as_written(self):
        """A document type could expand entities without bound, so it is not parsed."""
        text = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'
        site = build_site([("x.json", _pact(body=text, content_type="application/xml"))])
        assert site.pacts[0].interactions[0].parts[0].body.text == text

    def test_text_and_no_body(self):
        text = build_site([("x.json", _pact(body="hello\nworld", content_type="text/plain"))])
        assert text.pacts[0].interactions[0].parts[0].body.text == "hello\nworld"
        empty = build_site([("x.json", _pact(body=NO_BODY))])
        assert empty.pacts[0].interactions[0].parts[0].body.kind == "none"

    def test_generator_without_a_rule_gets_a_row(self):
        site = build_site([("x.json", _pact(body={"id": 1}, generators={"body": {"$.id": {"type": "RandomInt", "min": 1, "max": 9}}}))])
        (row,) = site.pacts[0].interactions[0].parts[0].fields
        assert (row.path, row.rule, row.generator) == ("$.id", "", "a random integer from 1 to 9")

    def test_raw_interaction_is_shown_as_stored(self):
        """An HTTP interaction in a V4 pact is listed with its JSON, not dropped."""
        raw = RawInteraction({"type": "Synchronous/HTTP", "description": "get a user",
                              "providerStates": [{"name": "s"}], "request": {"method": "GET"}})
        site = build_site([("x.json", Pact("c", "p", (raw,)))])
        doc = site.pacts[0].interactions[0]
        assert (doc.description, doc.type, doc.states[0].name) == ("get a user", "Synchronous/HTTP", "s")
        assert '"method": "GET"' in doc.parts[0].body.text


class TestNames:
    def test_slugs_are_unique_and_safe(self):
        """Names that differ only in case or punctuation still get their own page."""
        pacts = [("a.json", Pact("A B", "p")), ("b.json", Pact("a-b", "p")), ("c.json", Pact("../x", "<p>"))]
        slugs = [p.slug for p in build_site(pacts).pacts]
        assert len(set(slugs)) == 3
        assert all(set(s) <= set("abcdefghijklmnopqrstuvwxyz0123456789-._") for s in slugs)
        assert not any(s.startswith(".") for s in slugs)

    def test_anchors_are_unique_within_a_page(self):
        pact = Pact("c", "p", (AsynchronousMessage("same"), AsynchronousMessage("same",
                                                                               provider_states=(ProviderState("s"),))))
        anchors = [i.anchor for i in build_site([("x.json", pact)]).pacts[0].interactions]
        assert len(set(anchors)) == 2

    def test_search_text_holds_description_states_and_services(self, site):
        text = _interaction(site, "a user event").search_text
        for word in ("a user event", "user with id 127 exists", "user-service", "user-events", "id 127"):
            assert word in text


def test_public_names():
    """pactspec.docs exports exactly its documented names, each importable."""
    from pactspec import docs

    assert sorted(docs.__all__) == [
        "FeatureIndex", "ResultIndex", "Site", "asyncapi_index", "broker_site", "build_site", "describe_generator", "describe_rule",
        "describe_rules", "generate_docs", "generate_docs_from_broker", "load_contract_sources", "load_features",
        "load_results", "render_pages", "render_site"]
    assert all(hasattr(docs, name) for name in docs.__all__)
