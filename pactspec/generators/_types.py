"""The Pact generator classes that make values on their own: random numbers and text, regex, UUID,
date / time / datetime and boolean; plus the :class:`Generator` base every generator shares.

The generators that need the run's context (provider state, mock server) are in
:mod:`pactspec.generators._context`; the registry and applying generators to a message are
:mod:`pactspec.generators._apply`.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import string
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Literal

from pactspec.errors import RuleError
from pactspec.regex import compile_pattern
from pactspec.timeformats import (
    default_format,
    evaluate_date,
    evaluate_datetime,
    evaluate_time,
    java_pattern,
    parse_date_part,
    parse_time_part,
)

__all__ = [
    "MAX_GENERATED_LENGTH",
    "UUID_FORMATS",
    "Date",
    "DateTime",
    "Generator",
    "Mode",
    "RandomBoolean",
    "RandomDecimal",
    "RandomHexadecimal",
    "RandomInt",
    "RandomString",
    "Regex",
    "Time",
    "Uuid",
    "int_field",
    "now",
    "random_text",
    "rng",
    "str_field",
]

Mode = Literal["consumer", "provider"]
_RNG = random.SystemRandom()
UUID_FORMATS = ("simple", "lower-case-hyphenated", "upper-case-hyphenated", "URN")


def rng(context: Mapping[str, Any]) -> random.Random:
    chosen = context.get("random")
    return chosen if isinstance(chosen, random.Random) else _RNG


def now(context: Mapping[str, Any]) -> dt.datetime:
    now = context.get("now")
    if isinstance(now, dt.datetime):
        return now if now.tzinfo is not None else now.astimezone()
    return dt.datetime.now().astimezone()


def random_text(context: Mapping[str, Any], alphabet: str, count: int | None) -> str:
    """``count`` (default 10) characters drawn from ``alphabet``."""
    return "".join(rng(context).choices(alphabet, k=10 if count is None else count))


@dataclass(frozen=True, slots=True)
class Generator:
    """A Pact generator: ``generate(context)`` gives a value; ``TYPE`` is its Pact ``type`` name.

    ``source`` is the Pact JSON it was read from, which :meth:`to_json` writes back as it was (a
    generator may carry keys pactspec does not model, or numbers written as strings).
    """

    TYPE: ClassVar[str]
    modes: ClassVar[tuple[Mode, ...]] = ("consumer", "provider")
    source: Mapping[str, Any] | None = field(default=None, kw_only=True, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The Pact JSON object: the source as read, else the fields that are set."""
        if self.source is not None:
            return dict(self.source)
        out: dict[str, Any] = {"type": self.TYPE}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None and f.name != "source":
                out[_JSON_KEYS.get(f.name, f.name)] = value
        return out

    def generate(self, context: Mapping[str, Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def applies_in(self, mode: Mode) -> bool:
        """Whether this generator runs in ``mode`` (the others keep the contract's example)."""
        return mode in self.modes


# Pact JSON keys whose attribute names differ.
_JSON_KEYS = {"data_type": "dataType"}

# Sizes a generator may ask for: a contract's example is a message, and a size from another team's
# pact must not make a run build gigabytes of text.
MAX_GENERATED_LENGTH = 100_000


def int_field(data: Mapping[str, Any], key: str, path: str | None, *, minimum: int | None = None,
              maximum: int | None = None) -> int | None:
    if key not in data:
        return None
    value = data[key]
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        value = int(value)  # pact-jvm once wrote numbers as strings
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleError(f"generator field '{key}' must be a whole number, got {value!r}", path=path)
    if minimum is not None and value < minimum:
        raise RuleError(f"generator field '{key}' must be at least {minimum}, got {value}", path=path)
    if maximum is not None and value > maximum:
        raise RuleError(f"generator field '{key}' must be at most {maximum:,}, got {value:,}; a message example "
                        "that long is a mistake", path=path)
    return value


def str_field(data: Mapping[str, Any], key: str, path: str | None, *, required: bool = False) -> str | None:
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
        return rng(context).randint(low, max(low, high))

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> RandomInt:
        low, high = int_field(data, "min", path), int_field(data, "max", path)
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
        chosen = rng(context)
        count = 10 if self.digits is None else self.digits
        if count == 1:
            return f"{chosen.randint(0, 9)}.0"
        digits = str(chosen.randint(1, 9)) + random_text(context, string.digits, count - 1)
        point = chosen.randint(1, count - 1)
        return f"{digits[:point]}.{digits[point:]}"

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> RandomDecimal:
        # 300: the value is a float (beyond ~308 digits before the point it would be infinite, not JSON)
        return cls(int_field(data, "digits", path, minimum=1, maximum=300))


@dataclass(frozen=True, slots=True)
class RandomHexadecimal(Generator):
    """A random lower-case hexadecimal string of ``digits`` characters (default 10)."""

    TYPE: ClassVar[str] = "RandomHexadecimal"
    digits: int | None = None

    def generate(self, context: Mapping[str, Any]) -> str:
        return random_text(context, "0123456789abcdef", self.digits)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> RandomHexadecimal:
        return cls(int_field(data, "digits", path, minimum=1, maximum=MAX_GENERATED_LENGTH))


@dataclass(frozen=True, slots=True)
class RandomString(Generator):
    """A random alphanumeric string of ``size`` characters (default 10)."""

    TYPE: ClassVar[str] = "RandomString"
    size: int | None = None

    def generate(self, context: Mapping[str, Any]) -> str:
        return random_text(context, string.ascii_letters + string.digits, self.size)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> RandomString:
        return cls(int_field(data, "size", path, minimum=0, maximum=MAX_GENERATED_LENGTH))


@dataclass(frozen=True, slots=True)
class Regex(Generator):
    """A random string that ``regex`` fully matches."""

    TYPE: ClassVar[str] = "Regex"
    regex: str = ""

    def generate(self, context: Mapping[str, Any]) -> str:
        return compile_pattern(self.regex).generate(rng(context))

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> Regex:
        regex = str_field(data, "regex", path, required=True)
        assert regex is not None
        size = compile_pattern(regex, path=path).example_size
        if size > MAX_GENERATED_LENGTH:
            # Checked when the generator is read, before anything is drawn: one repeat count from
            # another team's pact must not make a run build gigabytes of text.
            raise RuleError(f"the Regex generator /{regex}/ asks for up to {size:,} characters; the limit is "
                            f"{MAX_GENERATED_LENGTH:,}, so lower its repeat counts", path=path)
        return cls(regex)


@dataclass(frozen=True, slots=True)
class Uuid(Generator):
    """A random UUID in ``format``: simple, lower-case-hyphenated (default), upper-case-hyphenated, URN."""

    TYPE: ClassVar[str] = "Uuid"
    format: str | None = None

    def generate(self, context: Mapping[str, Any]) -> str:
        value = uuid.UUID(int=rng(context).getrandbits(128), version=4)
        if self.format == "simple":
            return value.hex
        if self.format == "upper-case-hyphenated":
            return str(value).upper()
        if self.format == "URN":
            return value.urn
        return str(value)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> Uuid:
        fmt = str_field(data, "format", path)
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
        return evaluate(self.expression, now(context))

    def generate(self, context: Mapping[str, Any]) -> str:
        formatter = java_pattern(self.format) if self.format else default_format(self.KIND)
        return formatter.format(self.moment(context))

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> _Temporal:
        fmt = str_field(data, "format", path)
        expression = str_field(data, "expression", path)
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
        return rng(context).random() < 0.5

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | None) -> RandomBoolean:
        return cls()
