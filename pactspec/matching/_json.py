"""Matching a JSON body against its expected example and compiled rules, in one walk.

The semantics are the Pact reference implementation's (pact_matching ``json.rs``): the expected
value decides what is compared; objects may carry extra keys unless the walk forbids them
(``allow_unexpected_keys=False``, HTTP requests); arrays without a rule must have exactly the
expected length; under a rule, every actual item is compared with the expected item at its index,
or with the first one past the end, and ``min``/``max`` bound the length.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pactspec.errors import RuleError
from pactspec.mismatch import Mismatch
from pactspec.mismatch import describe as describe_value
from pactspec.paths import format_path
from pactspec.rules import (
    ArrayContains,
    Cursor,
    EachKey,
    EachValue,
    Rule,
    RuleList,
    RuleTree,
    Type,
    Values,
    Variant,
)

__all__ = ["match_json", "render_path"]

# A path while walking is a linked pair (parent, segment); it is rendered only for a mismatch.
Path = Any
ROOT: Path = ()
# Rules that say how an object's entries are walked (else: the expected keys one by one).
_ENTRY_RULES = (Values, EachValue, EachKey, ArrayContains)


def render_path(path: Path) -> str:
    segments: list[Any] = []
    while path:
        path, segment = path
        segments.append(segment)
    segments.reverse()
    return format_path(segments)


def _json(value: Any) -> str:
    try:
        return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _encoded(value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return _json(value).encode("utf-8")


def match_json(
    expected: Any, actual: Any, tree: RuleTree, *, allow_unexpected_keys: bool = True
) -> list[Mismatch]:
    """All differences between a decoded expected and actual JSON body (empty: they match).

    A ``contentType`` rule at ``$`` checks the whole body (serialised as JSON) and nothing is
    walked: it is not cascaded to the values inside.
    """
    if tree.whole_body is not None:
        return tree.match_whole_body(_encoded(expected), _encoded(actual), shown=(expected, actual))
    walker = _Walker(allow_unexpected_keys)
    walker.compare(ROOT, expected, actual, tree.root)
    return walker.mismatches


class _Walker:
    __slots__ = ("allow_unexpected", "mismatches")

    def __init__(self, allow_unexpected: bool) -> None:
        self.mismatches: list[Mismatch] = []
        self.allow_unexpected = allow_unexpected

    def fail(self, path: Path, expected: Any, actual: Any, message: str) -> None:
        self.mismatches.append(self.mismatch(path, expected, actual, message))

    @staticmethod
    def mismatch(path: Path, expected: Any, actual: Any, message: str) -> Mismatch:
        return Mismatch(render_path(path), expected, actual, message, "body")

    # -- dispatch on the expected value, as the reference does

    def compare(self, path: Path, expected: Any, actual: Any, cursor: Cursor) -> None:
        if not cursor.states:
            rules = cursor.rules
            if rules is None:
                self.equal(path, expected, actual)
                return
            if cursor.cascaded and len(rules.rules) == 1 and type(rules.rules[0]) is Type:
                self.same_shape(path, expected, actual)
                return
        if isinstance(expected, dict):
            if isinstance(actual, dict):
                self.compare_maps(path, expected, actual, cursor)
            else:
                self.type_mismatch(path, expected, actual)
        elif isinstance(expected, list):
            if isinstance(actual, list):
                self.compare_lists(path, expected, actual, cursor)
            else:
                self.type_mismatch(path, expected, actual)
        else:
            self.compare_values(path, expected, actual, cursor)

    def type_mismatch(self, path: Path, expected: Any, actual: Any) -> None:
        shown, wanted = describe_value(actual), describe_value(expected)
        message = f"Type mismatch: Expected {shown} to be the same type as {wanted}"
        self.fail(path, expected, actual, message)

    def compare_values(self, path: Path, expected: Any, actual: Any, cursor: Cursor) -> None:
        rule_list = cursor.rules
        if rule_list is None:
            if type(expected) is not type(actual) or expected != actual:
                message = f"Expected {describe_value(actual)} to be equal to {describe_value(expected)}"
                self.fail(path, expected, actual, message)
            return
        cascaded = cursor.cascaded
        messages: list[str] = []
        try:
            for rule in rule_list.rules:
                problem = rule.check(expected, actual, cascaded)
                if problem is None:
                    if rule_list.combine == "OR":
                        return
                else:
                    messages.append(problem)
        except RuleError as exc:  # a regex that timed out: say where in the body
            if exc.path:
                raise
            raise RuleError(str(exc), path=render_path(path)) from None
        for message in messages:
            self.fail(path, expected, actual, message)

    # -- objects

    def match_keys(self, path: Path, expected: dict[str, Any], actual: dict[str, Any]) -> None:
        if self.allow_unexpected:
            missing = [key for key in expected if key not in actual]
            if missing:
                message = f"Actual map is missing the following keys: {', '.join(sorted(missing))}"
                self.fail(path, sorted(expected), sorted(actual), message)
        elif expected.keys() != actual.keys():
            want, got = sorted(expected), sorted(actual)
            message = (
                f"Expected a Map with keys [{', '.join(want)}] but received one with keys [{', '.join(got)}]"
            )
            self.fail(path, want, got, message)

    def compare_maps(
        self, path: Path, expected: dict[str, Any], actual: dict[str, Any], cursor: Cursor
    ) -> None:
        if not expected and actual and not self.allow_unexpected:
            self.fail(path, expected, actual, f"Expected an empty Map but received {_json(actual)}")
            return
        rule_list = cursor.rules
        if rule_list is not None:
            # Each rule judges the object itself, even under OR; then the entries are walked.
            cascaded = cursor.cascaded
            for rule in rule_list.rules:
                message = rule.check_map(expected, actual, cascaded)
                if message is not None:
                    self.fail(path, expected, actual, message)
            if not cascaded and any(isinstance(rule, _ENTRY_RULES) for rule in rule_list.rules):
                self.entries_under(path, expected, actual, cursor, rule_list.rules)
                return
        self.key_by_key(path, expected, actual, cursor)

    def key_by_key(self, path: Path, expected: dict[str, Any], actual: dict[str, Any], cursor: Cursor) -> None:
        """The expected keys one by one (and no unexpected ones, unless allowed)."""
        self.match_keys(path, expected, actual)
        for key, value in expected.items():
            if key in actual:
                self.compare((path, key), value, actual[key], cursor.step(key))

    def entries_under(self, path: Path, expected: dict[str, Any], actual: dict[str, Any], cursor: Cursor,
                      rules: tuple[Rule, ...]) -> None:
        """An object's entries as the reference walks them under rules that say how.

        With values or eachValue in the list: each actual entry against the expected one of that key
        (or the first), under each eachValue's own rules, and under the path's rules when any other
        rule stands beside them. With eachKey (and neither): only the entries the example has. With
        arrayContains alone: as under values; beside other rules, also key by key.
        """
        for rule in rules:
            if isinstance(rule, EachKey):
                self.each_key(path, rule, actual)
        each_values = [RuleList(rule.rules) for rule in rules if isinstance(rule, EachValue)]
        if each_values or any(isinstance(rule, Values) for rule in rules):
            contexts = [RuleTree.under(each_value) for each_value in each_values]
            if any(not isinstance(rule, (EachValue, EachKey)) for rule in rules):
                contexts.append(cursor)
            for context in contexts:
                self.by_values(path, expected, actual, context)
            return
        if any(isinstance(rule, EachKey) for rule in rules):
            for key, value in expected.items():
                if key in actual:
                    self.compare((path, key), value, actual[key], cursor.step(key))
            return
        if not all(isinstance(rule, ArrayContains) for rule in rules):
            self.key_by_key(path, expected, actual, cursor)
        self.by_values(path, expected, actual, cursor)

    def by_values(self, path: Path, expected: dict[str, Any], actual: dict[str, Any], context: Cursor) -> None:
        """Each actual entry against the expected entry of its key, or the first (the reference sorts keys)."""
        if not expected:
            return
        first = expected[min(expected)]
        for key, value in actual.items():
            self.compare((path, key), expected.get(key, first), value, context.step(key))

    def each_key(self, path: Path, rule: EachKey, actual: dict[str, Any]) -> None:
        for key in actual:
            for sub_rule in rule.rules:
                message = sub_rule.check_text("", key, False)
                if message is not None:
                    self.fail((path, key), "", key, message)

    # -- arrays

    def compare_lists(self, path: Path, expected: list[Any], actual: list[Any], cursor: Cursor) -> None:
        rule_list = cursor.rules
        if rule_list is None:
            if not expected and actual:
                self.fail(path, expected, actual, f"Expected an empty List but received {_json(actual)}")
                return
            for index, value in enumerate(expected):
                if index < len(actual):
                    self.compare((path, index), value, actual[index], cursor.step(index))
                elif not cursor.step(index).defined:
                    self.fail(path, expected, actual, f"Expected {_json(value)} but was missing")
            if len(expected) != len(actual):
                message = f"Expected a List with {len(expected)} elements but received {len(actual)} elements"
                self.fail(path, expected, actual, message)
            return
        if not expected:
            return  # the reference leaves an array with an empty example unchecked under a rule
        cascaded = cursor.cascaded
        # Each rule's verdict on the array: arrayContains looks for its variants; eachValue walks the
        # items under its own rules (cascaded, it passes the array); any other rule checks the array
        # as a whole, and the items are walked under the path's rules (once for them all, counted
        # against each). Under OR one passing rule is enough (unlike for objects), as in the reference.
        verdicts: list[list[Mismatch]] = []
        walk: _Walker | None = None
        walk_anyway = False
        for rule in rule_list.rules:
            probe = _Walker(self.allow_unexpected)
            if isinstance(rule, ArrayContains):
                probe.array_contains(path, rule, expected, actual)
            elif isinstance(rule, EachValue):
                if cascaded:
                    walk_anyway = True
                else:
                    probe.list_contents(path, expected, actual, RuleTree.under(RuleList(rule.rules)))
            else:
                problem = rule.check_list(expected, actual, cascaded)
                if problem is not None:
                    probe.fail(path, expected, actual, problem)
                if walk is None:
                    walk = _Walker(self.allow_unexpected)
                    walk.list_contents(path, expected, actual, cursor)
                probe.mismatches += walk.mismatches
            verdicts.append(probe.mismatches)
        if walk_anyway and walk is None:  # a cascaded eachValue passes the array, and its items are walked
            walk = _Walker(self.allow_unexpected)
            walk.list_contents(path, expected, actual, cursor)
        if rule_list.combine == "OR" and not all(verdicts):
            return
        if walk is not None:
            verdicts.append(walk.mismatches)
        reported: set[int] = set()
        for verdict in verdicts:
            for mismatch in verdict:
                if id(mismatch) not in reported:  # the shared walk's, once
                    reported.add(id(mismatch))
                    self.mismatches.append(mismatch)

    def list_contents(self, path: Path, expected: list[Any], actual: list[Any], cursor: Cursor) -> None:
        first = expected[0]
        count = len(expected)
        for index, value in enumerate(actual):
            self.compare(
                (path, index), expected[index] if index < count else first, value, cursor.step(index)
            )

    def array_contains(self, path: Path, rule: ArrayContains, expected: list[Any], actual: list[Any]) -> None:
        variants: Sequence[Variant] = rule.variants or tuple(Variant(i) for i in range(len(expected)))
        for variant in variants:
            if variant.index >= len(expected):
                message = (
                    f"ArrayContains: variant {variant.index} is missing from the expected list, "
                    f"which has {len(expected)} items"
                )
                self.fail(path, expected, actual, message)
                continue
            wanted = expected[variant.index]
            tree = _variant_tree(variant)
            for item in actual:
                probe = _Walker(self.allow_unexpected)
                probe.compare(ROOT, wanted, item, tree.root)
                if not probe.mismatches:
                    break
            else:
                message = (
                    f"Variant at index {variant.index} ({_json(wanted)}) was not found in the actual list"
                )
                self.fail(path, wanted, actual, message)

    # -- fast paths for the regions below every specific rule

    def not_a_matching_map(self, path: Path, expected: dict[str, Any], actual: Any) -> bool:
        """Report an actual that is no object, or a non-empty one where ``{}`` is expected (strictly)."""
        if not isinstance(actual, dict):
            self.type_mismatch(path, expected, actual)
            return True
        if not expected and actual and not self.allow_unexpected:
            self.fail(path, expected, actual, f"Expected an empty Map but received {_json(actual)}")
            return True
        return False

    def equal(self, path: Path, expected: Any, actual: Any) -> None:
        """No rule applies here or below: plain equality, keys and lengths as the reference has them."""
        if isinstance(expected, dict):
            if self.not_a_matching_map(path, expected, actual):
                return
            self.match_keys(path, expected, actual)
            for key, value in expected.items():
                if key in actual:
                    self.equal((path, key), value, actual[key])
        elif isinstance(expected, list):
            if not isinstance(actual, list):
                self.type_mismatch(path, expected, actual)
                return
            if not expected and actual:
                self.fail(path, expected, actual, f"Expected an empty List but received {_json(actual)}")
                return
            for index, value in enumerate(expected):
                if index < len(actual):
                    self.equal((path, index), value, actual[index])
                else:
                    self.fail(path, expected, actual, f"Expected {_json(value)} but was missing")
            if len(expected) != len(actual):
                message = f"Expected a List with {len(expected)} elements but received {len(actual)} elements"
                self.fail(path, expected, actual, message)
        elif type(expected) is not type(actual) or expected != actual:
            self.fail(
                path,
                expected,
                actual,
                f"Expected {describe_value(actual)} to be equal to {describe_value(expected)}",
            )

    def same_shape(self, path: Path, expected: Any, actual: Any) -> None:
        """A cascaded ``type`` rule and nothing more specific below: compare types only."""
        if isinstance(expected, dict):
            if self.not_a_matching_map(path, expected, actual):
                return
            for key in expected:
                if key not in actual:
                    self.match_keys(path, expected, actual)
                    break
            else:
                if not self.allow_unexpected and len(actual) != len(expected):
                    self.match_keys(path, expected, actual)
            for key, value in expected.items():
                if key in actual:
                    self.same_shape((path, key), value, actual[key])
        elif isinstance(expected, list):
            if not isinstance(actual, list):
                self.type_mismatch(path, expected, actual)
                return
            if not expected:
                return
            first, count = expected[0], len(expected)
            for index, value in enumerate(actual):
                self.same_shape((path, index), expected[index] if index < count else first, value)
        else:
            kind = type(expected)
            if kind is type(actual) or (kind in (int, float) and type(actual) in (int, float)):
                return
            message = Type().check(expected, actual, True)
            if message is not None:
                self.fail(path, expected, actual, message)


_VARIANT_TREES: dict[int, tuple[Variant, RuleTree]] = {}


def _variant_tree(variant: Variant) -> RuleTree:
    """Each arrayContains variant's rules are compiled once, the first time they are needed."""
    cached = _VARIANT_TREES.get(id(variant))
    if cached is not None and cached[0] is variant:
        return cached[1]
    tree = RuleTree(variant.rules)
    if len(_VARIANT_TREES) > 4096:
        _VARIANT_TREES.clear()
    _VARIANT_TREES[id(variant)] = (variant, tree)
    return tree
