"""The matching-rule classes: one small frozen class per Pact ``match`` name.

Each rule answers for one value at a time and returns ``None`` (it matches) or the mismatch text in
the Pact reference implementation's words. Walking bodies, cascading and path weighting live in
:mod:`pactspec.matching`; containers (``values``, ``eachKey``, ``eachValue``, ``arrayContains``,
``type`` with ``min``/``max``) are interpreted there, using the data these classes hold. Reading
rules from Pact JSON is :mod:`pactspec.rules`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar, Literal

from pactspec.content import base_type, sniff_content_type
from pactspec.mismatch import describe as describe_value
from pactspec.mismatch import json_text as _json_text
from pactspec.mismatch import type_name, value_text

__all__ = [
    "STATUS_CLASSES",
    "ArrayContains",
    "Boolean",
    "ContentType",
    "DateTimeRule",
    "Decimal",
    "EachKey",
    "EachValue",
    "Equality",
    "Include",
    "Integer",
    "NotEmpty",
    "Null",
    "Number",
    "Regex",
    "Rule",
    "RuleList",
    "Semver",
    "StatusCode",
    "Type",
    "Values",
    "Variant",
    "content_types_agree",
    "describe_value",
    "type_name",
    "value_text",
]

Combine = Literal["AND", "OR"]


def _plain(value: Any) -> str:
    """The text a string rule (regex, include, dates) sees for a JSON value."""
    return value if isinstance(value, str) else _json_text(value)


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


# --- collaborators written by other modules; imported lazily so this module never depends on load order


def _compile_regex(pattern: str, path: str | None) -> Any:
    from pactspec.safe_regex import compile_pattern

    return compile_pattern(pattern, path=path)


def _java_pattern(pattern: str) -> Any:
    from pactspec.timeformats import java_pattern

    return java_pattern(pattern)


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
        """Check an object as a whole (its entries are walked separately)."""
        return None

    def check_text(self, expected: str, actual: str, cascaded: bool) -> str | None:
        """Check a value that is text by nature: XML text and attributes, metadata, headers, plain bodies."""
        return self.check(expected, actual, cascaded)

    def check_bytes(self, expected: bytes, actual: bytes, cascaded: bool) -> str | None:
        """Check a binary body."""
        return None


@dataclass(frozen=True, slots=True)
class Equality(Rule):
    name: ClassVar[str] = "equality"

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        if expected == actual and type_name(expected) == type_name(actual):
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

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        text = _plain(actual)
        return None if self._ok(text) else f"Expected '{text}' to match '{self.regex}'"

    def check_text(self, expected: str, actual: str, cascaded: bool) -> str | None:
        return None if self._ok(actual) else f"Expected '{actual}' to match '{self.regex}'"

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

    def check_size(self, actual: list[Any], cascaded: bool) -> str | None:
        if cascaded:
            return None
        shown = "[" + ", ".join(_json_text(item) for item in actual) + "]"
        if self.min is not None and len(actual) < self.min:
            return f"Expected {shown} (size {len(actual)}) to have minimum size of {self.min}"
        if self.max is not None and len(actual) > self.max:
            return f"Expected {shown} (size {len(actual)}) to have maximum size of {self.max}"
        return None


@dataclass(frozen=True, slots=True)
class Include(Rule):
    name: ClassVar[str] = "include"
    value: str

    def to_json(self) -> dict[str, Any]:
        return {"match": "include", "value": self.value}

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        text = _plain(actual)
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

    def check_text(self, expected: str, actual: str, cascaded: bool) -> str | None:
        return None if actual == "" else f"Expected {describe_value(actual)} to be a null value"


@dataclass(frozen=True, slots=True)
class DateTimeRule(Rule):
    """``date``, ``time`` and ``timestamp``/``datetime`` with a Java DateTimeFormatter pattern."""

    kind: Literal["date", "time", "timestamp", "datetime"]
    format: str | None = None

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.kind

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"match": self.kind}
        if self.format:
            data["format"] = self.format
        return data

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        text = _plain(actual)
        if _valid_datetime(self.kind, self.format, text):
            return None
        shown = self.format or _DEFAULT_FORMATS[self.kind]
        noun = "timestamp" if self.kind == "datetime" else self.kind
        return f"Expected '{text}' to match a {noun} pattern of '{shown}'"


_DEFAULT_FORMATS = {
    "date": "yyyy-MM-dd",
    "time": "HH:mm:ss",
    "timestamp": "yyyy-MM-dd'T'HH:mm:ss",
    "datetime": "yyyy-MM-dd'T'HH:mm:ss",
}


def _valid_datetime(kind: str, fmt: str | None, text: str) -> bool:
    if fmt:
        return bool(_java_pattern(fmt).matches(text))
    # Without a pattern, ISO 8601 (fraction and zone optional), as the reference implementations do.
    from pactspec.timeformats import default_format

    return bool(default_format("datetime" if kind == "timestamp" else kind).matches(text))


@dataclass(frozen=True, slots=True)
class Values(Rule):
    """Match the values of an object, ignoring its keys (interpreted by the body walker)."""

    name: ClassVar[str] = "values"

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        return Equality().check(expected, actual, cascaded)

    def check_text(self, expected: str, actual: str, cascaded: bool) -> str | None:
        return Equality().check_text(expected, actual, cascaded)


@dataclass(frozen=True, slots=True)
class ContentType(Rule):
    name: ClassVar[str] = "contentType"
    value: str

    def to_json(self) -> dict[str, Any]:
        return {"match": "contentType", "value": self.value}

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        data = actual if isinstance(actual, (bytes, bytearray)) else _plain(actual).encode("utf-8")
        return self.check_bytes(b"", bytes(data), cascaded)

    def check_text(self, expected: str, actual: str, cascaded: bool) -> str | None:
        return self.check_bytes(b"", actual.encode("utf-8"), cascaded)

    def check_bytes(self, expected: bytes, actual: bytes, cascaded: bool) -> str | None:
        detected = sniff_content_type(actual) or "application/octet-stream"
        if content_types_agree(self.value, detected):
            return None
        return (
            f"Expected binary contents to have content type '{self.value}' "
            f"but detected contents was '{detected}'"
        )


def content_types_agree(expected: str, detected: str) -> bool:
    """Whether sniffed content satisfies a declared type (ignoring parameters; XML and text families)."""
    want, got = base_type(expected), base_type(detected)
    if want == got:
        return True
    main, _, sub = want.partition("/")
    if got == "application/xml" and (sub == "xml" or sub.endswith("+xml")):
        return True
    if got == "application/json" and (sub == "json" or sub.endswith("+json")):
        return True
    return got == "text/plain" and main == "text"


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


_SEMVER = (
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
)


@lru_cache(maxsize=1)
def _semver_pattern() -> Any:
    import re  # a fixed, linear pattern of our own (not user input)

    return re.compile(_SEMVER)


@dataclass(frozen=True, slots=True)
class Semver(Rule):
    name: ClassVar[str] = "semver"

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        if not isinstance(actual, str):
            return f"Expected something that matches a semantic version, but got {value_text(actual)}"
        if _semver_pattern().fullmatch(actual):
            return None
        return f"'{actual}' is not a valid semantic version"


@dataclass(frozen=True, slots=True)
class EachKey(Rule):
    """Every key of an object satisfies ``rules``."""

    name: ClassVar[str] = "eachKey"
    rules: tuple[Rule, ...] = ()
    value: Any = field(default=None, compare=False, hash=False)

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

    def to_json(self) -> dict[str, Any]:
        return {"match": "arrayContains", "variants": [v.to_json() for v in self.variants]}


STATUS_CLASSES: dict[str, tuple[str, Callable[[int], bool]]] = {
    "info": ("an Informational response (100–199)", lambda s: 100 <= s <= 199),
    "success": ("a Successful response (200–299)", lambda s: 200 <= s <= 299),
    "redirect": ("a Redirect (300–399)", lambda s: 300 <= s <= 399),
    "clientError": ("a Client Error (400–499)", lambda s: 400 <= s <= 499),
    "serverError": ("a Server Error (500–599)", lambda s: 500 <= s <= 599),
    "nonError": ("a non-error response (< 400)", lambda s: s < 400),
    "error": ("an error response (>= 400)", lambda s: s >= 400),
}


@dataclass(frozen=True, slots=True)
class StatusCode(Rule):
    """An HTTP status class (``success``…) or a list of allowed codes."""

    name: ClassVar[str] = "statusCode"
    status: str | tuple[int, ...] = "success"

    def to_json(self) -> dict[str, Any]:
        status = list(self.status) if isinstance(self.status, tuple) else self.status
        return {"match": "statusCode", "status": status}

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        try:
            code = int(actual)
        except (TypeError, ValueError):
            return f"Expected {describe_value(actual)} to be an HTTP status code"
        if isinstance(self.status, tuple):
            if code in self.status:
                return None
            return f"Expected status code {code} to be one of {list(self.status)}"
        label, accepts = STATUS_CLASSES[self.status]
        return None if accepts(code) else f"Expected status code {code} to be {label}"


@dataclass(frozen=True, slots=True)
class RuleList:
    """The rules at one path and how they combine (``AND``: all must pass; ``OR``: one is enough)."""

    rules: tuple[Rule, ...]
    combine: Combine = "AND"

    def to_json(self) -> dict[str, Any]:
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
