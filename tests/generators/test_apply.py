"""Tests for pactspec.generators._apply."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactspec.errors import RuleError
from pactspec.generators._apply import GENERATORS, apply_generators, from_json
from pactspec.generators._context import MockServerURL, ProviderStateGenerator
from pactspec.generators._types import (
    Date,
    DateTime,
    RandomDecimal,
    RandomInt,
    Regex,
    Time,
    Uuid,
)
from pactspec.model import NO_BODY, MessageContents
from pactspec.regex._safe import compile_pattern
from pactspec.timeformats._patterns import default_format, java_pattern
from tests.conformance import conformance_dir

NOW = dt.datetime(2000, 1, 1, 10, 0, tzinfo=dt.UTC)


def fixtures() -> Path:
    return conformance_dir() / "pact-compatibility-suite" / "fixtures"


def body_generator(name: str) -> dict[str, Any]:
    return json.loads((fixtures() / name).read_text())


def prepare(generators: dict[str, Any], context: dict[str, Any] | None = None, mode: str = "consumer") -> Any:
    basic = json.loads((fixtures() / "basic.json").read_text())
    contents = MessageContents(body=basic, content_type="application/json", generators=generators)
    return apply_generators(contents, context or {}, mode=mode).body  # type: ignore[arg-type]


class TestCompatibilitySuite:
    """The V3 and V4 generators.feature scenarios, run against their fixture files."""

    @pytest.mark.parametrize(
        ("fixture", "check"),
        [
            ("randomint-generator.json", lambda v: isinstance(v, int) and 0 <= v <= 1000),
            ("randomdec-generator.json", lambda v: isinstance(v, float)),
            ("randomhex-generator.json", lambda v: re.fullmatch(r"[0-9a-f]{6}", v)),
            ("randomstr-generator.json", lambda v: re.fullmatch(r"[A-Za-z0-9]{6}", v)),
            ("randomregex-generator.json", lambda v: re.fullmatch(r"\d{1,8}", v)),
            ("date-generator.json", lambda v: default_format("date").matches(v)),
            ("time-generator.json", lambda v: default_format("time").matches(v)),
            ("datetime-generator.json", lambda v: default_format("datetime").matches(v)),
            ("uuid-generator.json", lambda v: str(uuid.UUID(v)) == v),
            ("boolean-generator.json", lambda v: isinstance(v, bool)),
            ("uuid-generator-simple.json", lambda v: re.fullmatch(r"[0-9a-f]{32}", v)),
            ("uuid-generator-lower-case-hyphenated.json",
             lambda v: re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", v)),
            ("uuid-generator-upper-case-hyphenated.json",
             lambda v: re.fullmatch(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}", v)),
            ("uuid-generator-urn.json",
             lambda v: re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", v)),
        ],
    )
    def test_value_is_replaced(self, fixture: str, check: Any) -> None:
        """The body value at $.one is replaced by a value of the generator's kind; $.two is untouched."""
        body = prepare(body_generator(fixture))
        assert body["one"] != "a"
        assert check(body["one"]), body["one"]
        assert body["two"] == "b"

    def test_provider_state_generator(self) -> None:
        """V4: in provider mode ${id} is replaced by the state's value 1000, keeping its type."""
        body = prepare(body_generator("providerstate-generator.json"), {"providerState": {"id": 1000}}, "provider")
        assert body["one"] == 1000

    def test_mock_server_url_generator(self) -> None:
        """V4: in consumer mode the example's base URL is replaced by the mock server's."""
        body = prepare(body_generator("mockserver-generator.json"), {"mockServer": {"href": "http://somewhere.world"}})
        assert body["one"] == "http://somewhere.world/a"


