"""JSON body matching: rules that meet an object or an array where the example has one.

The verdicts are the Pact reference implementation's (pact_ffi 0.5.12), recorded here and checked
against it live by ``tests/matching/test_reference_differential.py::test_the_pinned_verdicts_are_the_references``.
"""

from __future__ import annotations

from typing import Any

import pytest

from pactspec.matching import match_body

NUMBER, INTEGER, DECIMAL = {"match": "number"}, {"match": "integer"}, {"match": "decimal"}
BOOLEAN, NULL, REGEX = {"match": "boolean"}, {"match": "null"}, {"match": "regex", "regex": ".*"}
INCLUDE = {"match": "include", "value": "k"}

# (rule at $.f, expected $.f, actual $.f, the reference's mismatch paths; empty: it passes)
PINNED: list[tuple[dict[str, Any], Any, Any, list[str]]] = [
    # a single-value rule on an object: "Unable to match {...} using Number"
    (NUMBER, {"k0": 5}, {"k0": -5}, ["$.f"]),
    (NUMBER, {}, {}, ["$.f"]),
    (INTEGER, {"k0": 5}, {"k0": 5}, ["$.f"]),
    (DECIMAL, {"k0": 5.5}, {"k0": 1.5}, ["$.f"]),
    (BOOLEAN, {"k0": True}, {"k0": False}, ["$.f"]),
    (INCLUDE, {"k0": "k"}, {"k0": "k"}, ["$.f"]),  # the object's text includes 'k', and still fails
    (NULL, {"k0": None}, {"k0": None}, ["$.f"]),
    ({"match": "date", "format": "yyyy-MM-dd"}, {"k0": "2024-01-05"}, {"k0": "2024-01-05"}, ["$.f"]),
    ({"match": "time", "format": "HH:mm"}, {"k0": "12:30"}, {"k0": "12:30"}, ["$.f"]),
    ({"match": "datetime", "format": "yyyy-MM-dd'T'HH:mm:ss"}, {"k0": "2024-01-05T12:30:00"},
     {"k0": "2024-01-05T12:30:00"}, ["$.f"]),
    ({"match": "contentType", "value": "application/json"}, {"k0": "{}"}, {"k0": "{}"}, ["$.f"]),
    ({"match": "semver"}, {"k0": "1.2.3"}, {"k0": "1.2.3"}, ["$.f"]),
    # ... and on every object below, where the rule cascades
    (NUMBER, {"g": {"k": 5}}, {"g": {"k": 6}}, ["$.f", "$.f.g"]),
    (NUMBER, [{"k": 5}], [{"k": 6}], ["$.f[0]"]),
    # regex, type, values and notEmpty let a (non-empty) object pass; its values are checked one by one
    (REGEX, {"k0": 5}, {"k0": -5}, []),
    ({"match": "type"}, {"k0": 5}, {"k0": -5}, []),
    ({"match": "values"}, {"k0": 5}, {"k0": 5, "x": 5}, []),
    ({"match": "notEmpty"}, {"k0": 5}, {"k0": -5}, []),
    ({"match": "notEmpty"}, {}, {}, ["$.f"]),
    # equality compares the whole object (extra keys fail) and the whole array (extra items fail)
    ({"match": "equality"}, {"k0": 5}, {"k0": 5, "x": 1}, ["$.f"]),
    ({"match": "equality"}, [5], [5, 5], ["$.f"]),
    ({"match": "equality"}, {"k0": 1}, {"k0": 1.0}, ["$.f", "$.f.k0"]),
    # min and max bound an object's size as they bound an array's
    ({"match": "type", "min": 2}, {"k0": 5}, {"k0": 5}, ["$.f"]),
    ({"match": "type", "max": 1}, {"k0": 5}, {"k0": 5, "x": 1}, ["$.f"]),
    # on an array, single-value rules judge the items only; null alone also fails the array itself
    (NUMBER, [5], [-5], []),
    (INTEGER, [[5]], [[6]], []),
    (BOOLEAN, [True], [5], ["$.f[0]"]),
    (INCLUDE, ["k"], ["k"], []),
    (NULL, [None], [None], ["$.f"]),
    (NULL, [5], [5], ["$.f", "$.f[0]"]),
    # a single-value rule where the example has a single value fails an object or array
    (NUMBER, 5, {"k0": 5}, ["$.f"]),
    (INTEGER, 5, [5], ["$.f"]),
    # an object under arrayContains is matched by its values (no missing-key check), as under values
    ({"match": "arrayContains", "variants": [{"index": 0, "rules": {}}]}, {"k0": 1, "k1": 2}, {"k0": 1}, []),
    # eachKey alone checks the keys, and only the entries the example has
    ({"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]+"}]}, {"k": "s"}, {"x": 5}, []),
]

