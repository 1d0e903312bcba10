"""The matching-rule classes: one small frozen class per Pact ``match`` name.

Each rule answers for one value at a time and returns ``None`` (it matches) or the mismatch text in
the Pact reference implementation's words. This module holds the value-shape rules (equality,
regex, type, include, numbers, boolean, null, notEmpty, values) and re-exports the others, so it
stays the one import path: the base is :mod:`pactspec.rules._base`, format rules (dates, content
type, semver, status) :mod:`pactspec.rules._format`, collection rules :mod:`pactspec.rules._collection`.

Walking bodies, cascading and path weighting live in :mod:`pactspec.matching._message`; containers
(``values``, ``eachKey``, ``eachValue``, ``arrayContains``, ``type`` with ``min``/``max``) are
interpreted there, using the data these classes hold. Reading rules from Pact JSON is
:mod:`pactspec.rules._registry`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pactspec.mismatch import describe as describe_value
from pactspec.mismatch import json_text as _json_text
from pactspec.mismatch import type_name
from pactspec.regex import compile_pattern, uuid_form
from pactspec.rules._base import Rule, json_equal, plain_text

__all__ = [
    "Boolean",
    "Decimal",
    "Equality",
    "Include",
    "Integer",
    "NotEmpty",
    "Null",
    "Number",
    "Regex",
    "Type",
    "Values",
]

def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same_type(expected: Any, actual: Any) -> bool:
    if _is_number(expected):
        return _is_number(actual)
    if isinstance(expected, bool):
        return isinstance(actual, bool)
    if expected is None:
        return actual is None
    for kind in (str, list, dict):
        if isinstance(expected, kind):
            return isinstance(actual, kind)
    return type(expected) is type(actual)


def _compile_regex(pattern: str, path: str | None) -> Any:
    return compile_pattern(pattern, path=path)

@dataclass(frozen=True, slots=True)
class Equality(Rule):
    name: ClassVar[str] = "equality"

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        if expected == actual and type_name(expected) == type_name(actual):
            return None
        return f"Expected {describe_value(actual)} to be equal to {describe_value(expected)}"

    def check_list(self, expected: list[Any], actual: list[Any], cascaded: bool) -> str | None:
        # the reference compares the whole array too, so extra items fail (its items are walked as well)
        return self._whole(expected, actual)

    def check_map(self, expected: Mapping[str, Any], actual: Mapping[str, Any], cascaded: bool) -> str | None:
        # the reference compares the whole object too, so extra keys fail (its entries are walked as well)
        return self._whole(expected, actual)

    @staticmethod
    def _whole(expected: Any, actual: Any) -> str | None:
        if json_equal(expected, actual):
            return None
        return f"Expected {describe_value(actual)} to be equal to {describe_value(expected)}"

    def check_text(self, expected: str, actual: str, cascaded: bool) -> str | None:
        return None if expected == actual else f"Expected '{actual}' to be equal to '{expected}'"

    def check_bytes(self, expected: bytes, actual: bytes, cascaded: bool) -> str | None:
        if expected == actual:
            return None
        return f"Expected {len(actual)} bytes to be equal to the expected {len(expected)} bytes"


@dataclass(frozen=True, slots=True)
class Regex(Rule):
    name: ClassVar[str] = "regex"
    regex: str
    pattern: Any = field(default=None, compare=False, hash=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {"match": "regex", "regex": self.regex}

    def _ok(self, text: str) -> bool:
        return bool(self.pattern.full_match(text))

    def _wanted(self) -> str:
        # a uuid matcher is written as a regex; its reader wants "a UUID", not the pattern
        form = uuid_form(self.regex)
        if form is None:
            return f"to match '{self.regex}'"
        return f"to be a UUID ({form})" if form else "to be a UUID"

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        text = plain_text(actual)
        return None if self._ok(text) else f"Expected '{text}' {self._wanted()}"

    def check_map(self, expected: Mapping[str, Any], actual: Mapping[str, Any], cascaded: bool) -> str | None:
        return None  # the reference lets an object pass a regex (its values are checked one by one)

    def check_text(self, expected: str, actual: str, cascaded: bool) -> str | None:
        return None if self._ok(actual) else f"Expected '{actual}' {self._wanted()}"

    def check_bytes(self, expected: bytes, actual: bytes, cascaded: bool) -> str | None:
        try:
            text = actual.decode("utf-8")
        except UnicodeDecodeError:
            return "Could not convert the actual bytes into a UTF-8 string to match the regex"
        return self.check_text("", text, cascaded)


@dataclass(frozen=True, slots=True)
class Type(Rule):
    """``type``, also with ``min``/``max`` (and the ``min``/``max`` match names)."""

    name: ClassVar[str] = "type"
    is_type: ClassVar[bool] = True
    min: int | None = None
    max: int | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"match": "type"}
        if self.min is not None:
            data["min"] = self.min
        if self.max is not None:
            data["max"] = self.max
        return data

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        if _same_type(expected, actual):
            return None
        return f"Expected {describe_value(actual)} to be the same type as {describe_value(expected)}"

    def check_text(self, expected: str, actual: str, cascaded: bool) -> str | None:
        return None

    def check_list(self, expected: list[Any], actual: list[Any], cascaded: bool) -> str | None:
        return self.check_size(actual, cascaded)

    def check_map(self, expected: Mapping[str, Any], actual: Mapping[str, Any], cascaded: bool) -> str | None:
        return self.check_size(actual, cascaded)  # min and max bound an object's size too, as in the reference

    def check_size(self, actual: list[Any] | Mapping[str, Any], cascaded: bool) -> str | None:
        if cascaded:
            return None
        if self.min is not None and len(actual) < self.min:
            return f"Expected {_shown(actual)} (size {len(actual)}) to have minimum size of {self.min}"
        if self.max is not None and len(actual) > self.max:
            return f"Expected {_shown(actual)} (size {len(actual)}) to have maximum size of {self.max}"
        return None


def _shown(actual: list[Any] | Mapping[str, Any]) -> str:
    """An array or object as a size mismatch shows it (built only for a failure: it may be megabytes)."""
    if isinstance(actual, list):
        return "[" + ", ".join(_json_text(item) for item in actual) + "]"
    return _json_text(actual)


@dataclass(frozen=True, slots=True)
class Include(Rule):
    name: ClassVar[str] = "include"
    value: str

    def to_json(self) -> dict[str, Any]:
        return {"match": "include", "value": self.value}

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        text = plain_text(actual)
        return None if self.value in text else f"Expected '{text}' to include '{self.value}'"


@dataclass(frozen=True, slots=True)
class Integer(Rule):
    name: ClassVar[str] = "integer"

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        return None if _is_int(actual) else f"Expected {describe_value(actual)} to be an integer"

    def check_text(self, expected: str, actual: str, cascaded: bool) -> str | None:
        text = actual.strip()
        ok = text.isascii() and text.lstrip("-+").isdigit()
        return None if ok else f"Expected '{actual}' to match an integer number"


@dataclass(frozen=True, slots=True)
class Decimal(Rule):
    name: ClassVar[str] = "decimal"

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        if isinstance(actual, float):
            return None
        return f"Expected {describe_value(actual)} to be a decimal number"

    def check_text(self, expected: str, actual: str, cascaded: bool) -> str | None:
        return None if _parses_as_float(actual) else f"Expected '{actual}' to match a decimal number"


@dataclass(frozen=True, slots=True)
class Number(Rule):
    name: ClassVar[str] = "number"

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        return None if _is_number(actual) else f"Expected {describe_value(actual)} to be a number"

    def check_text(self, expected: str, actual: str, cascaded: bool) -> str | None:
        return None if _parses_as_float(actual) else f"Expected '{actual}' to match a number"


def _parses_as_float(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Boolean(Rule):
    name: ClassVar[str] = "boolean"

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        if isinstance(actual, bool) or actual in ("true", "false"):
            return None
        return f"Expected {describe_value(actual)} to match a boolean"


@dataclass(frozen=True, slots=True)
class Null(Rule):
    name: ClassVar[str] = "null"

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        return None if actual is None else f"Expected {describe_value(actual)} to be a null value"

    def check_list(self, expected: list[Any], actual: list[Any], cascaded: bool) -> str | None:
        # the one single-value rule the reference also reports on arrays (the others pass them)
        return f"Unable to match {describe_value(actual)} using the null rule, which matches single values"

    def check_text(self, expected: str, actual: str, cascaded: bool) -> str | None:
        return None if actual == "" else f"Expected {describe_value(actual)} to be a null value"


@dataclass(frozen=True, slots=True)
class Values(Rule):
    """Match the values of an object, ignoring its keys (interpreted by the body walker)."""

    name: ClassVar[str] = "values"

    def check_map(self, expected: Mapping[str, Any], actual: Mapping[str, Any], cascaded: bool) -> str | None:
        return None

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        return Equality().check(expected, actual, cascaded)

    def check_text(self, expected: str, actual: str, cascaded: bool) -> str | None:
        return Equality().check_text(expected, actual, cascaded)


@dataclass(frozen=True, slots=True)
class NotEmpty(Rule):
    name: ClassVar[str] = "notEmpty"

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        if actual is None:
            return "Expected non-empty but got a NULL"
        if actual in ("", [], {}):
            return f"Expected {describe_value(actual)} to not be empty"
        return None

    def check_list(self, expected: list[Any], actual: list[Any], cascaded: bool) -> str | None:
        return None if actual else "Expected [] (Array) to not be empty"

    def check_map(self, expected: Mapping[str, Any], actual: Mapping[str, Any], cascaded: bool) -> str | None:
        return None if actual else "Expected {} (Object) to not be empty"

    def check_bytes(self, expected: bytes, actual: bytes, cascaded: bool) -> str | None:
        return None if actual else "Expected [] (0 bytes) to not be empty"
