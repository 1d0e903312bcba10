"""Rules that check a value's format: date / time / datetime patterns, content type, semantic
version and HTTP status class."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Literal

from pactspec.content import base_type, sniff_content_type
from pactspec.mismatch import describe as describe_value
from pactspec.mismatch import value_text
from pactspec.rules._base import Rule, plain_text
from pactspec.timeformats import default_format, java_pattern

__all__ = ["STATUS_CLASSES", "ContentType", "DateTimeRule", "Semver", "StatusCode", "content_types_agree",
           "java_format"]


def java_format(pattern: str) -> Any:
    """The compiled Java DateTimeFormatter pattern."""
    return java_pattern(pattern)


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
        text = plain_text(actual)
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
        return bool(java_format(fmt).matches(text))
    # Without a pattern, ISO 8601 (fraction and zone optional), as the reference implementations do.
    return bool(default_format("datetime" if kind == "timestamp" else kind).matches(text))


@dataclass(frozen=True, slots=True)
class ContentType(Rule):
    name: ClassVar[str] = "contentType"
    value: str

    def to_json(self) -> dict[str, Any]:
        return {"match": "contentType", "value": self.value}

    def check(self, expected: Any, actual: Any, cascaded: bool) -> str | None:
        data = actual if isinstance(actual, (bytes, bytearray)) else plain_text(actual).encode("utf-8")
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
