"""XML bodies: elements, attributes and text with Pact's XML paths."""

from __future__ import annotations

from typing import Any

import pytest

from pactspec.matching._message import match_body
from pactspec.matching._xml import match_xml, parse_xml
from pactspec.rules._tree import compile_rules

XML = "application/xml"


def _xml(
    expected: str, actual: str, rules: dict[str, Any] | None = None, *, strict: bool = False
) -> list[str]:
    mismatches = match_xml(expected, actual, compile_rules(rules), allow_unexpected_keys=not strict)
    return [f"{m.path} -> {m.message}" for m in mismatches]


def _rule(match: str, **fields: Any) -> dict[str, Any]:
    return {"matchers": [{"match": match, **fields}]}


class TestEquality:
    def test_identical_documents_match(self) -> None:
        """Attribute order and whitespace between elements do not matter."""
        assert _xml('<a x="1" y="2"><b>t</b></a>', '<a y="2" x="1">\n  <b> t </b>\n</a>') == []

    def test_text_difference(self) -> None:
        """Text is compared at the element's #text path."""
        assert _xml("<a><b>red</b></a>", "<a><b>blue</b></a>") == [
            "$.a.b.#text -> Expected 'blue' to be equal to 'red'"
        ]

    def test_attribute_difference_and_missing(self) -> None:
        """Attributes are compared by name; a missing one is named with its expected value."""
        assert _xml('<a x="1" y="2"/>', '<a x="3"/>') == [
            "$.a -> Expected at least 2 attribute(s) but received 1 attribute(s)",
            "$.a['@x'] -> Expected '3' to be equal to '1'",
            "$.a['@y'] -> Expected attribute 'y'='2' but was missing",
        ]

    def test_missing_child(self) -> None:
        """A missing child is reported with the reference wording."""
        assert _xml("<values><one>A</one><two>B</two></values>", "<values><one>A</one></values>") == [
            "$.values -> Expected child <two/> but was missing"
        ]

    def test_children_grouped_by_name(self) -> None:
        """Differently named children may come in any order; same-named ones keep theirs."""
        assert _xml("<a><red/><blue/></a>", "<a><blue/><red/></a>") == []
        assert _xml("<a><c>1</c><c>2</c></a>", "<a><c>2</c><c>1</c></a>") != []

    def test_unexpected_children_and_attributes(self) -> None:
        """Extra children and attributes are fine unless unexpected keys are forbidden (requests)."""
        expected, actual = "<a><b/></a>", '<a z="1"><b/><b/><c/></a>'
        assert _xml(expected, actual) == []
        assert _xml(expected, actual, strict=True) == [
            '$.a -> Did not expect any attributes but received {"z": "1"}',
            "$.a.b -> Unexpected child <b/>",
            "$.a -> Unexpected child <c/>",
        ]

    def test_root_name(self) -> None:
        """Different root elements do not match."""
        assert _xml("<a/>", "<b/>") == ["$.a -> Expected 'a' to be equal to 'b'"]


class TestNamespaces:
    def test_prefixes_do_not_matter(self) -> None:
        """Elements and attributes compare by namespace URI and local name, not by prefix."""
        expected = '<alligator xmlns="urn:a" xmlns:n="urn:n" n:name="Mary"><x>1</x></alligator>'
        actual = '<a:alligator xmlns:a="urn:a" xmlns:m="urn:n" m:name="Mary"><a:x>1</a:x></a:alligator>'
        assert _xml(expected, actual) == []

    def test_different_namespace(self) -> None:
        """The same local name in another namespace is another element."""
        assert _xml('<a:x xmlns:a="urn:one"/>', '<a:x xmlns:a="urn:two"/>') == [
            "$.urn:one:x -> Expected 'urn:one:x' to be equal to 'urn:two:x'"
        ]


