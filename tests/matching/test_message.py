"""The matching engine: JSON bodies, text, binary, metadata, messages and compiled contents."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from pactspec.errors import InputError, PactFileError, RuleError
from pactspec.matching._message import (
    compile_contents,
    match_body,
    match_contents,
    match_message,
    message_version,
)
from pactspec.model import NO_BODY, MessageContents
from tests.conformance import conformance_dir


def _fixture(name: str) -> Any:
    path = conformance_dir() / "pact-compatibility-suite" / "fixtures" / name
    return path.read_bytes() if path.suffix in (".jpg", ".pdf") else json.loads(path.read_text())


def _messages(mismatches: list[Any]) -> list[str]:
    return [f"{m.path} -> {m.message}" for m in mismatches]


def _request(body: Any, rules_file: str, actual: Any) -> list[str]:
    """As the compatibility suite compares an HTTP request body: unexpected keys are mismatches."""
    expected = _fixture(body) if isinstance(body, str) else body
    rules = _fixture(rules_file)["body"]
    return _messages(match_body(expected, actual, rules, "application/json", allow_unexpected_keys=False))


class TestCompatibilitySuiteRules:
    """The V3/V4 matching-rule scenarios of the Pact compatibility suite, with their wording."""

    def test_equality_resets_cascading_type(self) -> None:
        """An equality rule below a type rule takes values literally again."""
        actual = {"one": {"a": {"ids": [100], "status": "Lovely"}}, "two": [{"ids": [1], "status": "BAD"}]}
        assert _request("3-level.json", "equality-matcher-reset-v3.json", actual) == [
            "$.one.a.status -> Expected 'Lovely' (String) to be equal to 'OK' (String)"
        ]

    def test_min_max(self) -> None:
        """type min/max bounds array lengths; items match by type."""
        ok = {"one": {"a": {"ids": [100], "status": "OK"}}, "two": [{"ids": [1, 2, 3], "status": "BAD"}]}
        assert _request("3-level.json", "minmax-type-matcher-v3.json", ok) == []
        bad = {"one": {"a": {"ids": [], "status": "OK"}}, "two": [{"ids": [1, 2, 3, 4, 5], "status": "BAD"}]}
        assert _request("3-level.json", "minmax-type-matcher-v3.json", bad) == [
            "$.one.a.ids -> Expected [] (size 0) to have minimum size of 1",
            "$.two[0].ids -> Expected [1, 2, 3, 4, 5] (size 5) to have maximum size of 4",
        ]

    @pytest.mark.parametrize(
        ("rules", "one", "message"),
        [
            ("include-matcher-v3.json", "dog", "Expected 'dog' to include 'a'"),
            ("number-type-matcher-v3.json", "100", "Expected '100' (String) to be a number"),
            ("integer-type-matcher-v3.json", 100.1, "Expected 100.1 (Decimal) to be an integer"),
            (
                "decimal-type-matcher-v3.json",
                "100.1234",
                "Expected '100.1234' (String) to be a decimal number",
            ),
            ("null-matcher-v3.json", "", "Expected '' (String) to be a null value"),
            (
                "date-matcher-v3.json",
                "23/07/19",
                "Expected '23/07/19' to match a date pattern of 'yyyy-MM-dd'",
            ),
            ("semver-matcher-v4.json", "1.0", "'1.0' is not a valid semantic version"),
        ],
    )
    def test_value_rules(self, rules: str, one: Any, message: str) -> None:
        """Value rules at $.one word their failures as the suite expects."""
        assert _request("basic.json", rules, {"one": one, "two": "2.0.0" if "semver" in rules else "b"}) == [
            f"$.one -> {message}"
        ]

    @pytest.mark.parametrize(
        ("rules", "one"),
        [
            ("include-matcher-v3.json", "cat"),
            ("number-type-matcher-v3.json", 100.01),
            ("integer-type-matcher-v3.json", 100),
            ("decimal-type-matcher-v3.json", 100.1234),
            ("null-matcher-v3.json", None),
            ("date-matcher-v3.json", "2023-07-19"),
        ],
    )
    def test_value_rules_pass(self, rules: str, one: Any) -> None:
        """Values that satisfy the rules match."""
        assert _request("basic.json", rules, {"one": one, "two": "b"}) == []

    def test_not_empty(self) -> None:
        """notEmpty rejects empty strings and arrays, and a type change is a type mismatch."""
        body = {"one": "a", "two": ["b"]}
        assert _request(body, "notempty-matcher-v4.json", {"one": "cat", "two": ["rat"]}) == []
        assert _request(body, "notempty-matcher-v4.json", {"one": "", "two": []}) == [
            "$.one -> Expected '' (String) to not be empty",
            "$.two -> Expected [] (Array) to not be empty",
        ]
        assert _request(body, "notempty-matcher-v4.json", {"one": "a", "two": "b"}) == [
            "$.two -> Type mismatch: Expected 'b' (String) to be the same type as [\"b\"] (Array)"
        ]

    def test_each_key(self) -> None:
        """eachKey checks every actual key and lets keys differ from the example."""
        assert _request("basic.json", "eachkey-matcher-v4.json", {"one": "a", "two": "b", "three": "c"}) == []
        assert _request("basic.json", "eachkey-matcher-v4.json", {"one": "a", "100": "d"}) == [
            "$[100] -> Expected '100' to match '[a-z]+'"
        ]

    def test_each_value(self) -> None:
        """eachValue checks every actual value with its rules."""
        ok = {"one": "a", "three": "b", "four": "c", "five": "d"}
        assert _request("basic.json", "eachvalue-matcher-v4.json", ok) == []
        bad = {"one": "x", "two": "b", "three": "c", "four": "100"}
        assert _request("basic.json", "eachvalue-matcher-v4.json", bad) == [
            "$.four -> Expected '100' to match '[a-z]+'"
        ]

    def test_values(self) -> None:
        """values ignores missing and additional keys; each value matches by type."""
        ok = {"one": "", "three": "b", "four": "c", "five": "100"}
        assert _request("basic.json", "values-matcher-v3.json", ok) == []
        bad = {"one": "", "two": "b", "three": "c", "four": 100}
        assert _request("basic.json", "values-matcher-v3.json", bad) == [
            "$.four -> Expected 100 (Integer) to be the same type as 'a' (String)"
        ]

    def test_array_contains(self) -> None:
        """arrayContains finds each variant anywhere in the actual array."""
        siren = _fixture("siren.json")
        rules = _fixture("arraycontains-matcher-v4.json")["body"]
        assert match_body(siren, _fixture("siren2.json"), rules, "application/vnd.siren+json") == []
        mismatches = _messages(
            match_body(siren, _fixture("siren3.json"), rules, "application/vnd.siren+json")
        )
        variant = (
            '{"href":"http://api.x.io/orders/42/items","method":"DELETE","name":"delete-item",'
            '"title":"Delete Item"}'
        )
        assert mismatches == [f"$.actions -> Variant at index 1 ({variant}) was not found in the actual list"]

    def test_content_type_of_binary(self) -> None:
        """contentType sniffs binary bodies."""
        rules = _fixture("contenttype-matcher-v3.json")["body"]
        rat, spider, pdf = _fixture("rat.jpg"), _fixture("spider.jpg"), _fixture("sample.pdf")
        assert match_body(rat, spider, rules, "application/octet-stream") == []
        message = (
            "Expected binary contents to have content type 'image/jpeg' "
            "but detected contents was 'application/pdf'"
        )
        assert _messages(match_body(rat, pdf, rules, "application/octet-stream")) == [f"$ -> {message}"]

    def test_not_empty_binary(self) -> None:
        """notEmpty on a binary body."""
        rules = _fixture("notempty2-matcher-v4.json")["body"]
        assert match_body(_fixture("rat.jpg"), _fixture("spider.jpg"), rules, "image/jpeg") == []
        assert _messages(match_body(_fixture("rat.jpg"), b"", rules, "image/jpeg")) == [
            "$ -> Expected [] (0 bytes) to not be empty"
        ]


class TestJsonBodies:
    def test_unexpected_keys(self) -> None:
        """Extra keys are fine in messages and responses, a mismatch where forbidden (requests)."""
        assert match_body({"a": 1}, {"a": 1, "b": 2}) == []
        assert _messages(match_body({"one": 1, "two": 2}, {"one": 1}, allow_unexpected_keys=False)) == [
            "$ -> Expected a Map with keys [one, two] but received one with keys [one]"
        ]

    def test_missing_key(self) -> None:
        """A missing key is named."""
        assert _messages(match_body({"a": 1, "b": 2}, {"a": 1})) == [
            "$ -> Actual map is missing the following keys: b"
        ]

    def test_array_length_without_rules(self) -> None:
        """Without a rule, arrays must have exactly the expected length."""
        assert _messages(match_body([1, 2], [1, 2, 3])) == [
            "$ -> Expected a List with 2 elements but received 3 elements"
        ]
        assert _messages(match_body([1, 2], [1])) == [
            "$ -> Expected 2 but was missing",
            "$ -> Expected a List with 2 elements but received 1 elements",
        ]

    def test_each_like(self) -> None:
        """type min 1 at an array: every actual item is compared with the example by type."""
        rules = {
            "$.items": {"matchers": [{"match": "type", "min": 1}]},
            "$.items[*].id": {"matchers": [{"match": "integer"}]},
        }
        expected = {"items": [{"id": 1, "name": "x"}]}
        actual = {"items": [{"id": 2, "name": "y"}, {"id": 3, "name": "z"}]}
        assert match_body(expected, actual, rules) == []
        actual["items"][1]["id"] = "3"
        assert _messages(match_body(expected, actual, rules)) == [
            "$.items[1].id -> Expected '3' (String) to be an integer"
        ]
        assert _messages(match_body(expected, {"items": []}, rules)) == [
            "$.items -> Expected [] (size 0) to have minimum size of 1"
        ]

    def test_most_specific_path_wins(self) -> None:
        """An exact path beats a wildcard, which beats a cascading parent rule."""
        rules = {
            "$": {"matchers": [{"match": "type"}]},
            "$.*": {"matchers": [{"match": "regex", "regex": "[a-z]+"}]},
            "$.code": {"matchers": [{"match": "regex", "regex": "\\d+"}]},
        }
        assert match_body({"code": "1", "name": "a"}, {"code": "42", "name": "bob"}, rules) == []
        assert _messages(match_body({"code": "1", "name": "a"}, {"code": "x", "name": "B"}, rules)) == [
            "$.code -> Expected 'x' to match '\\d+'",
            "$.name -> Expected 'B' to match '[a-z]+'",
        ]

    def test_combine_or(self) -> None:
        """OR passes when one rule passes."""
        rules = {"$.v": {"combine": "OR", "matchers": [{"match": "integer"}, {"match": "null"}]}}
        assert match_body({"v": 1}, {"v": None}, rules) == []
        assert len(match_body({"v": 1}, {"v": "x"}, rules)) == 2

    def test_type_mismatch_at_top(self) -> None:
        """An object where an array is expected is a type mismatch."""
        assert _messages(match_body([{}], {})) == [
            "$ -> Type mismatch: Expected {} (Object) to be the same type as [{}] (Array)"
        ]

    def test_integers_and_decimals_are_not_equal(self) -> None:
        """1 and 1.0 differ, as do true and 1."""
        assert match_body({"a": 1}, {"a": 1.0}) != []
        assert match_body({"a": 1}, {"a": True}) != []

    def test_bad_rule_is_input_error(self) -> None:
        """A broken rule raises RuleError naming its path."""
        with pytest.raises(RuleError, match=r"\$\.a"):
            match_body({"a": 1}, {"a": 1}, {"$.a": {"matchers": [{"match": "regex"}]}})

    def test_actual_bytes_are_decoded(self) -> None:
        """Raw JSON bytes from a transport are parsed; unparsable bytes are a mismatch, not a crash."""
        assert match_body({"a": 1}, b'{"a": 1}') == []
        assert "Failed to parse the actual body" in match_body({"a": 1}, b"{nope")[0].message


class TestTextAndBinary:
    def test_text_equality(self) -> None:
        """Plain text compares by equality with Pact's wording."""
        assert _messages(match_body("Hello World!", "Hello Mars!", None, "text/plain")) == [
            "$ -> Expected body 'Hello World!' to match 'Hello Mars!' using equality but did not match"
        ]

    def test_text_regex(self) -> None:
        """A rule at $ applies to the whole text body."""
        rules = {"$": {"matchers": [{"match": "regex", "regex": "Hello \\w+!"}]}}
        assert match_body("Hello World!", "Hello Mars!", rules, "text/plain") == []

    def test_binary_equality(self) -> None:
        """Binary bodies without rules compare byte for byte, shown as hex."""
        (mismatch,) = match_body(b"\x00\x01", b"\x00\x02", None, "application/octet-stream")
        assert mismatch.message == (
            "Actual body [application/octet-stream, 2 bytes, starting with 0002] is not equal to the "
            "expected "
            "body [application/octet-stream, 2 bytes, starting with 0001]"
        )

    def test_missing_body(self) -> None:
        """An expected body that is missing is a mismatch; no expected body accepts anything."""
        assert match_body({"a": 1}, NO_BODY)[0].message.startswith("Expected body")
        assert match_body(NO_BODY, {"a": 1}) == []


