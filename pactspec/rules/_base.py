"""The base of every matching rule and the rules at one path (:class:`RuleList`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from pactspec.mismatch import describe, json_text

__all__ = ["Combine", "Rule", "RuleList", "json_equal", "plain_text"]

Combine = Literal["AND", "OR"]


def plain_text(value: Any) -> str:
    """The text a string rule (regex, include, dates) sees for a JSON value."""
    return value if isinstance(value, str) else json_text(value)


def json_equal(left: Any, right: Any) -> bool:
    """Equality of decoded JSON values as JSON sees it: ``1``, ``1.0`` and ``true`` all differ, at any depth."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(json_equal(v, right[k]) for k, v in left.items())
    if isinstance(left, list):
        return len(left) == len(right) and all(json_equal(a, b) for a, b in zip(left, right, strict=True))
    return bool(left == right)


class Rule:
    """Base of every matching rule. Subclasses are frozen dataclasses registered by ``match`` name."""

    __slots__ = ()
    name: ClassVar[str] = ""
    #: rules of a "type" family: the XML engine and array lengths treat them specially
    is_type: ClassVar[bool] = False

    def to_json(self) -> dict[str, Any]:
        return {"match": self.name}

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        """Check a JSON value whose expected form is not a container (scalars)."""
        return None

    def check_list(self, expected: list[Any], actual: list[Any], cascaded: bool) -> str | None:
        """Check an array as a whole (its items are walked separately)."""
        return None

    def check_map(self, expected: Mapping[str, Any], actual: Mapping[str, Any], cascaded: bool) -> str | None:
        """Check an object as a whole (its entries are walked separately).

        A rule for single values (number, integer, decimal, boolean, include, null, the date and time
        rules, contentType, semver, statusCode) can't judge an object: the Pact reference
        implementation reports every object it meets under one, also where the rule is cascaded
        from a parent path ("Unable to match {…} using Number"). The rules that can say otherwise.
        """
        return f"Unable to match {describe(actual)} using the {self.name} rule, which matches single values"

    def check_text(self, expected: str, actual: str, cascaded: bool) -> str | None:
        """Check a value that is text by nature: XML text and attributes, metadata, headers, plain bodies."""
        return self.check(expected, actual, cascaded)

    def check_bytes(self, expected: bytes, actual: bytes, cascaded: bool) -> str | None:
        """Check a binary body."""
        return None


@dataclass(frozen=True, slots=True)
class RuleList:
    """The rules at one path and how they combine (``AND``: all must pass; ``OR``: one is enough).

    ``source`` holds the matchers' Pact JSON as read, so that :meth:`to_json` writes a pact back as
    it was: a matcher may carry keys pactspec does not model (pact-jvm's ``value`` on a ``type``),
    or be spelled the V2 way (``{"regex": …}`` without ``match``).
    """

    rules: tuple[Rule, ...]
    combine: Combine = "AND"
    source: tuple[Mapping[str, Any], ...] | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        if self.source is not None:
            return {"combine": self.combine, "matchers": [dict(matcher) for matcher in self.source]}
        return {"combine": self.combine, "matchers": [rule.to_json() for rule in self.rules]}

    @property
    def has_type_rule(self) -> bool:
        return any(rule.is_type for rule in self.rules)

    def apply(self, check: Callable[[Rule], str | None]) -> list[str]:
        """Run ``check`` per rule and combine: the messages that make the value fail (empty: it passes)."""
        messages: list[str] = []
        for rule in self.rules:
            message = check(rule)
            if message is None:
                if self.combine == "OR":
                    return []
            else:
                messages.append(message)
        return messages
