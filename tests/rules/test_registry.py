"""Matching rules: parsing Pact JSON, writing it back, and each rule's verdict and wording."""

from __future__ import annotations

from typing import Any

import pytest

from pactspec.errors import RuleError
from pactspec.mismatch import describe as describe_value
from pactspec.regex import UUID_PATTERNS
from pactspec.rules._base import RuleList
from pactspec.rules._collection import ArrayContains, EachKey
from pactspec.rules._registry import parse_rule, parse_rule_list
from pactspec.rules._types import Regex, Type


class TestParseRule:
    @pytest.mark.parametrize(
        "data",
        [
            {"match": "equality"},
            {"match": "regex", "regex": "\\d+"},
            {"match": "type"},
            {"match": "type", "min": 1},
            {"match": "type", "min": 1, "max": 4},
            {"match": "include", "value": "a"},
            {"match": "integer"},
            {"match": "decimal"},
            {"match": "number"},
            {"match": "boolean"},
            {"match": "null"},
            {"match": "date", "format": "yyyy-MM-dd"},
            {"match": "time", "format": "HH:mm"},
            {"match": "timestamp", "format": "yyyy-MM-dd'T'HH:mm:ss"},
            {"match": "values"},
            {"match": "contentType", "value": "image/jpeg"},
            {"match": "notEmpty"},
            {"match": "semver"},
            {"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]+"}], "value": "one"},
            {"match": "eachValue", "rules": [{"match": "type"}]},
            {"match": "statusCode", "status": "success"},
            {"match": "statusCode", "status": [200, 201]},
        ],
    )
    def test_round_trips(self, data: dict[str, Any]) -> None:
        """Every Pact matcher reads into a rule that writes the same JSON back."""
        assert parse_rule(data).to_json() == data

    def test_array_contains_variants(self) -> None:
        """arrayContains keeps each variant's index and its own rules."""
        data = {
            "match": "arrayContains",
            "variants": [
                {
                    "index": 0,
                    "rules": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}},
                    "generators": {},
                }
            ],
        }
        rule = parse_rule(data)
        assert isinstance(rule, ArrayContains)
        assert rule.variants[0].index == 0
        assert rule.to_json() == data

    @pytest.mark.parametrize(
        ("data", "rule"),
        [
            ({"match": "min", "min": 2}, Type(min=2)),
            ({"match": "max", "max": 3}, Type(max=3)),
            ({"min": 1}, Type(min=1)),
            ({"match": "content-type", "value": "a/b"}, parse_rule({"match": "contentType", "value": "a/b"})),
        ],
    )
    def test_aliases(self, data: dict[str, Any], rule: Any) -> None:
        """V2 forms and kebab-case names read as their V3/V4 rules."""
        assert parse_rule(data) == rule

    @pytest.mark.parametrize(
        ("data", "fragment"),
        [
            ({"match": "nope"}, "unknown matcher 'nope'"),
            ({"match": "regex"}, "needs a string 'regex'"),
            ({"match": "type", "min": -1}, "'min' must be a whole number"),
            ({"match": "type", "min": 3, "max": 1}, "min 3 is greater than max 1"),
            ({"match": "eachKey"}, "needs a list 'rules'"),
            ({"match": "statusCode", "status": "great"}, "statusCode 'status' must be one of"),
            ("type", "must be a JSON object"),
            ({}, "needs a 'match' key"),
        ],
    )
    def test_bad_rules_say_what_to_write(self, data: Any, fragment: str) -> None:
        """A rule that cannot be used raises RuleError naming the path and the problem."""
        with pytest.raises(RuleError) as info:
            parse_rule(data, path="$.x")
        assert fragment in str(info.value)
        assert str(info.value).startswith("$.x: ")

    def test_bad_regex_is_a_rule_error(self) -> None:
        """An invalid regular expression is reported when the rules are read."""
        with pytest.raises(RuleError):
            parse_rule({"match": "regex", "regex": "(unclosed"}, path="$.a")

    def test_a_bool_where_a_number_belongs_is_rejected(self) -> None:
        """``"min": true`` is not read as ``"min": 1`` (True == 1 in Python)."""
        assert parse_rule({"match": "type", "min": 1}) == Type(min=1)
        with pytest.raises(RuleError) as info:
            parse_rule({"match": "type", "min": True}, path="$.y")
        assert str(info.value).startswith("$.y: ")

    def test_a_bad_matcher_names_its_path_every_time(self) -> None:
        """A failed parse is not cached: the same bad matcher at another path names that path."""
        for path in ("$.a", "$.b"):
            with pytest.raises(RuleError) as info:
                parse_rule({"match": "regex", "regex": "(unclosed"}, path=path)
            assert str(info.value).startswith(f"{path}: ")


