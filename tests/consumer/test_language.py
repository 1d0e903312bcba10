"""The matcher language of contract tables: words → Pact rule/generator JSON."""

from __future__ import annotations

import pytest

from pactspec.consumer._language import (
    parse_generator,
    parse_matcher,
    parse_value,
)
from pactspec.errors import RuleError
from pactspec.regex import UUID_PATTERNS

RULES = [
    ("type", {"match": "type"}),
    ("type min 1", {"match": "type", "min": 1}),
    ("type max 3", {"match": "type", "max": 3}),
    ("type min 1 max 3", {"match": "type", "min": 1, "max": 3}),
    ("min 2", {"match": "min", "min": 2}),
    ("max 4", {"match": "max", "max": 4}),
    (r"regex [0-9\-]+", {"match": "regex", "regex": r"[0-9\-]+"}),
    ("integer", {"match": "integer"}),
    ("decimal", {"match": "decimal"}),
    ("number", {"match": "number"}),
    ("boolean", {"match": "boolean"}),
    ("null", {"match": "null"}),
    ("equality", {"match": "equality"}),
    ("values", {"match": "values"}),
    ("not empty", {"match": "notEmpty"}),
    ("semver", {"match": "semver"}),
    ("date", {"match": "date"}),
    ("date yyyy-MM-dd", {"match": "date", "format": "yyyy-MM-dd"}),
    ("time HH:mm", {"match": "time", "format": "HH:mm"}),
    ("datetime yyyy-MM-dd'T'HH:mm:ss", {"match": "datetime", "format": "yyyy-MM-dd'T'HH:mm:ss"}),
    ("uuid", {"match": "regex", "regex": UUID_PATTERNS[""]}),
    ("uuid lowercase", {"match": "regex", "regex": UUID_PATTERNS["lowercase"]}),
    ("include @example.com", {"match": "include", "value": "@example.com"}),
    ("content type image/png", {"match": "contentType", "value": "image/png"}),
    ("each key regex [a-z]+", {"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]+"}]}),
    ("each value integer", {"match": "eachValue", "rules": [{"match": "integer"}]}),
]


class TestParseMatcher:
    @pytest.mark.parametrize(("words", "rule"), RULES)
    def test_words_become_the_pact_rule(self, words: str, rule: dict) -> None:
        """Each matcher word gives the rule JSON the Pact reference implementation writes."""
        matcher = parse_matcher(words)
        assert matcher is not None
        assert matcher.rule_list() == {"combine": "AND", "matchers": [rule]}

    def test_string_is_a_type_rule_that_needs_a_string_example(self) -> None:
        """'string' writes a type rule and refuses a number as its example."""
        matcher = parse_matcher("string")
        assert matcher is not None and matcher.rules == ({"match": "type"},)
        assert matcher.check_example("Billy") is None
        assert "not a string" in (matcher.check_example(12) or "")

    def test_each_like_wraps_the_example_in_an_array(self) -> None:
        """'each like min 2' is a type rule with min on an array of that many copies of the example."""
        matcher = parse_matcher("each like min 2 max 5")
        assert matcher is not None
        assert matcher.rules == ({"match": "type", "min": 2, "max": 5},)
        assert matcher.shape_example({"sku": "A"}) == [{"sku": "A"}, {"sku": "A"}]

    def test_each_like_defaults_to_min_one(self) -> None:
        """Without bounds, each like means at least one element, like pact-python's each_like."""
        matcher = parse_matcher("each like")
        assert matcher is not None and matcher.rules == ({"match": "type", "min": 1},)
        assert matcher.shape_example(3) == [3]

    def test_array_contains_needs_an_array_example(self) -> None:
        """'array contains' takes its variants from a JSON array example."""
        matcher = parse_matcher("array contains type")
        assert matcher is not None and matcher.array_contains == ({"match": "type"},)
        assert matcher.check_example([1, 2]) is None
        assert "JSON array" in (matcher.check_example("x") or "")

    def test_each_key_and_each_value_carry_the_example_as_the_reference_writes_it(self) -> None:
        """Given the example, eachKey/eachValue get "value": compact JSON text (pact-python 4.2 / pact_ffi output)."""
        each_key = parse_matcher("each key regex [A-Z]{3}")
        each_value = parse_matcher("each value integer")
        assert each_key is not None and each_value is not None
        assert each_key.rule_list({"EUR": 1}) == {"combine": "AND", "matchers": [
            {"match": "eachKey", "rules": [{"match": "regex", "regex": "[A-Z]{3}"}], "value": '{"EUR":1}'}]}
        assert each_value.rule_list({"a": 1})["matchers"][0]["value"] == '{"a":1}'
        assert "value" not in each_value.rule_list()["matchers"][0]

    def test_empty_cell_is_no_matcher(self) -> None:
        """An empty matcher cell means the example is compared by equality: no rule at all."""
        assert parse_matcher("   ") is None

    def test_words_are_case_insensitive(self) -> None:
        """'Integer' and 'NOT EMPTY' are accepted as written in a table by hand."""
        assert parse_matcher("Integer").rules == ({"match": "integer"},)  # type: ignore[union-attr]
        assert parse_matcher("NOT EMPTY").rules == ({"match": "notEmpty"},)  # type: ignore[union-attr]

    @pytest.mark.parametrize(
        ("words", "says"),
        [
            ("intger", "did you mean 'integer'?"),
            ("regx [a-z]", "did you mean 'regex'?"),
            ("regex", "needs a pattern"),
            ("type min", "'min N'"),
            ("type min x", "x is not a whole number"),
            ("type min -1", "negative"),
            ("each like min 3 max 1", "max 1 below min 3"),
            ("each key", "needs the matcher"),
            ("each key each like", "cannot be nested"),
            ("uuid purple", "unknown UUID format"),
            ("include", "needs the text"),
            ("content type", "needs the media type, e.g. 'content type image/png'"),
            ("regex [0-9", "unclosed character class"),
            ("date yyyy-MM-dd-QQQQQQ", "too many 'Q' letters"),
            ("each key regex (", "is not a valid regular expression"),
            ("array contains regex [a-", "regex /[a-/"),
        ],
    )
    def test_bad_words_say_what_to_write(self, words: str, says: str) -> None:
        """A wrong cell raises RuleError with one sentence that says what to write instead."""
        with pytest.raises(RuleError) as caught:
            parse_matcher(words)
        assert says in str(caught.value)
        assert "\n" not in str(caught.value)


