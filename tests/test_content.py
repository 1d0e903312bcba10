"""Which metadata key is the content type; wire bytes ↔ the model's body forms, by content type."""

from __future__ import annotations

import decimal
import http
import json
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactspec.content import (
    content_type_key,
    declared_content_type,
    decode_body,
    guess_content_type,
    indented_json,
    is_content_type_key,
    json_depth,
    not_json,
    value_depth,
)
from pactspec.errors import InputError
from pactspec.model import NO_BODY


class TestContentTypeKeys:
    @pytest.mark.parametrize(("key", "names_it"), [
        ("contentType", True), ("Content-Type", True), ("content-type", True), ("CONTENT-TYPE", True),
        ("ContentType", True), ("content_type", False), ("contentTypeHint", False), ("type", False), (1, False),
    ])
    def test_contenttype_and_content_type_in_any_case(self, key: object, names_it: bool) -> None:
        """As Pact reads metadata: 'contentType' or 'content-type' lower-cased; nothing else."""
        assert is_content_type_key(key) is names_it

    def test_the_first_content_type_key_and_its_text(self) -> None:
        """The first key naming the content type is found; its value counts only when it is text."""
        metadata = {"topic": "t", "Content-TYPE": 5, "contentType": "text/plain"}
        assert content_type_key(metadata) == "Content-TYPE"
        assert declared_content_type(metadata) == "text/plain"
        assert content_type_key({"content_type": "text/plain"}) is None
        assert declared_content_type({"content_type": "text/plain"}) is None


