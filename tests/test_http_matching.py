"""HTTP parts (headers, query, status) matched with Pact rules for the compatibility suite, reference wording."""

from __future__ import annotations

import pytest

from pactspec.errors import RuleError
from tests.compatibility.httpmatching import match_headers, match_query, match_status


def rule(match: str, **attrs: object) -> dict[str, object]:
    return {"combine": "AND", "matchers": [{"match": match, **attrs}]}


def messages(mismatches: list) -> list[str]:
    return [m.message for m in mismatches]


class TestMatchHeaders:
    def test_equal_headers_match_and_names_ignore_case(self) -> None:
        """Header names are case-insensitive; extra actual headers are fine."""
        assert match_headers({"X-A": ["1"]}, {"x-a": ["1"], "X-Other": ["z"]}) == []

    def test_comma_separated_values_equal_a_list(self) -> None:
        """``"a, b"`` and ``["a", "b"]`` are the same header."""
        assert match_headers({"Accept": "a, b"}, {"Accept": ["a", "b"]}) == []

    def test_missing_header(self) -> None:
        """An expected header that is absent is a header mismatch at its name."""
        [mismatch] = match_headers({"X-A": ["1"]}, {})
        assert (mismatch.path, mismatch.kind, mismatch.message) == (
            "X-A", "header", "Expected a header 'X-A' but was missing")

    def test_different_value(self) -> None:
        """Without rules the values must be equal."""
        assert messages(match_headers({"X-A": ["1"]}, {"X-A": ["2"]})) == [
            "Mismatch with header 'X-A': Expected header 'X-A' to have value '1' but was '2'"]

    @pytest.mark.parametrize(("match", "value"), [("number", "100.4"), ("integer", "100"), ("decimal", "1.5"),
                                                  ("regex", "abc")])
    def test_rules_read_header_text(self, match: str, value: str) -> None:
        """Number rules accept numbers written as text, as headers always are."""
        rules = {"X-A": rule(match, regex="[a-z]+") if match == "regex" else rule(match)}
        assert match_headers({"X-A": ["1234"]}, {"X-A": [value]}, rules) == []

    def test_rule_failure_names_the_header(self) -> None:
        """A rule's own message is prefixed with the header it concerns."""
        assert messages(match_headers({"X-A": ["1"]}, {"X-A": ["1.5"]}, {"x-a": rule("integer")})) == [
            "Mismatch with header 'X-A': Expected '1.5' to match an integer number"]

    def test_bad_rule_is_a_rule_error(self) -> None:
        """An unusable rule is reported as bad input, not as a mismatch."""
        with pytest.raises(RuleError):
            match_headers({"X-A": ["1"]}, {"X-A": ["1"]}, {"X-A": {"matchers": [{"match": "no-such-rule"}]}})


class TestMatchQuery:
    def test_equal_query_matches(self) -> None:
        """Same parameters with the same values, in order."""
        assert match_query({"a": ["1", "2"]}, {"a": ["1", "2"]}) == []

    def test_missing_unexpected_and_different(self) -> None:
        """Each difference is its own query mismatch at the parameter's name."""
        found = match_query({"a": ["1"], "b": ["x"]}, {"a": ["2"], "c": ["y"]})
        assert [(m.path, m.kind, m.message) for m in found] == [
            ("a", "query", "Expected '1' but received '2' for query parameter 'a'"),
            ("b", "query", "Expected query parameter 'b' but was missing"),
            ("c", "query", "Unexpected query parameter 'c' received"),
        ]

    def test_value_count_differs(self) -> None:
        """Without rules, a parameter must have as many values as expected."""
        assert messages(match_query({"a": ["1"]}, {"a": ["1", "1"]})) == [
            "Expected query parameter 'a' with 1 value(s) but received 2 value(s)"]

    def test_number_rule_accepts_text_numbers_and_rejects_others(self) -> None:
        """Every actual value is checked against the rule."""
        rules = {"a": rule("number")}
        assert match_query({"a": ["1234"]}, {"a": ["100.2"]}, rules) == []
        assert messages(match_query({"a": ["1234"]}, {"a": ["1", "x"]}, rules)) == ["Expected 'x' to match a number"]


class TestMatchStatus:
    def test_equality_without_rules(self) -> None:
        """Without a rule the codes must be equal."""
        assert match_status(200, 200) == []
        assert messages(match_status(200, 201)) == ["expected 200 but was 201"]

    @pytest.mark.parametrize("actual", [200, 204, 299])
    def test_status_class_accepts_its_codes(self, actual: int) -> None:
        """A ``statusCode`` rule accepts any code of its class (rules as pactparts normalises them)."""
        assert match_status(200, actual, {"": rule("statusCode", status="success")}) == []

    def test_status_class_rejects_others_in_reference_wording(self) -> None:
        """The message is the compatibility suite's text."""
        [mismatch] = match_status(200, 400, rule("statusCode", status="success"))
        assert (mismatch.kind, mismatch.message) == (
            "status", "Expected status code 400 to be a Successful response (200–299)")

    def test_list_of_codes(self) -> None:
        """``status`` may list the allowed codes."""
        assert match_status(200, 201, {"": rule("statusCode", status=[200, 201])}) == []
        assert messages(match_status(200, 202, {"": rule("statusCode", status=[200, 201])})) == [
            "Expected status code 202 to be one of [200, 201]"]