class TestRegistry:
    @pytest.mark.parametrize(
        "data",
        [
            {"type": "RandomInt", "min": 0, "max": 1000},
            {"type": "RandomInt"},
            {"type": "RandomDecimal", "digits": 6},
            {"type": "RandomHexadecimal", "digits": 6},
            {"type": "RandomString", "size": 6},
            {"type": "Regex", "regex": "\\d{1,8}"},
            {"type": "Uuid"},
            {"type": "Uuid", "format": "URN"},
            {"type": "Date", "format": "yyyy-MM-dd", "expression": "+ 1 day"},
            {"type": "Time", "format": "HH:mm"},
            {"type": "DateTime", "format": "yyyy-MM-dd'T'HH:mm:ss", "expression": "+ 1 day @ now + 2 hours"},
            {"type": "RandomBoolean"},
            {"type": "ProviderState", "expression": "/users/${id}"},
            {"type": "ProviderState", "expression": "${id}", "dataType": "INTEGER"},
            {"type": "MockServerURL", "regex": ".*(/a)", "example": "http://1234:8080/a"},
        ],
    )
    def test_round_trip(self, data: dict[str, Any]) -> None:
        """from_json then to_json gives back the same Pact JSON, also when built from the fields alone."""
        generator = from_json(data)
        assert generator.to_json() == data
        assert replace(generator, source=None).to_json() == data

    def test_every_type_is_registered_under_its_pact_name(self) -> None:
        """The registry holds the twelve Pact generator type names."""
        assert set(GENERATORS) == {
            "RandomInt", "RandomDecimal", "RandomHexadecimal", "RandomString", "Regex", "Uuid", "Date", "Time",
            "DateTime", "RandomBoolean", "ProviderState", "MockServerURL",
        }

    @pytest.mark.parametrize(
        ("data", "says"),
        [
            ({"type": "Nope"}, "generator type 'Nope' is unknown"),
            ({}, "generator type None is unknown"),
            ("RandomInt", "must be a JSON object"),
            ({"type": "RandomInt", "min": 5, "max": 1}, "min 5 is greater than max 1"),
            ({"type": "RandomInt", "min": "x"}, "'min' must be a whole number"),
            ({"type": "RandomString", "size": -1}, "'size' must be at least 0"),
            ({"type": "RandomDecimal", "digits": 0}, "'digits' must be at least 1"),
            ({"type": "RandomString", "size": 99_999_999}, "'size' must be at most 100,000, got 99,999,999"),
            ({"type": "RandomHexadecimal", "digits": 10**9}, "'digits' must be at most 100,000"),
            ({"type": "RandomDecimal", "digits": 400}, "'digits' must be at most 300"),
            ({"type": "Regex"}, "needs a 'regex' string"),
            ({"type": "Regex", "regex": "("}, "not a valid regular expression"),
            ({"type": "Uuid", "format": "dashed"}, "Uuid format 'dashed' is unknown"),
            ({"type": "Date", "format": "yyyy-bb"}, "the letter 'b'"),
            ({"type": "Date", "expression": "sometime"}, "date expression 'sometime'"),
            ({"type": "Time", "expression": "+ 1 day"}, "time expression '+ 1 day'"),
            ({"type": "ProviderState"}, "needs a 'expression' string"),
            ({"type": "ProviderState", "expression": "${a}", "dataType": "LIST"}, "dataType 'LIST'"),
            ({"type": "MockServerURL", "regex": ".*"}, "needs a 'example' string"),
        ],
    )
    def test_bad_generator(self, data: Any, says: str) -> None:
        """A generator that cannot be used is a RuleError naming the path and the problem."""
        with pytest.raises(RuleError) as caught:
            from_json(data, path="$.one")
        assert str(caught.value).startswith("$.one: ")
        assert says in str(caught.value)


class TestProviderState:
    def test_whole_expression_keeps_the_type(self) -> None:
        """${id} alone gives the value itself, not its text."""
        assert ProviderStateGenerator("${id}").generate({"id": 42}) == 42
        assert ProviderStateGenerator("${flag}").generate({"flag": False}) is False

    def test_embedded_expression_makes_text(self) -> None:
        """/users/${id} gives text with the value in it."""
        assert ProviderStateGenerator("/users/${id}/${ok}").generate({"id": 42, "ok": True}) == "/users/42/true"

    def test_values_under_provider_state_and_dotted_names(self) -> None:
        """Values are found at the top of the context, under providerState, and by dotted name."""
        context = {"providerState": {"user": {"id": 7}}}
        assert ProviderStateGenerator("${user.id}").generate(context) == 7

    def test_data_type_converts(self) -> None:
        """dataType INTEGER turns the text '12' into 12; STRING turns 12 into '12'."""
        assert ProviderStateGenerator("${n}", "INTEGER").generate({"n": "12"}) == 12
        assert ProviderStateGenerator("${n}", "STRING").generate({"n": 12}) == "12"

    def test_missing_value_says_what_the_handler_returned(self) -> None:
        """An expression naming a value the handler did not return is a clear RuleError."""
        with pytest.raises(RuleError, match=r"value 'id' .* \(it returned: name\); return it from the handler"):
            ProviderStateGenerator("${id}").generate({"name": "x"})

    def test_only_runs_in_provider_mode(self) -> None:
        """In consumer mode the contract's example is kept."""
        contents = MessageContents(body={"id": 1}, generators={"body": {"$.id": {"type": "ProviderState",
                                                                                 "expression": "${id}"}}})
        assert apply_generators(contents, {"id": 99}, mode="consumer").body == {"id": 1}
        assert apply_generators(contents, {"id": 99}, mode="provider").body == {"id": 99}

    def test_missing_value_error_names_the_body_path(self) -> None:
        """apply_generators puts the body path in front of the error."""
        contents = MessageContents(body={"id": 1}, generators={"body": {"$.id": {"type": "ProviderState",
                                                                                 "expression": "${id}"}}})
        with pytest.raises(RuleError, match=r"^\$\.id: provider state value 'id'"):
            apply_generators(contents, {}, mode="provider")