# Rule lists that walk an object's entries or an array's items (rule list at $.f, expected, actual, paths)
PINNED_LISTS: list[tuple[dict[str, Any], Any, Any, list[str]]] = [
    # beside eachValue, the path's other rules judge the entries too
    ({"combine": "AND", "matchers": [{"match": "regex", "regex": "y"},
                                     {"match": "eachValue", "rules": [{"match": "type"}]}]},
     {"a": "x"}, {"a": "x"}, ["$.f.a"]),
    ({"combine": "AND", "matchers": [{"match": "eachValue", "rules": [{"match": "integer"}]}]},
     {"a": 1}, {"a": "x"}, ["$.f.a"]),
    # eachKey beside another rule: only the entries the example has are walked, none is missing
    ({"combine": "AND", "matchers": [{"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]+"}]},
                                     {"match": "type"}]}, {"k": "s"}, {"x": 5}, []),
    # arrayContains beside another rule: the keys are matched too
    ({"combine": "AND", "matchers": [{"match": "arrayContains", "variants": [{"index": 0, "rules": {}}]},
                                     {"match": "regex", "regex": "\\d+"}]}, {"k": 1}, {}, ["$.f"]),
    # OR over an array: one rule passing the array with its items is enough
    ({"combine": "OR", "matchers": [{"match": "integer"},
                                    {"match": "arrayContains", "variants": [{"index": 0, "rules": {}}]}]},
     [{}], [{}], []),
    ({"combine": "OR", "matchers": [{"match": "type", "max": 1}, {"match": "integer"}]},
     ["x", {}], ["x", {}], ["$.f", "$.f[1]"]),
    # a cascaded eachValue passes an array below, so under OR its items are not judged
    ({"combine": "OR", "matchers": [{"match": "eachValue", "rules": [{"match": "equality"}]}, {"match": "number"}]},
     {"k1": [{}]}, {"k1": [{}]}, ["$.f"]),
]

ALL_PINNED = [({"combine": "AND", "matchers": [rule]}, *rest) for rule, *rest in PINNED] + PINNED_LISTS


def _case_id(case: tuple[dict[str, Any], Any, Any, list[str]]) -> str:
    rules, expected, actual, _ = case
    names = "+".join(m["match"] for m in rules["matchers"])
    return f"{rules['combine']}:{names}:{expected!r}->{actual!r}"


@pytest.mark.parametrize(("rules", "expected", "actual", "paths"), ALL_PINNED, ids=[_case_id(c) for c in ALL_PINNED])
def test_rules_on_objects_and_arrays_judge_as_the_reference_does(
    rules: dict[str, Any], expected: Any, actual: Any, paths: list[str]
) -> None:
    """Rules at a path whose value is an object or array fail exactly where the reference fails."""
    mismatches = match_body({"f": expected}, {"f": actual}, {"$.f": rules}, "application/json")
    assert sorted({m.path for m in mismatches}) == sorted(paths), [m.message for m in mismatches]


def test_a_number_rule_on_an_object_says_it_matches_single_values() -> None:
    """The mismatch names the object, its type and the rule (the reference: 'Unable to match {…} using Number')."""
    rules = {"$.f3.k0": {"combine": "AND", "matchers": [NUMBER]}}
    [mismatch] = match_body({"f3": {"k0": {"k0": 5}}}, {"f3": {"k0": {"k0": -5}}}, rules, "application/json")
    assert mismatch.path == "$.f3.k0"
    assert mismatch.message == 'Unable to match {"k0":-5} (Object) using the number rule, which matches single values'
