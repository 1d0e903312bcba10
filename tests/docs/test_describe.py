"""Matching rules and generators in plain words (pactspec.docs._describe)."""

from __future__ import annotations

import pytest

from pactspec.docs._describe import (
    NO_EXAMPLE,
    describe_generator,
    describe_rule,
    describe_rules,
    example_type,
)
from pactspec.mismatch import type_name

RULES = [
    ({"match": "equality"}, NO_EXAMPLE, "equal to the example"),
    ({"match": "equality"}, "Billy", 'exactly "Billy"'),
    ({"match": "regex", "regex": "[0-9\\-]+"}, "2020-01-01", "text matching [0-9\\-]+"),
    ({"match": "type"}, "Billy", "any string"),
    ({"match": "type"}, 12, "any integer"),
    ({"match": "type"}, 1.5, "any decimal number"),
    ({"match": "type"}, True, "any boolean"),
    ({"match": "type"}, {"a": 1}, "an object shaped like the example"),
    ({"match": "type"}, NO_EXAMPLE, "any value of the example's type"),
    ({"match": "type", "min": 1}, ["a"], "an array of at least 1 item, each like the example"),
    ({"match": "type", "max": 3}, ["a"], "an array of at most 3 items, each like the example"),
    ({"match": "type", "min": 1, "max": 5}, ["a"], "an array of 1 to 5 items, each like the example"),
    ({"match": "type", "min": 2}, NO_EXAMPLE, "an array of at least 2 items, each like the example"),
    ({"match": "min", "min": 2}, NO_EXAMPLE, "an array of at least 2 items, each like the example"),
    ({"match": "max", "max": 1}, NO_EXAMPLE, "an array of at most 1 item, each like the example"),
    ({"min": 1}, NO_EXAMPLE, "an array of at least 1 item, each like the example"),
    ({"match": "type", "min": 0}, ["a"], "an array, possibly empty, each like the example"),
    ({"match": "min", "min": 0}, NO_EXAMPLE, "an array, possibly empty, each like the example"),
    ({"regex": "a+"}, NO_EXAMPLE, "text matching a+"),
    ({"match": "regex", "regex": "^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$"}, NO_EXAMPLE, "a UUID (lowercase)"),
    ({"match": "regex", "regex": "^([0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|[0-9A-F]{8}(-[0-9A-F]{4}){3}-"
                                 "[0-9A-F]{12})$"}, NO_EXAMPLE, "a UUID"),
    ({"match": "include", "value": "dog"}, NO_EXAMPLE, 'text containing "dog"'),
    ({"match": "integer"}, 12, "any integer"),
    ({"match": "decimal"}, 1.5, "any decimal number"),
    ({"match": "real"}, 1.5, "any decimal number"),
    ({"match": "number"}, 1, "any number"),
    ({"match": "boolean"}, True, "true or false"),
    ({"match": "null"}, None, "null"),
    ({"match": "date", "format": "yyyy-MM-dd"}, NO_EXAMPLE, "a date formatted yyyy-MM-dd"),
    ({"match": "date", "date": "dd/MM/yyyy"}, NO_EXAMPLE, "a date formatted dd/MM/yyyy"),
    ({"match": "date"}, NO_EXAMPLE, "a date in ISO 8601 form (yyyy-MM-dd)"),
    ({"match": "time", "format": "HH:mm"}, NO_EXAMPLE, "a time formatted HH:mm"),
    ({"match": "time", "time": "HH:mm"}, NO_EXAMPLE, "a time formatted HH:mm"),
    ({"match": "timestamp", "timestamp": "yyyy-MM-dd HH:mm"}, NO_EXAMPLE,
     "a date and time formatted yyyy-MM-dd HH:mm"),
    ({"match": "datetime", "format": "yyyy-MM-dd'T'HH:mm:ss"}, NO_EXAMPLE,
     "a date and time formatted yyyy-MM-dd'T'HH:mm:ss"),
    ({"match": "datetime"}, NO_EXAMPLE, "a date and time in ISO 8601 form (yyyy-MM-dd'T'HH:mm:ss)"),
    ({"timestamp": "yyyy"}, NO_EXAMPLE, "a date and time formatted yyyy"),
    ({"match": "values"}, {"a": 1}, "an object with any keys, each value like the example's"),
    ({"match": "contentType", "value": "image/png"}, NO_EXAMPLE, "content of type image/png"),
    ({"match": "content-type", "value": "text/plain"}, NO_EXAMPLE, "content of type text/plain"),
    ({"match": "notEmpty"}, NO_EXAMPLE, "not empty"),
    ({"match": "notEmpty"}, ["a"], "a non-empty array"),
    ({"match": "semver"}, "1.0.0", "a semantic version (like 1.2.3)"),
    ({"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]+"}], "value": {"a": 1}}, NO_EXAMPLE,
     "an object whose every key is text matching [a-z]+"),
    ({"match": "eachValue", "rules": [{"match": "type"}], "value": ["a"]}, NO_EXAMPLE,
     "an object or array whose every value is any value of the example's type"),
    ({"match": "arrayContains", "variants": [
        {"index": 0, "rules": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}}, "generators": {}},
        {"index": 1, "rules": {}, "generators": {}}]}, NO_EXAMPLE,
     ("an array containing an item like example item 0 ($.id: any integer), and an item like example item 1, "
      "in any order")),
    ({"match": "statusCode", "status": "success"}, NO_EXAMPLE, "a success status (2xx)"),
    ({"match": "statusCode", "status": [200, 201]}, NO_EXAMPLE, "one of the statuses 200, 201"),
]


