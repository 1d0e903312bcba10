"""Pact generators: values that replace a contract's examples when a message is produced or verified.

One frozen class per Pact generator ``type`` (RandomInt, RandomDecimal, RandomHexadecimal,
RandomString, Regex, Uuid, Date, Time, DateTime, RandomBoolean, ProviderState, MockServerURL),
each with ``generate(context) -> value``. :func:`from_json` / :func:`to_json` convert the Pact JSON
form (``{"type": "RandomInt", "min": 0, "max": 10}``) through one registry and round-trip it
exactly; :func:`apply_generators` applies a message's body and metadata generators.

The ``context`` mapping carries what generators may need:

- provider-state values (``{"id": 1000}``; also read from ``context["providerState"]``) for
  ``ProviderState`` expressions such as ``${id}`` or ``/users/${id}``;
- ``"mockServerURL"`` (or ``{"mockServer": {"href": …}}``) for ``MockServerURL``;
- optionally ``"now"`` (an aware ``datetime``) as the base of Date/Time/DateTime expressions and
  ``"random"`` (a ``random.Random``) for reproducible values.

Modes follow the reference implementation: ``ProviderState`` generators only run when
verifying a provider, ``MockServerURL`` only for consumers; the others run in both.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import random
import re
import string
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar, Literal

from pactspec.date_expressions import (
    evaluate_date,
    evaluate_datetime,
    evaluate_time,
    parse_date_part,
    parse_time_part,
)
from pactspec.errors import RuleError
from pactspec.model import NO_BODY, MessageContents
from pactspec.safe_regex import compile_pattern
from pactspec.timeformats import default_format, java_pattern

__all__ = [
    "GENERATORS",
    "Date",
    "DateTime",
    "Generator",
    "MockServerURL",
    "ProviderStateGenerator",
    "RandomBoolean",
    "RandomDecimal",
    "RandomHexadecimal",
    "RandomInt",
    "RandomString",
    "Regex",
    "Time",
    "Uuid",
    "apply_generators",
    "from_json",
    "to_json",
]

Mode = Literal["consumer", "provider"]
_RNG = random.SystemRandom()
_EXPRESSION = re.compile(r"\$\{([^{}]*)\}")
UUID_FORMATS = ("simple", "lower-case-hyphenated", "upper-case-hyphenated", "URN")


def _rng(context: Mapping[str, Any]) -> random.Random:
    chosen = context.get("random")
    return chosen if isinstance(chosen, random.Random) else _RNG


def _now(context: Mapping[str, Any]) -> dt.datetime:
    now = context.get("now")
    if isinstance(now, dt.datetime):
        return now if now.tzinfo is not None else now.astimezone()
    return dt.datetime.now().astimezone()


class Generator:
    """A Pact generator: ``generate(context)`` gives a value; ``TYPE`` is its Pact ``type`` name."""

    __slots__ = ()
    TYPE: ClassVar[str]
    modes: ClassVar[tuple[Mode, ...]] = ("consumer", "provider")

    def generate(self, context: Mapping[str, Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def applies_in(self, mode: Mode) -> bool:
        """Whether this generator runs in ``mode`` (the others keep the contract's example)."""
        return mode in self.modes


def _int_field(data: Mapping[str, Any], key: str, path: str | None, *, minimum: int | None = None) -> int | None:
    if key not in data:
        return None
    value = data[key]
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        value = int(value)  # pact-jvm once wrote numbers as strings
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleError(f"generator field '{key}' must be a whole number, got {value!r}", path=path)
    if minimum is not None and value < minimum:
        raise RuleError(f"generator field '{key}' must be at least {minimum}, got {value}", path=path)
    return value


def _str_field(data: Mapping[str, Any], key: str, path: str | None, *, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise RuleError(
                f"a {data.get('type')} generator needs a '{key}' string; add \"{key}\": \"…\"", path=path
            )
        return None
    if not isinstance(value, str):
        raise RuleError(f"generator field '{key}' must be a string, got {value!r}", path=path)
    return value


@dataclass(frozen=True, slots=True)
class RandomInt(Generator):
    """A random integer between ``min`` and ``max`` inclusive (defaults 0 and 2147483647)."""

    TYPE: ClassVar[str] = "RandomInt"
    min: int | None = None
    max: int | None = None

    def generate(self, context: Mapping[str, Any]) -> int:
        low = 0 if self.min is None else self.min
        high = 2**31 - 1 if self.max is None else self.max
        return _rng(context).randint(low, max(low, high))

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> RandomInt:
        low, high = _int_field(data, "min", path), _int_field(data, "max", path)
        if low is not None and high is not None and low > high:
            raise RuleError(f"RandomInt min {low} is greater than max {high}; swap them", path=path)
        if low is None and high is not None and high < 0:
            raise RuleError(f"RandomInt max {high} is below the default min 0; give a min too", path=path)
        return cls(low, high)


@dataclass(frozen=True, slots=True)
class RandomDecimal(Generator):
    """A random decimal number with ``digits`` significant digits (default 10)."""

    TYPE: ClassVar[str] = "RandomDecimal"
    digits: int | None = None

    def generate(self, context: Mapping[str, Any]) -> float:
        return float(self.text(context))

    def text(self, context: Mapping[str, Any]) -> str:
        """The digits with a decimal point inside, as the reference implementation draws them."""
        rng = _rng(context)
        count = 10 if self.digits is None else self.digits
        if count == 1:
            return f"{rng.randint(0, 9)}.0"
        digits = str(rng.randint(1, 9)) + "".join(rng.choice(string.digits) for _ in range(count - 1))
        point = rng.randint(1, count - 1)
        return f"{digits[:point]}.{digits[point:]}"

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> RandomDecimal:
        return cls(_int_field(data, "digits", path, minimum=1))


@dataclass(frozen=True, slots=True)
class RandomHexadecimal(Generator):
    """A random lower-case hexadecimal string of ``digits`` characters (default 10)."""

    TYPE: ClassVar[str] = "RandomHexadecimal"
    digits: int | None = None

    def generate(self, context: Mapping[str, Any]) -> str:
        rng = _rng(context)
        return "".join(rng.choice("0123456789abcdef") for _ in range(10 if self.digits is None else self.digits))

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> RandomHexadecimal:
        return cls(_int_field(data, "digits", path, minimum=1))


@dataclass(frozen=True, slots=True)
class RandomString(Generator):
    """A random alphanumeric string of ``size`` characters (default 10)."""

    TYPE: ClassVar[str] = "RandomString"
    size: int | None = None

    def generate(self, context: Mapping[str, Any]) -> str:
        rng = _rng(context)
        alphabet = string.ascii_letters + string.digits
        return "".join(rng.choice(alphabet) for _ in range(10 if self.size is None else self.size))

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> RandomString:
        return cls(_int_field(data, "size", path, minimum=0))


@dataclass(frozen=True, slots=True)
class Regex(Generator):
    """A random string that ``regex`` fully matches."""

    TYPE: ClassVar[str] = "Regex"
    regex: str = ""

    def generate(self, context: Mapping[str, Any]) -> str:
        return compile_pattern(self.regex).generate(_rng(context))

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> Regex:
        regex = _str_field(data, "regex", path, required=True)
        assert regex is not None
        compile_pattern(regex, path=path)
        return cls(regex)


@dataclass(frozen=True, slots=True)
class Uuid(Generator):
    """A random UUID in ``format``: simple, lower-case-hyphenated (default), upper-case-hyphenated, URN."""

    TYPE: ClassVar[str] = "Uuid"
    format: str | None = None

    def generate(self, context: Mapping[str, Any]) -> str:
        value = uuid.UUID(int=_rng(context).getrandbits(128), version=4)
        if self.format == "simple":
            return value.hex
        if self.format == "upper-case-hyphenated":
            return str(value).upper()
        if self.format == "URN":
            return value.urn
        return str(value)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> Uuid:
        fmt = _str_field(data, "format", path)
        if fmt is not None and fmt not in UUID_FORMATS:
            raise RuleError(f"Uuid format '{fmt}' is unknown; use one of {', '.join(UUID_FORMATS)}", path=path)
        return cls(fmt)


@dataclass(frozen=True, slots=True)
class _Temporal(Generator):
    KIND: ClassVar[Literal["date", "time", "datetime"]]
    format: str | None = None
    expression: str | None = None

    def moment(self, context: Mapping[str, Any]) -> dt.datetime:
        evaluate: Callable[[str | None, dt.datetime], dt.datetime] = {
            "date": evaluate_date, "time": evaluate_time, "datetime": evaluate_datetime,
        }[self.KIND]
        return evaluate(self.expression, _now(context))

    def generate(self, context: Mapping[str, Any]) -> str:
        formatter = java_pattern(self.format) if self.format else default_format(self.KIND)
        return formatter.format(self.moment(context))

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> _Temporal:
        fmt = _str_field(data, "format", path)
        expression = _str_field(data, "expression", path)
        try:
            if fmt:
                java_pattern(fmt)
            if expression:
                if cls.KIND == "date":
                    parse_date_part(expression)
                elif cls.KIND == "time":
                    parse_time_part(expression)
                else:
                    evaluate_datetime(expression, dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
        except RuleError as exc:
            raise RuleError(str(exc), path=path) from None
        return cls(fmt, expression)


@dataclass(frozen=True, slots=True)
class Date(_Temporal):
    """Today (or ``expression``, e.g. ``+ 1 day``) in ``format`` (default ``yyyy-MM-dd``)."""

    TYPE: ClassVar[str] = "Date"
    KIND: ClassVar[Literal["date", "time", "datetime"]] = "date"


@dataclass(frozen=True, slots=True)
class Time(_Temporal):
    """Now (or ``expression``, e.g. ``noon + 2 hours``) in ``format`` (default ``HH:mm:ss``)."""

    TYPE: ClassVar[str] = "Time"
    KIND: ClassVar[Literal["date", "time", "datetime"]] = "time"


@dataclass(frozen=True, slots=True)
class DateTime(_Temporal):
    """Now (or ``expression``, e.g. ``+ 1 day @ now + 2 hours``) in ``format``
    (default ``yyyy-MM-dd'T'HH:mm:ss``)."""

    TYPE: ClassVar[str] = "DateTime"
    KIND: ClassVar[Literal["date", "time", "datetime"]] = "datetime"


@dataclass(frozen=True, slots=True)
class RandomBoolean(Generator):
    """``true`` or ``false`` at random."""

    TYPE: ClassVar[str] = "RandomBoolean"

    def generate(self, context: Mapping[str, Any]) -> bool:
        return _rng(context).random() < 0.5

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> RandomBoolean:
        return cls()


def _lookup(context: Mapping[str, Any], name: str) -> tuple[bool, Any]:
    state = context.get("providerState")
    for source in (context, state if isinstance(state, Mapping) else {}):
        if name in source:
            return True, source[name]
        node: Any = source
        for part in name.split("."):
            if isinstance(node, Mapping) and part in node:
                node = node[part]
            else:
                break
        else:
            return True, node
    return False, None


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


_DATA_TYPES = ("RAW", "STRING", "INTEGER", "DECIMAL", "FLOAT", "BOOLEAN")


@dataclass(frozen=True, slots=True)
class ProviderStateGenerator(Generator):
    """A value from the provider state: ``${id}`` keeps the value's type, ``/users/${id}`` makes text.

    Pact type name ``ProviderState``; runs only when verifying a provider.
    """

    TYPE: ClassVar[str] = "ProviderState"
    modes: ClassVar[tuple[Mode, ...]] = ("provider",)
    expression: str = ""
    data_type: str | None = None

    def generate(self, context: Mapping[str, Any]) -> Any:
        names = _EXPRESSION.findall(self.expression)
        missing = [n for n in names if not _lookup(context, n.strip())[0]]
        if missing:
            known = sorted(k for k in context if k not in ("providerState", "mockServer", "mockServerURL"))
            state = context.get("providerState")
            if isinstance(state, Mapping):
                known += sorted(state)
            raise RuleError(
                f"provider state value '{missing[0].strip()}' used by the expression '{self.expression}' was "
                f"not returned by the provider state handler (it returned: {', '.join(known) or 'nothing'}); "
                "return it from the handler"
            )
        whole = _EXPRESSION.fullmatch(self.expression)
        if whole:
            value = _lookup(context, whole.group(1).strip())[1]
        else:
            value = _EXPRESSION.sub(lambda m: _as_text(_lookup(context, m.group(1).strip())[1]), self.expression)
        return _convert(value, self.data_type, self.expression)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> ProviderStateGenerator:
        expression = _str_field(data, "expression", path, required=True)
        assert expression is not None
        data_type = _str_field(data, "dataType", path)
        if data_type is not None and data_type.upper() not in _DATA_TYPES:
            raise RuleError(
                f"ProviderState dataType '{data_type}' is unknown; use one of {', '.join(_DATA_TYPES)}", path=path
            )
        return cls(expression, data_type)


def _convert(value: Any, data_type: str | None, expression: str) -> Any:
    kind = (data_type or "RAW").upper()
    try:
        if kind == "STRING":
            return _as_text(value)
        if kind == "INTEGER":
            return int(value)
        if kind in ("DECIMAL", "FLOAT"):
            return float(value)
        if kind == "BOOLEAN":
            return value if isinstance(value, bool) else str(value).lower() == "true"
    except (TypeError, ValueError):
        raise RuleError(
            f"provider state expression '{expression}' gave {value!r}, which is not a {kind.lower()}; "
            "return a value of that type from the state handler or change the dataType"
        ) from None
    return value


@dataclass(frozen=True, slots=True)
class MockServerURL(Generator):
    """``example`` with the part matched before ``regex``'s first group replaced by the mock server's URL.

    Runs only for consumers; without a mock server URL in the context the example is kept.
    """

    TYPE: ClassVar[str] = "MockServerURL"
    modes: ClassVar[tuple[Mode, ...]] = ("consumer",)
    regex: str = ""
    example: str = ""

    def generate(self, context: Mapping[str, Any]) -> str:
        base = context.get("mockServerURL")
        server = context.get("mockServer")
        if base is None and isinstance(server, Mapping):
            base = server.get("href") or server.get("url")
        if not base:
            return self.example
        found = compile_pattern(self.regex).find(self.example)
        if found is None or not found[2] or found[2][0] is None:
            raise RuleError(
                f"MockServerURL regex /{self.regex}/ has no group matching the example '{self.example}'; "
                "put the path part in a group, e.g. .*(/orders/\\d+)$"
            )
        start, end, groups = found
        tail = groups[0] or ""
        url = str(base).rstrip("/") + ("" if tail.startswith("/") or not tail else "/") + tail
        return self.example[:start] + url + self.example[end:]

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> MockServerURL:
        regex = _str_field(data, "regex", path, required=True)
        example = _str_field(data, "example", path, required=True)
        assert regex is not None and example is not None
        compile_pattern(regex, path=path)
        return cls(regex, example)


GENERATORS: dict[str, type[Any]] = {
    cls.TYPE: cls
    for cls in (RandomInt, RandomDecimal, RandomHexadecimal, RandomString, Regex, Uuid, Date, Time, DateTime,
                RandomBoolean, ProviderStateGenerator, MockServerURL)
}
# Pact JSON keys whose attribute names differ.
_JSON_KEYS = {"data_type": "dataType"}


def from_json(data: Mapping[str, Any], *, path: str | None = None) -> Generator:
    """The generator for one Pact JSON object; RuleError naming ``path`` for a bad one."""
    if not isinstance(data, Mapping):
        raise RuleError(f"a generator must be a JSON object with a \"type\", got {data!r}", path=path)
    kind = data.get("type")
    cls = GENERATORS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise RuleError(
            f"generator type {kind!r} is unknown; use one of {', '.join(GENERATORS)}", path=path
        )
    generator: Generator = cls.from_data(data, path)
    return generator


def to_json(generator: Generator) -> dict[str, Any]:
    """The Pact JSON object for ``generator`` (fields left unset are left out)."""
    out: dict[str, Any] = {"type": generator.TYPE}
    for f in fields(generator):  # type: ignore[arg-type]
        value = getattr(generator, f.name)
        if value is not None:
            out[_JSON_KEYS.get(f.name, f.name)] = value
    return out


def apply_generators(contents: MessageContents, context: Mapping[str, Any], *, mode: Mode) -> MessageContents:
    """``contents`` with its body and metadata generators applied (a new object; the input is kept)."""
    changes: dict[str, Any] = {}
    body_generators = contents.generators_for("body")
    if body_generators and contents.body is not NO_BODY:
        body = copy.deepcopy(contents.body)
        for path, data in body_generators.items():
            generator = from_json(data, path=f"generators.body['{path}']")
            if generator.applies_in(mode):
                body = _replace_at(body, path, functools.partial(_generate, generator, context, path))
        changes["body"] = body
    metadata_generators = contents.generators_for("metadata")
    if metadata_generators:
        metadata = copy.deepcopy(dict(contents.metadata))
        for key, data in metadata_generators.items():
            generator = from_json(data, path=f"generators.metadata['{key}']")
            if not generator.applies_in(mode):
                continue
            if key in metadata:
                metadata[key] = _generate(generator, context, key)
            elif key.startswith("$"):
                metadata = _replace_at(metadata, key, functools.partial(_generate, generator, context, key))
        changes["metadata"] = metadata
    return replace(contents, **changes) if changes else contents


def _generate(generator: Generator, context: Mapping[str, Any], path: str) -> Any:
    try:
        return generator.generate(context)
    except RuleError as exc:
        if exc.path:
            raise
        raise RuleError(str(exc), path=path) from None


def _replace_at(document: Any, path: str, make: Callable[[], Any]) -> Any:
    """``document`` with every existing value at ``path`` replaced by a fresh ``make()``."""
    from pactspec.paths import parse_path

    segments = parse_path(path)
    if not segments:
        return make()
    _walk_replace(document, segments, make)
    return document


def _walk_replace(node: Any, segments: tuple[Any, ...], make: Callable[[], Any]) -> None:
    head, rest = segments[0], segments[1:]
    if isinstance(head, str):
        keys: list[Any] = [head] if isinstance(node, dict) and head in node else []
    elif isinstance(head, int):
        index = head if head >= 0 else (len(node) + head if isinstance(node, list) else head)
        keys = [index] if isinstance(node, list) and 0 <= index < len(node) else []
    elif isinstance(node, list):  # a wildcard over an array
        keys = list(range(len(node)))
    elif isinstance(node, dict) and not getattr(head, "index_only", False):
        keys = list(node)
    else:
        keys = []
    for key in keys:
        if rest:
            _walk_replace(node[key], rest, make)
        else:
            node[key] = make()