GENERATORS = [
    ("random int 1 9", {"type": "RandomInt", "min": 1, "max": 9}),
    ("random int -5 5", {"type": "RandomInt", "min": -5, "max": 5}),
    ("random decimal 4", {"type": "RandomDecimal", "digits": 4}),
    ("random hex 8", {"type": "RandomHexadecimal", "digits": 8}),
    ("random string 12", {"type": "RandomString", "size": 12}),
    ("random boolean", {"type": "RandomBoolean"}),
    ("regex [a-z]{3}", {"type": "Regex", "regex": "[a-z]{3}"}),
    ("uuid", {"type": "Uuid"}),
    ("uuid simple", {"type": "Uuid", "format": "simple"}),
    ("date yyyy-MM-dd", {"type": "Date", "format": "yyyy-MM-dd"}),
    ("time HH:mm at + 2 hours", {"type": "Time", "format": "HH:mm", "expression": "+ 2 hours"}),
    ("datetime yyyy-MM-dd'T'HH:mm:ss", {"type": "DateTime", "format": "yyyy-MM-dd'T'HH:mm:ss"}),
    ("provider state ${id}", {"type": "ProviderState", "expression": "${id}"}),
]


class TestParseGenerator:
    @pytest.mark.parametrize(("words", "generator"), GENERATORS)
    def test_words_become_the_pact_generator(self, words: str, generator: dict) -> None:
        """Each generator word gives the Pact generator JSON."""
        assert parse_generator(words) == generator

    def test_empty_cell_is_no_generator(self) -> None:
        """An empty generator cell adds nothing."""
        assert parse_generator("") is None

    @pytest.mark.parametrize(
        ("words", "says"),
        [("random int 9 1", "write the smaller number first"), ("random int 1", "random int A B"),
         ("randm int 1 2", "did you mean 'random int'?"), ("uuid purple", "uuid simple"),
         ("regex [0-9", "unclosed character class"), ("date yyyy-MM-dd at + 1 blah", "write e.g. '+ 1 day'"),
         ("time QQQQQQ", "too many 'Q' letters")],
    )
    def test_bad_generator_words_say_what_to_write(self, words: str, says: str) -> None:
        """A wrong generator cell names the generator words."""
        with pytest.raises(RuleError) as caught:
            parse_generator(words)
        assert says in str(caught.value)


class TestParseValue:
    @pytest.mark.parametrize(
        ("cell", "value"),
        [
            ("127", 127),
            ('"127"', "127"),
            ("Billy", "Billy"),
            ("2020-01-01", "2020-01-01"),
            ("-1", -1),
            ("9.5", 9.5),
            ("true", True),
            ("null", None),
            ('{"a": [1, 2]}', {"a": [1, 2]}),
            ("[1, 2]", [1, 2]),
            ("NaN", "NaN"),
            ("  padded  ", "padded"),
            ("", ""),
            ("1.2.0", "1.2.0"),
        ],
    )
    def test_cells_are_typed_like_json(self, cell: str, value: object) -> None:
        """127 is an integer, "127" a string, and anything that is not JSON stays text."""
        assert parse_value(cell) == value and type(parse_value(cell)) is type(value)


@pytest.mark.parametrize(("matcher_words", "generator_words", "pattern", "generated"), [
    ("uuid lowercase", "uuid lower-case-hyphenated", "lowercase", "lower-case-hyphenated"),
    ("uuid lower-case-hyphenated", "uuid lowercase", "lowercase", "lower-case-hyphenated"),
    ("uuid uppercase", "uuid upper-case-hyphenated", "uppercase", "upper-case-hyphenated"),
    ("uuid upper-case-hyphenated", "uuid uppercase", "uppercase", "upper-case-hyphenated"),
    ("uuid URN", "uuid urn", "urn", "URN"),
])
def test_uuid_forms_accept_both_spellings(matcher_words: str, generator_words: str, pattern: str,
                                          generated: str) -> None:
    """Matcher and generator take each other's UUID words and write each place's canonical form."""
    matcher = parse_matcher(matcher_words)
    assert matcher is not None
    assert matcher.rules[0] == {"match": "regex", "regex": UUID_PATTERNS[pattern]}
    generator = parse_generator(generator_words)
    assert generator == {"type": "Uuid", "format": generated}