class TestMessagesAndMetadata:
    def test_v3_message(self) -> None:
        """A V3 message entry matches a V3 actual message."""
        expected = {
            "description": "a user",
            "contents": {"id": 1},
            "metaData": {"contentType": "application/json", "topic": "users"},
            "matchingRules": {"body": {"$.id": {"matchers": [{"match": "integer"}]}}},
        }
        actual = {
            "contents": {"id": 7},
            "metaData": {"contentType": "application/json; charset=utf-8", "topic": "users"},
        }
        assert match_message(expected, actual) == []

    def test_v4_message_and_metadata_rules(self) -> None:
        """V4 contents and metadata rules; metadata is equality by default."""
        expected = {
            "type": "Asynchronous/Messages",
            "contents": {"contentType": "application/json", "encoded": False, "content": {"id": 1}},
            "metadata": {"Origin": "AXP-1000", "TagData": {"ID": "123", "weight": 100.5}, "kind": "x"},
            "matchingRules": {
                "metadata": {
                    "Origin": {"combine": "AND", "matchers": [{"match": "regex", "regex": "\\w{3}-\\d+"}]}
                }
            },
        }
        good = {
            "contents": {"contentType": "application/json", "content": {"id": 1}},
            "metadata": {
                "Origin": "ABC-1",
                "TagData": {"weight": 100.5, "ID": "123"},
                "kind": "x",
                "extra": 1,
            },
        }
        assert match_message(expected, good) == []
        bad = {
            "contents": {"contentType": "application/json", "content": {"id": 1}},
            "metadata": {"Origin": "AAAB-123", "TagData": {"ID": "123"}},
        }
        mismatches = match_message(expected, bad)
        assert [(m.path, m.kind) for m in mismatches] == [
            ("Origin", "metadata"),
            ("TagData", "metadata"),
            ("kind", "metadata"),
        ]
        assert mismatches[0].message == "Expected 'AAAB-123' to match '\\w{3}-\\d+'"
        assert mismatches[2].message == "Expected message metadata 'kind' but was missing"

    def test_a_v3_body_with_a_content_field_is_not_a_v4_wrapper(self) -> None:
        """A V3 body whose fields are named like V4's wrapper is read as the V3 body it is."""
        assert match_message({"contents": {"content": "hello"}}, {"contents": {"content": "hello", "id": 5}}) == []
        [mismatch] = match_message({"contents": {"contentType": "text/plain"}}, {"contents": {"contentType": "x"}})
        assert (mismatch.path, mismatch.kind) == ("$.contentType", "body")

    def test_v3_bodies_are_read_as_a_pact_file_reads_them(self) -> None:
        """JSON given as text is parsed and base64 under a binary type is decoded, as in a pact file."""
        rule = {"body": {"$.id": {"matchers": [{"match": "integer"}]}}}
        json_meta = {"contentType": "application/json"}
        assert match_message({"contents": '{"id": 1}', "metadata": json_meta, "matchingRules": rule},
                             {"contents": '{"id": 5}', "metadata": json_meta}) == []
        pdf = {"body": {"$": {"matchers": [{"match": "contentType", "value": "application/pdf"}]}}}
        binary = {"contentType": "application/octet-stream"}
        assert match_message({"contents": "AAAA", "metadata": binary, "matchingRules": pdf},
                             {"contents": "JVBERi0xLjQK", "metadata": binary}) == []

    def test_v4_encoded_true_and_lower_case_combine(self) -> None:
        """``"encoded": true`` is base64, and ``"combine": "or"`` reads as OR, as the pact reader takes them."""
        body = {"content": "e30=", "encoded": True, "contentType": "application/json"}
        assert match_message({"contents": body}, {"contents": body}) == []
        rules = {"body": {"$.a": {"combine": "or", "matchers": [{"match": "integer"}, {"match": "null"}]}}}
        assert match_message({"contents": {"a": 1}, "matchingRules": rules}, {"contents": {"a": None}}) == []

    def test_the_version_can_be_given(self) -> None:
        """version= overrides the guess: the same dict read as V4 unwraps its content."""
        wrapped = {"contents": {"content": {"id": 1}, "contentType": "application/json"}}
        assert match_message(wrapped, {"contents": {"content": {"id": 1}, "contentType": "x"}}, version="3.0.0")
        assert match_message(wrapped, wrapped, version="4.0") == []
        assert message_version(wrapped) == "4.0"
        assert message_version({"type": "Asynchronous/Messages"}) == "4.0"
        assert message_version({"contents": {"content": 1}}) == "3.0.0"

    def test_a_malformed_message_is_a_pact_file_error_naming_the_side(self) -> None:
        """Bad input is one PactFileError naming which side and where, not a TypeError."""
        with pytest.raises(PactFileError, match=r"^actual, at \$\.metadata: expected an object"):
            match_message({"contents": {}}, {"contents": {}, "metadata": [1]})
        with pytest.raises(PactFileError, match="^expected"):
            match_message([1], {})  # type: ignore[arg-type]

    def test_a_body_nested_past_the_recursion_limit_is_an_input_error(self) -> None:
        """JSON that json.loads accepts but is too deep to walk gives one InputError, not a RecursionError."""
        body: dict[str, Any] = {}
        inner = body
        for _ in range(sys.getrecursionlimit()):
            inner["a"] = {}
            inner = inner["a"]
        with pytest.raises(InputError, match="nested too deeply to match"):
            match_message({"contents": body}, {"contents": body})

    def test_content_type_parameters_ignored(self) -> None:
        """contentType metadata ignores parameters the contract does not state."""
        expected = {"contents": "hi", "metaData": {"contentType": "text/plain"}}
        assert (
            match_message(
                expected, {"contents": "hi", "metaData": {"contentType": "text/plain;charset=UTF-8"}}
            )
            == []
        )
        strict = {"contents": "hi", "metaData": {"contentType": "text/plain; charset=UTF-16"}}
        assert (
            match_message(
                strict, {"contents": "hi", "metaData": {"contentType": "text/plain; charset=UTF-8"}}
            )
            != []
        )

    def test_body_content_type_mismatch(self) -> None:
        """A different kind of body is one content-type mismatch."""
        expected = MessageContents(body={"a": 1}, content_type="application/json")
        actual = MessageContents(body="<a/>", content_type="application/xml")
        (mismatch,) = match_contents(expected, actual)
        assert mismatch.kind == "content-type"
        assert (
            mismatch.message
            == "Expected a body of 'application/json' but the actual content type was 'application/xml'"
        )

    def test_compiled_once_matches_many(self) -> None:
        """compile_contents compiles once; the result matches any number of messages."""
        compiled = compile_contents(
            MessageContents(
                body={"n": 1}, matching_rules={"body": {"$.n": {"matchers": [{"match": "integer"}]}}}
            )
        )
        assert all(compiled.match(MessageContents(body={"n": n})) == [] for n in range(50))
        assert compiled.match(MessageContents(body={"n": "1"}))[0].path == "$.n"

    def test_v4_base64_binary(self) -> None:
        """V4 base64 contents decode to bytes."""
        expected = {
            "contents": {"contentType": "application/octet-stream", "encoded": "base64", "content": "AAE="}
        }
        actual = {
            "contents": {"contentType": "application/octet-stream", "encoded": "base64", "content": "AAE="}
        }
        assert match_message(expected, actual) == []
        actual["contents"]["content"] = "AAI="
        assert match_message(expected, actual) != []


