"""Message metadata: equality by default, rules where given, content types without parameters."""

from __future__ import annotations

import pytest

from pactspec.errors import RuleError
from pactspec.matching._metadata import (
    compile_metadata_rules,
    content_types_equal,
    match_metadata,
)

SPELLINGS = ["contentType", "Content-Type", "content-type", "CONTENTTYPE"]


class TestContentTypes:
    @pytest.mark.parametrize(
        ("expected", "actual", "equal"),
        [
            ("application/json", "application/json", True),
            ("application/json", "application/json; charset=utf-8", True),
            ("application/json;charset=UTF-8", "application/json; charset=utf-8", True),
            ("application/json;charset=UTF-8", "application/json", False),
            ("application/json;charset=UTF-16", "application/json;charset=UTF-8", False),
            ("application/json", "application/xml", False),
        ],
    )
    def test_parameters_only_count_when_expected(self, expected: str, actual: str, equal: bool) -> None:
        """Base types must agree; parameters count only when the contract states them."""
        assert content_types_equal(expected, actual) is equal


class TestMatchMetadata:
    def test_extra_keys_are_fine_missing_ones_are_not(self) -> None:
        """Only expected keys are checked."""
        assert match_metadata({"a": "1"}, {"a": "1", "b": "2"}, {}) == []
        (mismatch,) = match_metadata({"a": "1"}, {}, {})
        assert (mismatch.path, mismatch.kind) == ("a", "metadata")
        assert mismatch.message == "Expected message metadata 'a' but was missing"

    def test_equality_wording(self) -> None:
        """A different value says both."""
        (mismatch,) = match_metadata({"a": 1}, {"a": 2}, {})
        assert mismatch.message == "Expected message metadata 'a' to have value '1' but was '2'"

    def test_the_same_text_in_another_type_names_both_types(self) -> None:
        """1 and '1' read alike, so the message says which JSON type each is."""
        (mismatch,) = match_metadata({"a": 1}, {"a": "1"}, {})
        assert mismatch.message == ("Expected message metadata 'a' to have value '1' but was '1' "
                                    "(String, where the contract has Integer)")

    def test_rules(self) -> None:
        """A regex rule on a key accepts any matching value; text values may satisfy number rules."""
        rules = compile_metadata_rules(
            {
                "Origin": {"matchers": [{"match": "regex", "regex": "\\w{3}-\\d+"}]},
                "$.count": {"matchers": [{"match": "integer"}]},
            }
        )
        assert (
            match_metadata({"Origin": "AXP-1000", "count": 1}, {"Origin": "ABC-2", "count": "17"}, rules)
            == []
        )
        messages = [m.message for m in match_metadata({"Origin": "AXP-1000"}, {"Origin": "AAAB-123"}, rules)]
        assert messages == ["Expected 'AAAB-123' to match '\\w{3}-\\d+'"]

    @pytest.mark.parametrize("expected_key", SPELLINGS)
    @pytest.mark.parametrize("actual_key", SPELLINGS)
    def test_content_type_key_any_spelling(self, expected_key: str, actual_key: str) -> None:
        """Every spelling of the content-type key in the contract finds every spelling in the message."""
        actual = {actual_key: "text/plain; charset=utf-8"}
        assert match_metadata({expected_key: "text/plain"}, actual, {}) == []
        (mismatch,) = match_metadata({expected_key: "text/plain"}, {actual_key: "application/json"}, {})
        assert (mismatch.path, mismatch.kind) == (expected_key, "metadata")
        assert mismatch.message == (
            f"Expected message metadata '{expected_key}' to have value 'text/plain' "
            "but was 'application/json'"
        )

    @pytest.mark.parametrize(
        ("expected", "actual", "messages"),
        [
            # content type: the spelling the contract uses is preferred, then any other spelling
            ({"Content-Type": "application/json"},
             {"Content-Type": "application/json", "contentType": "x/y"}, []),
            ({"content-type": "application/json"}, {"CONTENT-TYPE": "application/json;charset=utf-8"}, []),
            ({"ContentType": "text/xml"}, {"contentType": "text/xml"}, []),
            ({"contentType": "application/json;charset=utf-8"}, {"Content-Type": "application/json"},
             [("Expected message metadata 'contentType' to have value 'application/json;charset=utf-8' "
               "but was 'application/json'")]),
            ({"Content-Type": "text/plain"}, {"topic": "t"},
             ["Expected message metadata 'Content-Type' but was missing"]),
            # every other key is exact and case-sensitive
            ({"Topic": "users"}, {"topic": "users"}, ["Expected message metadata 'Topic' but was missing"]),
            ({"message_id": "1"}, {"message-id": "1"},
             ["Expected message metadata 'message_id' but was missing"]),
            ({"contentEncoding": "gzip"}, {"content-encoding": "gzip"},
             ["Expected message metadata 'contentEncoding' but was missing"]),
            ({"topic": "Users"}, {"topic": "users"},
             ["Expected message metadata 'topic' to have value 'Users' but was 'users'"]),
            # parameters the contract does not state are ignored for the content type only
            ({"charset": "utf-8"}, {"charset": "UTF-8"},
             ["Expected message metadata 'charset' to have value 'utf-8' but was 'UTF-8'"]),
            ({"format": "application/json"}, {"format": "application/json; v=1"},
             [("Expected message metadata 'format' to have value 'application/json' "
               "but was 'application/json; v=1'")]),
        ],
    )
    def test_keys(self, expected: dict, actual: dict, messages: list[str]) -> None:
        """Content-type keys in any spelling are one key; the others are exact."""
        assert [m.message for m in match_metadata(expected, actual, {})] == messages

    @pytest.mark.parametrize(("rule_key", "expected_key", "actual_key"), [
        ("contentType", "contentType", "Content-Type"),
        ("$.content-type", "Content-Type", "contentType"),
        ("Content-Type", "CONTENT-TYPE", "content-type"),
    ])
    def test_a_content_type_rule_applies_to_any_spelling(self, rule_key: str, expected_key: str,
                                                         actual_key: str) -> None:
        """A regex rule on the content type holds whichever spelling the rule, contract and message use."""
        rules = compile_metadata_rules(
            {rule_key: {"matchers": [{"match": "regex", "regex": "^application/.*json$"}]}}
        )
        expected = {expected_key: "application/json"}
        assert match_metadata(expected, {actual_key: "application/vnd.x+json"}, rules) == []
        messages = [m.message for m in match_metadata(expected, {actual_key: "text/plain"}, rules)]
        assert messages == ["Expected 'text/plain' to match '^application/.*json$'"]

    def test_content_type_with_an_underscore_is_an_ordinary_key(self) -> None:
        """As in Pact, 'content_type' does not name the content type: it must be there, spelled so."""
        messages = [m.message for m in match_metadata({"content_type": "application/json"},
                                                      {"contentType": "application/json"}, {})]
        assert messages == ["Expected message metadata 'content_type' but was missing"]

    def test_a_rule_on_another_key_is_case_sensitive(self) -> None:
        """A rule on 'Origin' does not apply to 'origin'; without it the values must be equal."""
        rules = compile_metadata_rules({"Origin": {"matchers": [{"match": "regex", "regex": "\\w+"}]}})
        messages = [m.message for m in match_metadata({"origin": "a"}, {"origin": "b"}, rules)]
        assert messages == ["Expected message metadata 'origin' to have value 'a' but was 'b'"]

    def test_skipped_content_type_keys(self) -> None:
        """Keys the caller already judged (a body of another kind) are not reported twice."""
        assert match_metadata({"Content-Type": "text/plain"}, {"contentType": "application/json"}, {},
                              skip=frozenset({"Content-Type"})) == []

    def test_bad_rule(self) -> None:
        """A broken metadata rule names its key."""
        with pytest.raises(RuleError, match="metadata topic"):
            compile_metadata_rules({"topic": {"matchers": [{"match": "regex"}]}})
