"""The compiled rule tree: which rule applies where, without evaluating paths per node."""

from __future__ import annotations

from typing import Any

from pactspec.rules._base import RuleList
from pactspec.rules._tree import RuleTree, compile_rules, merge
from pactspec.rules._types import Integer, Regex, Type


def _rule(match: str, **fields: Any) -> dict[str, Any]:
    return {"matchers": [{"match": match, **fields}]}


TREE = compile_rules(
    {
        "$.items": _rule("type", min=1),
        "$.items[*].id": _rule("integer"),
        "$.items[2].id": _rule("regex", regex="x"),
        "$.*.name": _rule("regex", regex="[a-z]+"),
    }
)


def _first(cursor: Any) -> Any:
    assert cursor.rules is not None
    return cursor.rules.rules[0]


def _at(*segments: str | int) -> Any:
    cursor = TREE.root
    for segment in segments:
        cursor = cursor.step(segment)
    return cursor


class TestCursor:
    def test_no_rule_at_root(self) -> None:
        """Nothing applies at $ when no rule names it."""
        assert not TREE.root.defined

    def test_exact_rule(self) -> None:
        """A rule applies at its own path, not cascaded."""
        cursor = _at("items")
        assert isinstance(_first(cursor), Type) and not cursor.cascaded

    def test_cascades_below(self) -> None:
        """Below its path a rule still applies, marked cascaded (so min/max are not re-checked)."""
        cursor = _at("items", 0, "other")
        assert isinstance(_first(cursor), Type) and cursor.cascaded

    def test_most_specific_wins(self) -> None:
        """An index beats [*], which beats the cascading parent rule."""
        assert isinstance(_first(_at("items", 0, "id")), Integer)
        assert isinstance(_first(_at("items", 2, "id")), Regex)

    def test_star_matches_keys(self) -> None:
        """.* matches any key."""
        assert isinstance(_first(_at("anything", "name")), Regex)
        assert not _at("anything", "other").defined

    def test_type_defined_remembers_any_type_rule_above(self) -> None:
        """type_defined holds where any matching rule, however general, is a type rule."""
        assert _at("items", 0, "id").type_defined
        assert not _at("x", "name").type_defined

    def test_steps_are_shared(self) -> None:
        """Every index of an array leads to the same cursor, so long arrays allocate nothing new."""
        items = compile_rules({"$.items": _rule("type"), "$.items[*].id": _rule("integer")}).root.step(
            "items"
        )
        assert items.step(5) is items.step(6)
        assert _at("items").step(2) is not _at("items").step(3)  # an explicit [2] rule tells them apart
        frozen = items.step(5).step("other")
        assert frozen.step("deeper") is frozen

    def test_under_applies_rules_to_every_child(self) -> None:
        """An eachValue context applies its rules to each child and below."""
        cursor = RuleTree.under(RuleList((Integer(),)))
        assert not cursor.defined
        assert isinstance(_first(cursor.step("k")), Integer)
        assert cursor.step("k").step(0).cascaded

    def test_merge_keeps_the_better_rule(self) -> None:
        """A merged cursor stands at both places and keeps the higher-weighted rule."""
        merged = merge(_at("items"), _at("x"))
        assert isinstance(_first(merged), Type)
        assert isinstance(_first(merged.step("name")), Regex)

    def test_empty_rule_lists_are_ignored(self) -> None:
        """A path with no matchers does not count as a rule."""
        assert not compile_rules({"$.a": {"combine": "AND", "matchers": []}}).root.step("a").defined
