"""An interaction's matching rules compiled once into a tree keyed by path segment.

Body walkers carry a :class:`Cursor` down the actual body: stepping into a key or an index follows
the tree (exact branch, ``*`` branch, ``[*]`` branch) and keeps the best rule so far by the V3
weighting (``weight × path length``, the most specific path wins; a rule cascades to everything
below it). Nothing is evaluated per node by JSONPath; once the cursor leaves the tree it is frozen
and every step below is free.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pactspec.mismatch import Mismatch
from pactspec.paths import Wildcard, parse_path
from pactspec.rules._base import RuleList
from pactspec.rules._format import ContentType
from pactspec.rules._registry import parse_rule_list

__all__ = [
    "Cursor",
    "RuleTree",
    "compile_rules",
    "merge",
]

_CACHE_LIMIT = 512


class _Node:
    __slots__ = ("children", "has_digit_keys", "length", "rules", "star", "star_index")

    def __init__(self, length: int) -> None:
        self.children: dict[str, _Node] = {}
        self.star: _Node | None = None
        self.star_index: _Node | None = None
        self.rules: RuleList | None = None
        self.length = length  # tokens in the rule path, root included (as the reference weighs them)
        self.has_digit_keys = False


class Cursor:
    """Where a walker stands in the rule tree: the best rule for the current path and how to go on."""

    __slots__ = ("_cache", "cascaded", "rules", "score", "states", "type_defined")

    def __init__(
        self,
        states: tuple[tuple[_Node, int], ...],
        rules: RuleList | None,
        score: int,
        cascaded: bool,
        type_defined: bool,
    ) -> None:
        self.states = states
        self.rules = rules
        self.score = score
        self.cascaded = cascaded
        self.type_defined = type_defined
        self._cache: dict[str, Cursor] | None = None

    def step(self, segment: str | int) -> Cursor:
        """The cursor for a child key or index."""
        states = self.states
        if not states:
            if self.cascaded:
                return self
            if self._cache is None:
                self._cache = {"": Cursor((), self.rules, self.score, True, self.type_defined)}
            return self._cache[""]
        is_index = type(segment) is int
        key = str(segment)
        cache_key = key
        if is_index and not any(node.has_digit_keys for node, _ in states):
            cache_key = "\x00[]"  # every index leads to the same place
        cache = self._cache
        if cache is not None:
            hit = cache.get(cache_key)
            if hit is not None:
                return hit
        else:
            cache = self._cache = {}
        result = self._step(key, is_index or key.isdigit())
        if len(cache) < _CACHE_LIMIT:
            cache[cache_key] = result
        return result

    def _step(self, key: str, is_index: bool) -> Cursor:
        found: list[tuple[_Node, int]] = []
        for node, weight in self.states:
            child = node.children.get(key)
            if child is not None:
                found.append((child, weight * 2))
            if node.star is not None:
                found.append((node.star, weight))
            if is_index and node.star_index is not None:
                found.append((node.star_index, weight))
        rules, score, cascaded, type_defined = self.rules, self.score, True, self.type_defined
        for node, weight in found:
            if node.rules is not None:
                candidate = weight * node.length
                if rules is None or candidate > score or (cascaded and candidate == score):
                    rules, score, cascaded = node.rules, candidate, False
                type_defined = type_defined or node.rules.has_type_rule
        live = tuple(pair for pair in found if pair[0].children or pair[0].star or pair[0].star_index)
        return Cursor(live, rules, score, cascaded, type_defined)

    @property
    def defined(self) -> bool:
        """Whether any rule applies here (directly or cascading from above)."""
        return self.rules is not None


class RuleTree:
    """Rules of one category compiled into a segment tree; ``root`` is the cursor at ``$``.

    ``whole_body`` is the rule list at ``$`` when it holds a ``contentType`` rule: such a list
    judges the body's bytes as a whole (as pact-jvm does for a root matcher that can match the
    content type) and is never cascaded to the values inside the body; the body engines check it
    with :meth:`match_whole_body` instead of walking the body.
    """

    __slots__ = ("empty", "paths", "root", "whole_body")

    def __init__(self, entries: Iterable[tuple[str, RuleList]]) -> None:
        top = _Node(1)
        paths: dict[str, RuleList] = {}
        for path, rule_list in entries:
            if not rule_list.rules:
                continue
            paths[path] = rule_list
            node = top
            for depth, segment in enumerate(parse_path(path), start=2):
                if isinstance(segment, Wildcard):
                    attr = "star_index" if segment.index_only else "star"
                    nxt = getattr(node, attr)
                    if nxt is None:
                        nxt = _Node(depth)
                        setattr(node, attr, nxt)
                    node = nxt
                else:
                    key = str(segment)
                    if key.isdigit():
                        node.has_digit_keys = True
                    nxt = node.children.get(key)
                    if nxt is None:
                        nxt = node.children[key] = _Node(depth)
                    node = nxt
            node.rules = rule_list
        self.paths = paths
        self.empty = not paths
        rules = top.rules
        self.root = Cursor(
            ((top, 2),) if (top.children or top.star or top.star_index) else (),
            rules,
            2 if rules else 0,
            False,
            bool(rules and rules.has_type_rule),
        )
        self.whole_body = (
            rules if rules is not None and any(isinstance(r, ContentType) for r in rules.rules) else None
        )

    def match_whole_body(
        self, expected: bytes, actual: bytes, *, shown: tuple[Any, Any] | None = None
    ) -> list[Mismatch]:
        """``whole_body``'s verdict on a body's bytes: one mismatch at ``$`` per failing rule.

        ``shown`` is the (expected, actual) pair the mismatches carry (default: the bytes).
        """
        rules = self.whole_body
        if rules is None:
            return []
        want, got = shown if shown is not None else (expected, actual)
        return [
            Mismatch("$", want, got, message, "body")
            for message in rules.apply(lambda rule: rule.check_bytes(expected, actual, False))
        ]

    @classmethod
    def under(cls, rule_list: RuleList) -> Cursor:
        """A fresh context where ``rule_list`` applies to every child of the current value (eachValue)."""
        top = _Node(1)
        top.star = _Node(2)
        top.star.rules = rule_list
        return Cursor(((top, 2),), None, 0, False, False)


def compile_rules(rules: Mapping[str, Any] | None) -> RuleTree:
    """Compile one category of rules (``{path: rule list}``) into a tree.

    A pact's reader leaves each path's rules parsed (a :class:`RuleList`), used as they are; rules in
    their Pact JSON form (``{"combine", "matchers"}``, as built by hand) are parsed here.
    """
    if not rules:
        return _EMPTY
    return RuleTree(
        (path, value if isinstance(value, RuleList) else parse_rule_list(value, path=path))
        for path, value in rules.items()
    )


_EMPTY = RuleTree(())


def merge(first: Cursor, second: Cursor) -> Cursor:
    """One cursor standing at two places at once (XML: ``$.a.b`` and ``$.a[*].b`` name the same child)."""
    if not second.states and second.rules is None:
        return first
    if not first.states and first.rules is None:
        return second
    states = first.states + tuple(
        pair for pair in second.states if all(pair[0] is not n for n, _ in first.states)
    )
    best = (
        second if second.rules is not None and (first.rules is None or second.score > first.score) else first
    )
    return Cursor(states, best.rules, best.score, best.cascaded, first.type_defined or second.type_defined)
