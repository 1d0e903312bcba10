"""Message metadata: equality by default, rules where given, content types without parameters."""

from __future__ import annotations

import pytest

from pactspec.errors import RuleError
from pactspec.metadata_matching import compile_metadata_rules, content_types_equal, match_metadata


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

    def test_content_type_key_any_spelling(self) -> None:
        """contentType and Content-Type are the same key, compared without parameters."""
        assert (
            match_metadata({"contentType": "text/plain"}, {"Content-Type": "text/plain; charset=utf-8"}, {})
            == []
        )

    def test_bad_rule(self) -> None:
        """A broken metadata rule names its key."""
        with pytest.raises(RuleError, match="metadata topic"):
            compile_metadata_rules({"topic": {"matchers": [{"match": "regex"}]}})