class TestDecodeBody:
    @pytest.mark.parametrize(("raw", "content_type", "body"), [
        (b'{"a": 1}', "application/json", {"a": 1}),
        (b"hi", "text/plain", "hi"),
        (b"\xff\x00", "application/octet-stream", b"\xff\x00"),
        (b"", "application/json", NO_BODY),
    ])
    def test_bytes_become_the_body_for_the_content_type(self, raw: bytes, content_type: str, body: object) -> None:
        """JSON becomes its value, text a str, binary stays bytes, no bytes is no body."""
        assert decode_body(raw, content_type) == body

    @pytest.mark.parametrize(("raw", "says"), [
        (b'{"a": NaN}', r"not valid JSON \(NaN is not JSON\)"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (b'{"a": 1', r"not valid JSON \(Expecting"),
        (b"\xff", "not UTF-8 text"),
    ])
    def test_what_is_not_json_is_an_input_error(self, raw: bytes, says: str) -> None:
        """NaN, too-deep nesting, broken JSON and non-UTF-8 bytes raise InputError saying why."""
        with pytest.raises(InputError, match=says):
            decode_body(raw, "application/json")


class TestGuessContentType:
    @pytest.mark.parametrize(("body", "content_type"), [
        ({"a": 1}, "application/json"),
        ([1], "application/json"),
        ("hello", "text/plain"),
        ('<?xml version="1.0"?><a/>', "application/xml"),
        ("  <order><id>1</id></order>\n", "application/xml"),  # a producer's XML without a declaration
        ("<b>not closed", "text/plain"),
        (b"\x00\x01", "application/octet-stream"),
        (NO_BODY, None),
    ])
    def test_what_a_body_implies(self, body: object, content_type: str | None) -> None:
        """A body without a declared type: dicts/lists are JSON, text in angle brackets is XML, bytes are binary."""
        assert guess_content_type(body) == content_type


class TestNotJson:
    @pytest.mark.parametrize(("value", "says"), [
        ({"a": {"amount": decimal.Decimal("9.99")}},
         ("$.a.amount is Decimal('9.99') (a Decimal), which JSON cannot hold; make it a float, or a str if every "
          "digit matters")),
        ({"first name": [1, {2}]}, "$['first name'][1] is {2} (a set), which JSON cannot hold; make it a list"),
        ([1, float("inf")], "$[1] is inf, which JSON cannot hold (it has no infinity or NaN); give a finite number"),
        ({"a": {(1, 2): 3}}, "$.a has the key (1, 2) (a tuple), which JSON cannot hold; make the key a str"),
        ({"a": (1, b"x")}, "$.a[1] is b'x' (a bytes), which JSON cannot hold; decode it to a str (or base64-encode it)"),
    ])
    def test_the_first_value_json_cannot_hold_is_named_by_its_path(self, value: object, says: str) -> None:
        """The sentence names the JSON path of the value, its type and what to make it."""
        assert not_json(value) == says

    def test_plain_json_has_nothing_to_say(self) -> None:
        """Dicts, lists, tuples, text, numbers, booleans and null are all JSON."""
        assert not_json({"a": [1, 2.5, True, None, "x", (1,)], "1": {}}) is None


class TestJsonError:
    @pytest.mark.parametrize(("text", "says"), [
        ('{"a": "b', "Unterminated string starting at line 1 column 7"),
        ('{"a": 1,\n "b" 2}', "Expecting ':' delimiter at line 2 column 6"),
    ])
    def test_the_place_is_said_once(self, text: str, says: str) -> None:
        """A reader message ending in 'at' is not followed by a second 'at' ("starting at at line")."""
        with pytest.raises(InputError) as caught:
            decode_body(text.encode(), "application/json")
        assert f"is not valid JSON ({says}); send JSON" in str(caught.value)
        assert "at at" not in str(caught.value)


class TestJsonDepth:
    @pytest.mark.parametrize(("text", "depth"), [
        ("1", 0), ('"[[["', 0), ("[]", 1), ('{"a": [{"b": []}]}', 4),
        (r'["\"[", ["]"]]', 2),          # an escaped quote does not end the string holding the bracket
        (r'["\\", [[]]]', 3),           # an escaped backslash before the closing quote does
        (r'["[", "]]", [{"{": "}"}]]', 3),  # adjacent strings holding brackets
        ('["\u005b", ["é["]]', 2),      # non-ASCII text and \u escapes
    ])
    def test_brackets_inside_strings_do_not_count(self, text: str, depth: int) -> None:
        """The depth counts array and object brackets only, not brackets inside (escaped) strings."""
        assert json_depth(text) == depth == value_depth(json.loads(text))

    def test_agrees_with_the_decoded_value_on_generated_documents(self) -> None:
        """On 3,000 generated documents full of quotes, backslashes and brackets in strings, the text
        count equals the depth of what json.loads decodes."""
        pieces = ["[", "]", "{", "}", '"', "\\", "a", "é", " ", "n"]
        chooser = random.Random(7)

        def value(level: int) -> object:
            roll = chooser.random()
            if level > 8 or roll < 0.35:
                return "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 6)))
            if roll < 0.65:
                return [value(level + 1) for _ in range(chooser.randint(0, 3))]
            return {"".join(chooser.choice(pieces) for _ in range(3)): value(level + 1) for _ in range(3)}

        for _ in range(3000):
            document = value(0)
            text = json.dumps(document, ensure_ascii=chooser.random() < 0.5)
            assert json_depth(text) == value_depth(document), text


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


class TestIndentedJson:
    @settings(max_examples=300, deadline=None)
    @given(_JSON)
    def test_the_same_text_as_json_dumps(self, value: Any) -> None:
        """The fast writer gives json.dumps(indent=2, sort_keys=True, ensure_ascii=False)'s text, or its error."""
        try:
            expected = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
        except ValueError:
            with pytest.raises(ValueError):
                indented_json(value)
            return
        assert indented_json(value) == expected

    def test_tuples_int_subclasses_and_non_str_keys_come_out_as_json_dumps_writes_them(self) -> None:
        """Tuples and int subclasses are written as json.dumps writes them; int keys are left to json.dumps."""
        value = {"t": (1, 2), "n": http.HTTPStatus.OK, "k": {3: "x"}}
        assert indented_json(value) == json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
        with pytest.raises(TypeError):
            indented_json({3: "x", "a": 1})  # json.dumps cannot sort these keys either