class TestExampleType:
    @pytest.mark.parametrize(
        ("value", "words"),
        [(None, "null"), (True, "boolean"), (12, "integer"), (1.5, "decimal number"), ("a", "string"),
         ([1], "array"), ({"a": 1}, "object"), (b"x", "bytes")],
    )
    def test_words_for_each_json_type(self, value: object, words: str) -> None:
        """Each JSON type has the docs' word, taken from the mismatch module's type name."""
        assert example_type(value) == words
        assert words.split()[0] == type_name(value).lower()

    def test_an_unknown_type_is_named_as_python_names_it(self) -> None:
        """A value no JSON type covers keeps its Python type name rather than being dropped."""
        assert example_type({1, 2}) == "set"


class TestDescribeRule:
    @pytest.mark.parametrize("rule, example, words", RULES, ids=[str(r[0]) for r in RULES])
    def test_words(self, rule, example, words):
        """Every rule type of the Pact JSON form, and the V2 shorthands, read as plain words."""
        assert describe_rule(rule, example) == words

    def test_unknown_rule_is_named_not_dropped(self):
        """A rule pactspec does not know is shown as it stands in the pact."""
        assert describe_rule({"match": "futuristic", "x": 1}) == 'rule "futuristic" {"match": "futuristic", "x": 1}'

    def test_not_a_rule(self):
        """A value that is not a rule object says so instead of raising."""
        assert describe_rule("type") == 'an unreadable rule "type"'  # type: ignore[arg-type]


class TestDescribeRules:
    def test_and(self):
        """AND joins the rules with 'and'."""
        group = {"combine": "AND", "matchers": [{"match": "type"}, {"match": "include", "value": "a"}]}
        assert describe_rules(group, "abc") == 'any string and text containing "a"'

    def test_or(self):
        """OR joins the rules with 'or'."""
        group = {"combine": "OR", "matchers": [{"match": "integer"}, {"match": "null"}]}
        assert describe_rules(group) == "any integer or null"

    def test_empty_group(self):
        """A group without matchers says so."""
        assert describe_rules({"combine": "AND", "matchers": []}) == "no rule"

    def test_bare_rule(self):
        """A single rule object (V2 form) is read as a group of one."""
        assert describe_rules({"match": "integer"}) == "any integer"


GENERATORS = [
    ({"type": "RandomInt", "min": 1, "max": 9}, "a random integer from 1 to 9"),
    ({"type": "RandomInt"}, "a random integer from 0 to 2147483647"),
    ({"type": "RandomDecimal", "digits": 4}, "a random decimal number of 4 digits"),
    ({"type": "RandomHexadecimal", "digits": 8}, "a random hexadecimal string of 8 digits"),
    ({"type": "RandomString", "size": 20}, "a random string of 20 characters"),
    ({"type": "Regex", "regex": "[A-Z]-[0-9]{3}"}, "a random string matching [A-Z]-[0-9]{3}"),
    ({"type": "Uuid"}, "a random UUID"),
    ({"type": "Uuid", "format": "upper-case-hyphenated"}, "a random UUID (upper-case-hyphenated)"),
    ({"type": "Date", "format": "yyyy-MM-dd"}, "the current date, formatted yyyy-MM-dd"),
    ({"type": "Date"}, "the current date, formatted yyyy-MM-dd"),
    ({"type": "Time", "format": "HH:mm", "expression": "+ 1 hour"}, "the current time, at + 1 hour, formatted HH:mm"),
    ({"type": "DateTime", "format": "yyyy-MM-dd'T'HH:mm:ss", "expression": "+ 1 day @ now"},
     "the current date and time, at + 1 day @ now, formatted yyyy-MM-dd'T'HH:mm:ss"),
    ({"type": "RandomBoolean"}, "true or false at random"),
    ({"type": "ProviderState", "expression": "${id}", "dataType": "INTEGER"},
     "filled in by the provider state: ${id}"),
    ({"type": "MockServerURL", "example": "http://localhost:1234/a", "regex": ".*/a"},
     "the mock server's URL in place of http://localhost:1234/a"),
]


class TestDescribeGenerator:
    @pytest.mark.parametrize("generator, words", GENERATORS, ids=[g[0]["type"] for g in GENERATORS])
    def test_words(self, generator, words):
        """Every generator type reads as plain words."""
        assert describe_generator(generator) == words

    def test_unknown_generator_is_named(self):
        """A generator pactspec does not know is shown as it stands in the pact."""
        assert describe_generator({"type": "Magic"}) == 'generator "Magic" {"type": "Magic"}'