def test_no_jsonpath_per_node(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths are parsed when rules compile, never while walking a body."""
    from pactspec import paths
    from pactspec.rules import _tree

    compiled = compile_contents(
        MessageContents(
            body={"xs": [{"a": 1}]}, matching_rules={"body": {"$.xs": {"matchers": [{"match": "type"}]}}}
        )
    )

    def boom(text: str) -> None:
        raise AssertionError(f"parsed {text} during matching")

    monkeypatch.setattr(paths, "parse_path", boom)
    monkeypatch.setattr(_tree, "parse_path", boom)
    assert compiled.match(MessageContents(body={"xs": [{"a": i} for i in range(100)]})) == []


def test_fixture_folder_exists() -> None:
    """The compatibility-suite fixtures these tests read are present."""
    assert Path(conformance_dir() / "pact-compatibility-suite" / "fixtures" / "basic.json").is_file()


def test_json_text_is_parsed_when_the_contract_has_structure() -> None:
    """A JSON body handed over as text is parsed before matching; text that is not JSON is a mismatch."""
    assert match_body({"a": 1}, '{"a": 1}', None, "application/json") == []
    assert match_body("plain", "plain", None, "application/json") == []
    assert match_body({"a": 1}, "{oops", None, "application/json")[0].message.startswith("Failed to parse")


def test_bad_array_contains_variant_path_is_reported_when_read() -> None:
    """A malformed path inside an arrayContains variant raises RuleError before any matching."""
    rules = {
        "$.xs": {"matchers": [{"match": "arrayContains", "variants": [{"index": 0, "rules": {"x": {}}}]}]}
    }
    with pytest.raises(RuleError, match="does not start with"):
        match_body({"xs": [1]}, {"xs": [1]}, rules)


_CT = "Expected binary contents to have content type '{}' but detected contents was '{}'"


def _content_type_rule(media: str) -> dict[str, Any]:
    return {"$": {"combine": "AND", "matchers": [{"match": "contentType", "value": media}]}}


class TestContentTypeRuleAtRoot:
    """A contentType rule at `$` checks the whole body's bytes and is not cascaded to its values."""

    @pytest.mark.parametrize(
        ("expected", "actual", "content_type"),
        [
            ({"a": 1, "b": ["x"]}, {"a": 2, "c": {"d": None}}, "application/json"),
            ({"a": 1}, b'{"z": [1, 2]}', "application/json"),  # bytes are sniffed before any parsing
            ({"a": 1}, '{"a": "text"}', "application/json"),
            ([1, 2], [3], "application/json"),
            ("<a>1</a>", "<a>1</a>", "application/xml"),
            ("hello", "other words", "text/plain"),
        ],
    )
    def test_a_body_of_the_named_type_passes(self, expected: Any, actual: Any, content_type: str) -> None:
        assert match_body(expected, actual, _content_type_rule(content_type), content_type) == []

    @pytest.mark.parametrize(
        ("expected", "actual", "content_type", "named", "detected"),
        [
            ({"a": [2]}, {"a": [2]}, "application/json", "application/xml", "application/json"),
            ({"a": 1}, b"not json at all", "application/json", "application/json", "text/plain"),
            ("<a>1</a>", "<a><b>2</b></a>", "application/xml", "application/json", "application/xml"),
            ("hi", "hi", "text/plain", "application/json", "text/plain"),
        ],
    )
    def test_another_type_fails_once_at_the_root(
        self, expected: Any, actual: Any, content_type: str, named: str, detected: str
    ) -> None:
        mismatches = match_body(expected, actual, _content_type_rule(named), content_type)
        assert [(m.path, m.message) for m in mismatches] == [("$", _CT.format(named, detected))]

    @pytest.mark.parametrize(
        ("contents", "actual"),
        [
            ({"contentType": "application/xml", "content": "<a>1</a>"}, "<a>1</a>"),
            ({"contentType": "application/json", "content": {"a": 1}}, {"a": 5, "b": "x"}),
        ],
    )
    def test_v4_message_with_a_file_body_rule(self, contents: dict[str, Any], actual: Any) -> None:
        """What a consumer's `the content is the file … matching "content type …"` writes."""
        media = contents["contentType"]
        expected = {"contents": contents, "matchingRules": {"body": _content_type_rule(media)}}
        assert match_message(expected, {"contents": {"contentType": media, "content": actual}}) == []
        wrong = {"contents": contents, "matchingRules": {"body": _content_type_rule("image/png")}}
        mismatches = match_message(wrong, {"contents": {"contentType": media, "content": actual}})
        assert [m.path for m in mismatches] == ["$"]