class TestMockServerURL:
    def test_keeps_the_path_after_the_group(self) -> None:
        """The base URL is swapped and the grouped path kept."""
        gen = MockServerURL(r".*\/(orders\/\d+)$", "http://localhost:1234/orders/5678")
        assert gen.generate({"mockServerURL": "http://127.0.0.1:9999/"}) == "http://127.0.0.1:9999/orders/5678"

    def test_without_a_mock_server_the_example_stays(self) -> None:
        """No mock server URL in the context leaves the example."""
        assert MockServerURL(".*(/a)", "http://x/a").generate({}) == "http://x/a"

    def test_regex_without_group(self) -> None:
        """A regex with no group cannot say which part to keep: RuleError."""
        with pytest.raises(RuleError, match="has no group"):
            MockServerURL(".*", "http://x/a").generate({"mockServerURL": "http://y"})

    def test_only_runs_for_consumers(self) -> None:
        """In provider mode the example is kept."""
        contents = MessageContents(body={"u": "http://x/a"}, generators={"body": {"$.u": {
            "type": "MockServerURL", "regex": ".*(/a)", "example": "http://x/a"}}})
        assert apply_generators(contents, {"mockServerURL": "http://y"}, mode="provider").body == {"u": "http://x/a"}


class TestTemporal:
    def test_expression_and_format(self) -> None:
        """A Date with an expression is computed from 'now' and printed in its format."""
        assert Date("dd/MM/yyyy", "+ 1 day").generate({"now": NOW}) == "02/01/2000"
        assert Time("HH:mm", "noon + 2 hours").generate({"now": NOW}) == "14:00"
        assert DateTime("yyyy-MM-dd'T'HH:mm:ssXXX", "+ 1 day @ now + 2 hours").generate({"now": NOW}) \
            == "2000-01-02T12:00:00Z"

    def test_defaults(self) -> None:
        """Without format or expression: today, now, in ISO form."""
        assert Date().generate({"now": NOW}) == "2000-01-01"
        assert Time().generate({"now": NOW}) == "10:00:00"
        assert DateTime().generate({"now": NOW}) == "2000-01-01T10:00:00"


class TestApply:
    def test_paths(self) -> None:
        """Keys, wildcards over arrays, indexes and nested paths are replaced where values exist."""
        body = {"id": 1, "items": [{"sku": "a"}, {"sku": "b"}], "a": {"b": [1, 2]}, "keep": "x"}
        gens = {
            "$.id": {"type": "RandomInt", "min": 5, "max": 5},
            "$.items[*].sku": {"type": "Regex", "regex": "S-[0-9]{3}"},
            "$.a.b[0]": {"type": "RandomBoolean"},
            "$.missing": {"type": "RandomInt"},
        }
        contents = MessageContents(body=body, generators={"body": gens})
        out = apply_generators(contents, {}, mode="consumer").body
        assert out["id"] == 5
        assert all(re.fullmatch(r"S-\d{3}", item["sku"]) for item in out["items"])
        assert isinstance(out["a"]["b"][0], bool) and out["a"]["b"][1] == 2
        assert "missing" not in out and out["keep"] == "x"
        assert body["items"][0]["sku"] == "a"  # the input is not changed

    def test_root_path_replaces_a_text_body(self) -> None:
        """A generator at $ replaces the whole body, e.g. a plain-text message."""
        contents = MessageContents(body="old", content_type="text/plain",
                                   generators={"body": {"$": {"type": "RandomString", "size": 4}}})
        out = apply_generators(contents, {}, mode="consumer").body
        assert isinstance(out, str) and len(out) == 4 and out != "old"

    def test_metadata_keys(self) -> None:
        """Metadata generators are keyed by metadata name."""
        contents = MessageContents(body=NO_BODY, metadata={"Origin": "x", "n": 1},
                                   generators={"metadata": {"Origin": {"type": "Regex", "regex": "[A-Z]{3}-\\d+"}}})
        out = apply_generators(contents, {}, mode="provider")
        assert re.fullmatch(r"[A-Z]{3}-\d+", out.metadata["Origin"])
        assert out.metadata["n"] == 1
        assert contents.metadata["Origin"] == "x"

    def test_no_generators_returns_the_same_object(self) -> None:
        """Contents without generators come back unchanged."""
        contents = MessageContents(body={"a": 1})
        assert apply_generators(contents, {}, mode="consumer") is contents

    def test_bad_generator_names_its_place(self) -> None:
        """A broken generator in a message says where it is."""
        contents = MessageContents(body={"a": 1}, generators={"body": {"$.a": {"type": "Bogus"}}})
        with pytest.raises(RuleError, match=r"generators\.body\['\$\.a'\]: generator type 'Bogus'"):
            apply_generators(contents, {}, mode="consumer")


