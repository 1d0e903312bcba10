"""Rules over collections, interpreted by the body walker: ``eachKey``, ``eachValue`` and
``arrayContains`` (with its variants)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pactspec.rules._base import Rule, RuleList

__all__ = ["ArrayContains", "EachKey", "EachValue", "Variant"]


@dataclass(frozen=True, slots=True)
class EachKey(Rule):
    """Every key of an object satisfies ``rules``."""

    name: ClassVar[str] = "eachKey"
    rules: tuple[Rule, ...] = ()
    value: Any = field(default=None, compare=False, hash=False)

    def check_map(self, expected: Mapping[str, Any], actual: Mapping[str, Any], cascaded: bool) -> str | None:
        return None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"match": "eachKey", "rules": [r.to_json() for r in self.rules]}
        if self.value is not None:
            data["value"] = self.value
        return data


@dataclass(frozen=True, slots=True)
class EachValue(Rule):
    """Every value of an object or array satisfies ``rules`` (which cascade below it)."""

    name: ClassVar[str] = "eachValue"
    rules: tuple[Rule, ...] = ()
    value: Any = field(default=None, compare=False, hash=False)

    def check_map(self, expected: Mapping[str, Any], actual: Mapping[str, Any], cascaded: bool) -> str | None:
        return None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"match": "eachValue", "rules": [r.to_json() for r in self.rules]}
        if self.value is not None:
            data["value"] = self.value
        return data


@dataclass(frozen=True, slots=True)
class Variant:
    """One ``arrayContains`` variant: the expected item at ``index`` with its own rules (paths from ``$``)."""

    index: int
    rules: tuple[tuple[str, RuleList], ...] = ()
    generators: Any = field(default=None, compare=False, hash=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "rules": {path: rule_list.to_json() for path, rule_list in self.rules},
            "generators": dict(self.generators or {}),
        }


@dataclass(frozen=True, slots=True)
class ArrayContains(Rule):
    name: ClassVar[str] = "arrayContains"
    variants: tuple[Variant, ...] = ()

    def check_map(self, expected: Mapping[str, Any], actual: Mapping[str, Any], cascaded: bool) -> str | None:
        return None

    def to_json(self) -> dict[str, Any]:
        return {"match": "arrayContains", "variants": [v.to_json() for v in self.variants]}