class TestRules:
    def test_type_rule_on_repeated_children(self) -> None:
        """Under a type rule every actual child is compared with the first expected one."""
        rules = {"$.people": _rule("type", min=1), "$.people.person": _rule("type")}
        expected = '<people><person name="Fred"/></people>'
        assert _xml(expected, '<people><person name="Mary"/><person name="Sue"/></people>', rules) == []
        assert _xml(expected, '<people><person name="Mary"/><cat/></people>', rules) == [
            "$.people -> Unexpected child <cat/>"
        ]

    def test_min_children(self) -> None:
        """min counts an element's children."""
        rules = {"$.animals": _rule("type", min=2)}
        assert _xml("<animals><a/></animals>", "<animals><a/></animals>", rules) == [
            "$.animals -> Expected 'animals' to have at least 2 children"
        ]

    def test_attribute_rule(self) -> None:
        """Rules at ['@attr'] check attribute values."""
        rules = {"$.animals.alligator['@phone']": _rule("regex", regex="\\d+")}
        assert (
            _xml(
                '<animals><alligator phone="1"/></animals>',
                '<animals><alligator phone="42"/></animals>',
                rules,
            )
            == []
        )
        assert _xml(
            '<animals><alligator phone="1"/></animals>', '<animals><alligator phone="x"/></animals>', rules
        ) == ["$.animals.alligator['@phone'] -> Expected 'x' to match '\\d+'"]

    def test_text_rule_and_element_rule(self) -> None:
        """A value rule at #text, or at the element itself, checks the element's text."""
        for path in ("$.d.n['#text']", "$.d.n"):
            rules = {path: _rule("integer")}
            assert _xml("<d><n>1</n></d>", "<d><n>42</n></d>", rules) == []
            assert _xml("<d><n>1</n></d>", "<d><n>4x</n></d>", rules) == [
                "$.d.n.#text -> Expected '4x' to match an integer number"
            ]

    def test_array_style_paths(self) -> None:
        """$.list[*].item names the same children as $.list.item."""
        rules = {
            "$.animals": _rule("type", min=1),
            "$.animals[*].alligator['@phone']": _rule("regex", regex="\\d+"),
        }
        expected = '<animals><alligator phone="1"/></animals>'
        assert _xml(expected, '<animals><alligator phone="2"/><alligator phone="x"/></animals>', rules) == [
            "$.animals.alligator['@phone'] -> Expected 'x' to match '\\d+'"
        ]


class TestSafety:
    def test_parse_errors_are_mismatches(self) -> None:
        """An unparsable actual document is a mismatch, not an exception."""
        (message,) = _xml("<a/>", "<a>")
        assert message.startswith("$ -> Failed to parse the actual body")

    def test_entities_refused(self) -> None:
        """Entity declarations (billion laughs) are refused."""
        bomb = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxx">]><a>&x;</a>'
        with pytest.raises(ValueError):
            parse_xml(bomb)
        assert _xml("<a/>", bomb)[0].startswith("$ -> Failed to parse the actual body")

    def test_through_match_body(self) -> None:
        """match_body sends XML content types here; bytes are accepted."""
        assert match_body("<a>1</a>", b"<a>1</a>", None, XML) == []
        assert match_body("<a>1</a>", "<a>2</a>", None, "text/xml") != []


_CT_XML = {"$": {"combine": "AND", "matchers": [{"match": "contentType", "value": "application/xml"}]}}


class TestContentTypeAtRoot:
    """A contentType rule at `$` judges the whole document's bytes; it never reaches the nodes."""

    @pytest.mark.parametrize(
        "actual",
        [
            "<a>1</a>",  # the text node '1' alone would sniff as text/plain
            '<?xml version="1.0"?><order id="7"><line qty="2">3</line></order>',
            "<b><c>other</c><c>shape</c></b>",  # any document of the type: no structural walk
        ],
    )
    @pytest.mark.parametrize("engine", ["match_xml", "match_body"])
    def test_an_xml_body_passes(self, actual: str, engine: str) -> None:
        if engine == "match_xml":
            assert _xml("<a>1</a>", actual, _CT_XML) == []
        else:
            assert match_body("<a>1</a>", actual, _CT_XML, XML) == []

    @pytest.mark.parametrize(
        ("named", "actual", "detected"),
        [
            ("application/json", "<a>1</a>", "application/xml"),
            ("image/png", "<a><b x='1'>2</b></a>", "application/xml"),
            ("application/xml", "plain words", "text/plain"),
            ("application/xml", '{"a": 1}', "application/json"),
        ],
    )
    def test_another_type_fails_once_at_the_root(self, named: str, actual: str, detected: str) -> None:
        rules = {"$": {"matchers": [{"match": "contentType", "value": named}]}}
        mismatches = match_body("<a>1</a>", actual, rules, XML)
        message = (
            f"Expected binary contents to have content type '{named}' but detected contents was '{detected}'"
        )
        assert [(m.path, m.message) for m in mismatches] == [("$", message)]
        assert (mismatches[0].expected, mismatches[0].actual) == ("<a>1</a>", actual)

    def test_unparsable_actual_is_judged_by_its_type_only(self) -> None:
        """No parse error is reported: the rule asks for a type, and the bytes are not XML-shaped."""
        rules = {"$": {"matchers": [{"match": "contentType", "value": "image/png"}]}}
        (mismatch,) = _xml("<a>1</a>", "<a>", rules)
        assert mismatch.startswith("$ -> Expected binary contents to have content type 'image/png'")

    def test_a_rule_below_the_root_still_walks(self) -> None:
        """Only the root is special: a contentType rule at an element's text checks that text."""
        rules = {"$.a.#text": {"matchers": [{"match": "contentType", "value": "text/plain"}]}}
        assert _xml("<a>1</a>", "<a>2</a>") == ["$.a.#text -> Expected '2' to be equal to '1'"]
        assert _xml("<a>1</a>", "<a>2</a>", rules) == []