class TestRuleList:
    def test_combine_and_collects_every_failure(self) -> None:
        """AND: each failing rule contributes its message."""
        rules = parse_rule_list({"combine": "AND", "matchers": [{"match": "integer"}, {"match": "null"}]})
        assert len(rules.apply(lambda r: r.check(1, "x", False))) == 2

    def test_combine_or_passes_when_one_passes(self) -> None:
        """OR: one passing rule is enough."""
        rules = parse_rule_list({"combine": "OR", "matchers": [{"match": "integer"}, {"match": "null"}]})
        assert rules.apply(lambda r: r.check(1, None, False)) == []
        assert len(rules.apply(lambda r: r.check(1, "x", False))) == 2

    def test_bare_v2_matcher(self) -> None:
        """A rule list may be a single V2 matcher object."""
        assert parse_rule_list({"match": "type"}) == RuleList((Type(),))

    def test_bad_combine(self) -> None:
        """combine accepts only AND and OR."""
        with pytest.raises(RuleError, match="'combine' must be"):
            parse_rule_list({"combine": "XOR", "matchers": []})


def _check(rule: dict[str, Any], expected: Any, actual: Any) -> str | None:
    return parse_rule(rule).check(expected, actual, False)


class TestMessages:
    """The wording the Pact compatibility suite asserts."""

    @pytest.mark.parametrize(
        ("rule", "expected", "actual", "message"),
        [
            ({"match": "integer"}, 1, "100", "Expected '100' (String) to be an integer"),
            ({"match": "integer"}, 1, 100.1, "Expected 100.1 (Decimal) to be an integer"),
            ({"match": "integer"}, 1, [], "Expected [] (Array) to be an integer"),
            ({"match": "decimal"}, 1.0, None, "Expected null (Null) to be a decimal number"),
            ({"match": "decimal"}, 1.0, 100, "Expected 100 (Integer) to be a decimal number"),
            ({"match": "number"}, 1, True, "Expected true (Boolean) to be a number"),
            ({"match": "number"}, 1, "100X01", "Expected '100X01' (String) to be a number"),
            ({"match": "null"}, None, "", "Expected '' (String) to be a null value"),
            ({"match": "boolean"}, True, "", "Expected '' (String) to match a boolean"),
            ({"match": "include", "value": "a"}, "a", "dog", "Expected 'dog' to include 'a'"),
            ({"match": "notEmpty"}, "a", "", "Expected '' (String) to not be empty"),
            ({"match": "semver"}, "1.0.0", "1.0", "'1.0' is not a valid semantic version"),
            ({"match": "type"}, "a", 100, "Expected 100 (Integer) to be the same type as 'a' (String)"),
            (
                {"match": "regex", "regex": "\\w{3}\\d{3}"},
                "abc123",
                "a",
                "Expected 'a' to match '\\w{3}\\d{3}'",
            ),
            (
                {"match": "equality"},
                "OK",
                "Lovely",
                "Expected 'Lovely' (String) to be equal to 'OK' (String)",
            ),
        ],
    )
    def test_wording(self, rule: dict[str, Any], expected: Any, actual: Any, message: str) -> None:
        """Each failing rule words its mismatch as the Pact reference implementation does."""
        assert _check(rule, expected, actual) == message

    @pytest.mark.parametrize(
        ("rule", "expected", "actual"),
        [
            ({"match": "integer"}, 1, 7),
            ({"match": "decimal"}, 1.5, 100.1234),
            ({"match": "number"}, 1, 100.01),
            ({"match": "boolean"}, True, "false"),
            ({"match": "null"}, None, None),
            ({"match": "include", "value": "a"}, "a", "cat"),
            ({"match": "semver"}, "1.0.0", "2.0.0-rc.1+build.5"),
            ({"match": "type"}, 1, 2.5),
            ({"match": "regex", "regex": "red|blue"}, "red", "blue"),
            ({"match": "date", "format": "yyyy-MM-dd"}, "2023-01-01", "2023-07-19"),
            ({"match": "date"}, "2023-01-01", "2023-07-19"),
            ({"match": "timestamp"}, "x", "2023-07-19T10:11:12.123+02:00"),
        ],
    )
    def test_passing(self, rule: dict[str, Any], expected: Any, actual: Any) -> None:
        """Values that satisfy a rule produce no message."""
        assert _check(rule, expected, actual) is None

    def test_regex_matches_the_whole_value(self) -> None:
        """Pact regexes must match the entire value, not a part of it."""
        assert _check({"match": "regex", "regex": "\\d+"}, "1", "12a") is not None

    @pytest.mark.parametrize(("form", "says"), [("", "to be a UUID"), ("lowercase", "to be a UUID (lowercase)"),
                                                ("urn", "to be a UUID (urn)")])
    def test_a_uuid_matcher_says_uuid_not_its_regex(self, form: str, says: str) -> None:
        """The regex a uuid matcher is written as is worded as "a UUID" of its form, not as the pattern."""
        rule = {"match": "regex", "regex": UUID_PATTERNS[form]}
        assert _check(rule, "6c3a7c49-8d4e-4f59-9a21-8f5e0b6f6d10", "12") == f"Expected '12' {says}"

    def test_date_pattern_message(self) -> None:
        """A value outside the date pattern is named with the pattern."""
        message = _check({"match": "date", "format": "yyyy-MM-dd"}, "x", "23/07/19")
        assert message == "Expected '23/07/19' to match a date pattern of 'yyyy-MM-dd'"

    def test_status_code(self) -> None:
        """statusCode classes word their ranges."""
        rule = parse_rule({"match": "statusCode", "status": "success"})
        assert rule.check(200, 299, False) is None
        assert rule.check(200, 400, False) == "Expected status code 400 to be a Successful response (200–299)"

    def test_min_max_sizes(self) -> None:
        """type with min/max bounds an array's length, unless the rule is cascaded from above."""
        rule = parse_rule({"match": "type", "min": 1, "max": 4})
        assert rule.check_list([1], [], False) == "Expected [] (size 0) to have minimum size of 1"
        assert rule.check_list([1], [1, 2, 3, 4, 5], False) == (
            "Expected [1, 2, 3, 4, 5] (size 5) to have maximum size of 4"
        )
        assert rule.check_list([1], [], True) is None

    def test_each_key_rules(self) -> None:
        """eachKey keeps its sub-rules."""
        rule = parse_rule({"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]+"}]})
        assert isinstance(rule, EachKey)
        assert isinstance(rule.rules[0], Regex)

    def test_describe_value(self) -> None:
        """Values are shown with Pact's type names; objects as sorted compact JSON."""
        assert describe_value(["b"]) == '["b"] (Array)'
        assert describe_value({"b": 1, "a": 2}) == '{"a":2,"b":1} (Object)'
        assert describe_value(False) == "false (Boolean)"