class TestUuidFormats:
    @pytest.mark.parametrize("fmt", [None, "simple", "lower-case-hyphenated", "upper-case-hyphenated", "URN"])
    def test_every_format_is_a_valid_uuid(self, fmt: str | None) -> None:
        """Each format parses back as a UUID."""
        assert uuid.UUID(Uuid(fmt).generate({}))


@given(st.integers(-(2**40), 2**40), st.integers(0, 2**20), st.randoms(use_true_random=False))
def test_random_int_stays_in_range(low: int, span: int, rng: random.Random) -> None:
    """RandomInt(min, max) always lies within [min, max]."""
    value = RandomInt(low, low + span).generate({"random": rng})
    assert low <= value <= low + span


@given(st.integers(1, 15), st.randoms(use_true_random=False))
def test_random_decimal_has_its_digits(digits: int, rng: random.Random) -> None:
    """RandomDecimal text has exactly ``digits`` digits and one point inside."""
    text = RandomDecimal(digits).text({"random": rng})
    assert len(text.replace(".", "")) == max(digits, 2 if digits == 1 else digits)
    assert re.fullmatch(r"\d+\.\d+", text)


REGEXES = [
    r"\d{1,8}",
    r"\w{3}-\d+",
    r"[A-Z][a-z]+ [A-Z][a-z]+",
    r"(red|green|blue)",
    r"[0-9a-f]{8}-[0-9a-f]{4}",
    r"\$(\.\w+)+",
    r"[^a-z]{2,4}",
    r"\p{Alpha}{3}\z",
    r"(?<id>\d{2})-\k<id>",
    r"application/json(;\s?charset=[\w\-]+)?",
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$",
    r"a++b",
]


@settings(max_examples=150)
@given(st.sampled_from(REGEXES), st.randoms(use_true_random=False))
def test_regex_generator_output_fully_matches(regex: str, rng: random.Random) -> None:
    """A Regex generator's value is always fully matched by its regex."""
    value = Regex(regex).generate({"random": rng})
    assert compile_pattern(regex).full_match(value)


FORMATS = ["yyyy-MM-dd", "dd/MM/yyyy", "EEE, dd MMM yyyy", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "HH:mm", "h:mm a"]


@given(
    st.sampled_from(FORMATS),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1), timezones=st.just(dt.UTC)),
    st.sampled_from(["", "+ 1 day", "next monday", "last month", "- 3 weeks", "tomorrow"]),
)
def test_date_generator_output_matches_its_format(fmt: str, now: dt.datetime, expression: str) -> None:
    """A Date generator's value always matches its own format (what a date rule would check)."""
    value = Date(fmt, expression or None).generate({"now": now})
    assert java_pattern(fmt).matches(value)


@given(st.sampled_from(["", "+ 1 day @ noon", "- 2 weeks @ now + 1 hour", "next week @ 3 o'clock pm"]),
       st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)))
def test_datetime_generator_default_output_matches_the_iso_rule(expression: str, now: dt.datetime) -> None:
    """A DateTime generator without a format gives text the default datetime rule accepts."""
    value = DateTime(None, expression or None).generate({"now": now.replace(tzinfo=dt.UTC)})
    assert default_format("datetime").matches(value)
