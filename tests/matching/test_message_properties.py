"""Properties of the matching engine, checked on generated JSON (hypothesis)."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pactspec.generators._apply import apply_generators
from pactspec.matching._message import match_body, match_contents, match_message
from pactspec.model import MessageContents
from pactspec.rules._tree import compile_rules

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)

RULE_SETS: list[dict[str, Any]] = [
    {},
    {"$": {"matchers": [{"match": "type"}]}},
    {"$": {"matchers": [{"match": "values"}]}, "$.*": {"matchers": [{"match": "type", "min": 1}]}},
    {
        "$.*": {"matchers": [{"match": "regex", "regex": "\\w+"}]},
        "$[*]": {"matchers": [{"match": "integer"}]},
    },
    {"$": {"matchers": [{"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]+"}]}]}},
    {"$": {"matchers": [{"match": "eachValue", "rules": [{"match": "number"}]}]}},
    {"$": {"matchers": [{"match": "arrayContains", "variants": [{"index": 0, "rules": {}}]}]}},
    {"$.a.b": {"matchers": [{"match": "semver"}]}, "$.a": {"matchers": [{"match": "notEmpty"}]}},
    {
        "$": {"combine": "OR", "matchers": [{"match": "null"}, {"match": "decimal"}, {"match": "boolean"}]},
        "$.*.*": {
            "matchers": [{"match": "date", "format": "yyyy-MM-dd"}, {"match": "include", "value": "x"}]
        },
    },
]
TREES = [compile_rules(rules) for rules in RULE_SETS]


@settings(max_examples=300, deadline=None)
@given(expected=json_values, actual=json_values, which=st.integers(min_value=0, max_value=len(TREES) - 1))
def test_matching_never_raises(expected: Any, actual: Any, which: int) -> None:
    """Any expected and actual JSON, under any rules, gives a list of mismatches and never an exception."""
    for strict in (True, False):
        mismatches = match_body(
            expected, actual, TREES[which], "application/json", allow_unexpected_keys=strict
        )
        assert isinstance(mismatches, list)
        assert all(m.path.startswith("$") and m.message for m in mismatches)


@settings(max_examples=300, deadline=None)
@given(body=json_values)
def test_a_body_matches_itself(body: Any) -> None:
    """Without rules, every JSON body matches itself, also with unexpected keys forbidden."""
    assert match_body(body, body, None, "application/json") == []
    assert match_body(body, body, None, "application/json", allow_unexpected_keys=False) == []


@settings(max_examples=200, deadline=None)
@given(body=json_values, metadata=st.dictionaries(st.text(max_size=8), scalars, max_size=4))
def test_a_message_matches_itself(body: Any, metadata: dict[str, Any]) -> None:
    """A V3 message matches an actual message with the same contents and metadata."""
    message = {"contents": body, "metaData": metadata}
    assert match_message(message, message) == []


@st.composite
def same_shape(draw: st.DrawFn, depth: int = 0) -> tuple[Any, Any]:
    """An expected value and an actual value of the same JSON types throughout, with other values."""
    kind = draw(
        st.sampled_from(
            ["null", "bool", "int", "float", "str", "list", "dict"] if depth < 3 else ["int", "str"]
        )
    )
    if kind == "null":
        return None, None
    if kind == "bool":
        return draw(st.booleans()), draw(st.booleans())
    if kind in ("int", "float"):
        number = st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False))
        return draw(number), draw(number)
    if kind == "str":
        return draw(st.text(max_size=10)), draw(st.text(max_size=10))
    if kind == "list":
        pairs = draw(st.lists(same_shape(depth + 1), min_size=1, max_size=4))
        return [e for e, _ in pairs], [a for _, a in pairs]
    keys = draw(st.lists(st.text(max_size=6), unique=True, max_size=4))
    pairs = [draw(same_shape(depth + 1)) for _ in keys]
    extra = draw(st.dictionaries(st.text(min_size=7, max_size=9), scalars, max_size=2))
    return dict(zip(keys, [e for e, _ in pairs])), {**extra, **dict(zip(keys, [a for _, a in pairs]))}


@settings(max_examples=300, deadline=None)
@given(pair=same_shape())
def test_type_rule_accepts_same_types(pair: tuple[Any, Any]) -> None:
    """Under a type rule at $, any actual value with the expected JSON types throughout matches."""
    expected, actual = pair
    assert match_body(expected, actual, {"$": {"matchers": [{"match": "type"}]}}, "application/json") == []


@settings(max_examples=200, deadline=None)
@given(expected=st.lists(json_values, min_size=1, max_size=3), extra=st.integers(min_value=0, max_value=5))
def test_each_like_accepts_more_items_of_the_example(expected: list[Any], extra: int) -> None:
    """type min 1 on an array accepts any number (>= 1) of items shaped like the first example."""
    rules = {"$": {"matchers": [{"match": "type", "min": 1}]}}
    actual = expected + [expected[0]] * extra
    assert match_body(expected, actual, rules, "application/json") == []


# -- an example generated from a contract always matches that contract

# (rule list, generator, example) triples a contract can hold for one field; each generator makes
# values of the shape its rule accepts, as Pact's DSLs pair them.
_FIELD = st.sampled_from(["id", "name", "when", "flag", "code", "ref"])
_FORMATS = {
    "date": (["yyyy-MM-dd", "dd/MM/yyyy", "EEE, d MMM yyyy"], ["+ 1 day", "next monday", "- 3 weeks"]),
    "time": (["HH:mm", "h:mm a", "HH:mm:ss.SSS"], ["+ 1 hour", "noon", "- 2 minutes"]),
    "datetime": (["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "dd/MM/yyyy HH:mm"], ["+ 1 day @ noon", "next week @ 3 o'clock pm"]),
}
_REGEXES = [r"\d{1,8}", r"\w{3}-\d+", r"(red|green|blue)", r"[A-Z][a-z]+ [A-Z][a-z]+", r"[0-9a-f]{8}"]


def _one(rule: dict[str, Any]) -> dict[str, Any]:
    return {"combine": "AND", "matchers": [rule]}


@st.composite
def _field_contract(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], Any]:
    kind = draw(st.sampled_from(["int", "decimal", "hex", "string", "regex", "uuid", "date", "time",
                                 "datetime", "boolean"]))
    if kind == "int":
        low = draw(st.integers(-1000, 1000))
        high = low + draw(st.integers(0, 1000))
        rule = draw(st.sampled_from([{"match": "integer"}, {"match": "number"}, {"match": "type"}]))
        return _one(rule), {"type": "RandomInt", "min": low, "max": high}, 0
    if kind == "decimal":
        rule = draw(st.sampled_from([{"match": "decimal"}, {"match": "number"}]))
        return _one(rule), {"type": "RandomDecimal", "digits": draw(st.integers(2, 12))}, 1.5
    if kind == "hex":
        digits = draw(st.integers(1, 20))
        return _one({"match": "regex", "regex": "[0-9a-f]+"}), {"type": "RandomHexadecimal", "digits": digits}, "0a"
    if kind == "string":
        return _one({"match": "type"}), {"type": "RandomString", "size": draw(st.integers(0, 20))}, "x"
    if kind == "regex":
        regex = draw(st.sampled_from(_REGEXES))
        return _one({"match": "regex", "regex": regex}), {"type": "Regex", "regex": regex}, "example"
    if kind == "uuid":
        return (_one({"match": "regex", "regex": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"}),
                {"type": "Uuid"}, "00000000-0000-0000-0000-000000000000")
    if kind in ("date", "time", "datetime"):
        formats, expressions = _FORMATS[kind]
        fmt = draw(st.sampled_from(formats))
        expression = draw(st.sampled_from([None, *expressions]))
        generator = {"type": kind.capitalize() if kind != "datetime" else "DateTime", "format": fmt}
        if expression:
            generator["expression"] = expression
        return _one({"match": kind, "format": fmt}), generator, "example"
    return _one({"match": "boolean"}), {"type": "RandomBoolean"}, False


@st.composite
def _contract(draw: st.DrawFn) -> MessageContents:
    body: dict[str, Any] = {}
    rules: dict[str, Any] = {}
    generators: dict[str, Any] = {}
    for name in draw(st.lists(_FIELD, unique=True, min_size=1, max_size=4)):
        rule, generator, example = draw(_field_contract())
        body[name] = example
        rules[f"$.{name}"], generators[f"$.{name}"] = rule, generator
    if draw(st.booleans()):  # an eachLike array whose items carry a generated field
        rule, generator, example = draw(_field_contract())
        body["items"] = [{"v": example}] * draw(st.integers(1, 3))
        rules["$.items"] = _one({"match": "type", "min": 1})
        rules["$.items[*].v"], generators["$.items[*].v"] = rule, generator
    meta_rule, meta_generator, meta_example = draw(_field_contract())
    return MessageContents(
        body=body,
        content_type="application/json",
        metadata={"contentType": "application/json", "x-ref": meta_example},
        matching_rules={"body": rules, "metadata": {"x-ref": meta_rule}},
        generators={"body": generators, "metadata": {"x-ref": meta_generator}},
    )


@settings(max_examples=300, deadline=None)
@given(contract=_contract(), rng=st.randoms(use_true_random=False))
def test_a_generated_example_matches_its_contract(contract: MessageContents, rng: random.Random) -> None:
    """apply_generators (consumer mode) on a contract gives a message that contract accepts."""
    example = apply_generators(contract, {"random": rng}, mode="consumer")
    assert match_contents(contract, example) == []
