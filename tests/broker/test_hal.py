"""HAL links: relations found, templates expanded, hrefs resolved onto the configured broker URL."""

from __future__ import annotations

import pytest

from pactspec.broker._hal import expand, find_link, link_href, resolve
from pactspec.errors import InputError, PactBrokerResponseError


class TestResolve:
    @pytest.mark.parametrize(("href", "base", "expected"), [
        # absolute hrefs of another host (a broker behind a proxy) move onto the base URL, path and query kept
        ("http://internal:9292/pacts/provider/Bar?x=1", "https://broker.example", "https://broker.example/pacts/provider/Bar?x=1"),
        ("http://localhost:9876/pacts/provider/p/consumer/c_1", "http://127.0.0.1:5000",
         "http://127.0.0.1:5000/pacts/provider/p/consumer/c_1"),
        # a base URL with a path prefix: hrefs without it get it, hrefs with it keep it once
        ("http://internal/pacts/provider/Bar", "https://ci/broker", "https://ci/broker/pacts/provider/Bar"),
        ("https://ci/broker/pacts/provider/Bar", "https://ci/broker", "https://ci/broker/pacts/provider/Bar"),
        # relative hrefs
        ("/contracts/publish", "http://h:1", "http://h:1/contracts/publish"),
        ("/contracts/publish", "http://h/broker", "http://h/broker/contracts/publish"),
        ("contracts/publish", "http://h/broker", "http://h/broker/contracts/publish"),
        ("/pacts/provider/Pricing%20Service/latest", "http://h", "http://h/pacts/provider/Pricing%20Service/latest"),
    ])
    def test_resolves_onto_the_base_url(self, href: str, base: str, expected: str) -> None:
        """The configured scheme and host always win; the href's path and query are kept."""
        assert resolve(href, base) == expected


class TestExpand:
    def test_fills_and_encodes_template_values(self) -> None:
        """Each {name} gets its value URL-encoded (spaces, slashes)."""
        assert expand("/pacts/provider/{provider}/for-verification", {"provider": "Pricing Service"}) == \
            "/pacts/provider/Pricing%20Service/for-verification"
        assert expand("/b/{branch}/v/{version}", {"branch": "feat/x", "version": "1.0"}) == "/b/feat%2Fx/v/1.0"

    def test_an_unknown_template_part_is_a_malformed_answer(self) -> None:
        """A template naming a value pactspec does not have is reported with the href."""
        with pytest.raises(PactBrokerResponseError, match=r"needs \{tenant\}"):
            expand("/x/{tenant}", {"provider": "p"})


class TestFindLink:
    def test_finds_a_relation_and_the_first_of_a_list(self) -> None:
        """A relation's href; for a list of links, the first one's."""
        doc = {"_links": {"a": {"href": "/a"}, "b": [{"href": "/b1"}, {"href": "/b2"}]}}
        assert (find_link(doc, "a", where="x"), find_link(doc, "b", where="x"), find_link(doc, "c", where="x")) == \
            ("/a", "/b1", None)

    @pytest.mark.parametrize(("document", "message"), [
        ([], "is not a JSON object"),
        ({"_links": []}, "'_links' is not a JSON object"),
        ({"_links": {"a": {"title": "no href"}}}, "the 'a' link has no href"),
        ({"_links": {}}, "has no 'a' link"),
    ])
    def test_a_malformed_answer_says_what_is_wrong(self, document: object, message: str) -> None:
        """Malformed HAL is one sentence naming the answer and the problem; it is bad input (exit 2)."""
        with pytest.raises(PactBrokerResponseError, match=message) as caught:
            link_href(document, "a", where="the index")
        assert isinstance(caught.value, InputError)
