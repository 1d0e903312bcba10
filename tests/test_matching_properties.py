"""Properties of the matching engine, checked on generated JSON (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pactspec.matching import match_body, match_message
from pactspec.ruletree import compile_rules

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
