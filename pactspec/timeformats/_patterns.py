"""Java ``DateTimeFormatter`` patterns, as Pact files carry them: strict matching and formatting.

:func:`java_pattern` compiles a pattern such as ``yyyy-MM-dd'T'HH:mm:ss.SSSXXX`` or
``EEE, dd MMM yyyy HH:mm:ss zzz`` once into a :class:`JavaDateTimeFormat` that

- **matches** text strictly: the text must be exactly in the pattern (widths, literals, English
  month and day names, case-sensitive as Java parses by default), and the fields must make a real
  moment: month 1-12, a day that exists in that month and year, hours in the letter's range,
  minutes and seconds 0-59, offsets within ±18:00, a day-of-week that agrees with the date;
- **formats** a ``datetime`` / ``date`` / ``time`` (for the Date/Time/DateTime generators).

Letters: G u y Y D M L d Q q w W E e c F a h K k H m s S A n N V z O X x Z, ``'quoted'`` and
``''`` literals, ``[optional]`` sections. Text is English (Java's default ``Locale.US`` reading).
Our regexes are built from fixed, bounded pieces (never from user regex text; the letters are
:mod:`pactspec.timeformats._letters`), and :func:`java_pattern` refuses long runs of adjacent
variable-width numbers (``dMdM…``), the one shape that would backtrack badly, so plain ``re`` is safe.

Without a format, :func:`default_format` accepts ISO 8601 as the reference implementations do:
``2024-01-31``, ``13:45:00[.123][+01:00]``, ``2024-01-31T13:45:00[.123456][Z|+01:00]``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pactspec.errors import RuleError
from pactspec.timeformats._letters import Value, letter_token

__all__ = [
    "DEFAULT_DATE",
    "DEFAULT_DATETIME",
    "DEFAULT_TIME",
    "JavaDateTimeFormat",
    "default_format",
    "java_pattern",
]

DEFAULT_DATE = "yyyy-MM-dd"
DEFAULT_TIME = "HH:mm:ss"
DEFAULT_DATETIME = "yyyy-MM-dd'T'HH:mm:ss"

Fields = dict[str, Any]


@dataclass(frozen=True, slots=True)
class JavaDateTimeFormat:
    """A compiled Java DateTimeFormatter pattern: :meth:`matches` strictly, :meth:`format`."""

    pattern: str
    _regex: re.Pattern[str] = field(repr=False)
    _readers: tuple[tuple[str, Callable[[str], Any]], ...] = field(repr=False)
    _writers: tuple[Any, ...] = field(repr=False)  # _Token or ("optional", tuple)

    def matches(self, text: str) -> bool:
        """Whether ``text`` is exactly in this pattern and names a real date / time."""
        return self.parse(text) is not None

    def parse(self, text: str) -> Fields | None:
        """The fields read from ``text`` (``{"year": 2024, "month": 1, …}``), or None."""
        if not isinstance(text, str):
            return None
        match = self._regex.fullmatch(text)
        if match is None:
            return None
        fields: Fields = {}
        for (name, read), raw in zip(self._readers, match.groups()):
            if raw is None:
                continue
            try:
                value = read(raw)
            except (ValueError, KeyError):
                return None
            if name in fields and fields[name] != value:
                return None
            fields[name] = value
        return fields if _valid(fields) else None

    def format(self, value: Value) -> str:
        """``value`` printed in this pattern; RuleError when the pattern needs a field it lacks."""
        return "".join(_write(self._writers, value, self.pattern, optional=False) or [])


def _write(tokens: tuple[Any, ...], value: Value, pattern: str, *, optional: bool) -> list[str] | None:
    out: list[str] = []
    for token in tokens:
        if isinstance(token, tuple):
            out.extend(_write(token[1], value, pattern, optional=True) or [])
            continue
        if isinstance(token, _Literal):
            out.append(token.regex_literal)
            continue
        assert token.write is not None
        try:
            out.append(token.write(value))
        except (AttributeError, TypeError):
            if optional:
                return None
            kind = type(value).__name__
            raise RuleError(
                f"date/time format '{pattern}' needs a {token.field} but was given a {kind}; "
                "use a format with only the fields a " + kind + " has"
            ) from None
    return out


def _valid(f: Fields) -> bool:
    checks = [
        ("month", 1, 12), ("day", 1, 31), ("day_of_year", 1, 366), ("hour", 0, 23), ("hour_1_12", 1, 12),
        ("hour_0_11", 0, 11), ("hour_1_24", 1, 24), ("minute", 0, 59), ("second", 0, 59),
        ("quarter", 1, 4), ("week_of_year", 1, 53), ("week_of_month", 0, 6), ("local_dow", 1, 7),
        ("aligned_week", 1, 5),
    ]
    for name, lo, hi in checks:
        if name in f and not lo <= f[name] <= hi:
            return False
    if "offset" in f and abs(f["offset"]) >= 18 * 3600 + 1:
        return False
    year = f.get("year")
    if year is None and "year_of_era" in f:
        year = f["year_of_era"] if f.get("era", 1) == 1 else 1 - f["year_of_era"]
    if "year_2" in f and year is None:
        year = 2000 + f["year_2"]
    leap_year = year if year is not None else 2000  # without a year, 29 February may exist
    month_year = leap_year if 1 <= leap_year <= 9999 else 2000
    if "month" in f and "day" in f and f["day"] > calendar.monthrange(month_year, f["month"])[1]:
        return False
    if "day_of_year" in f and f["day_of_year"] == 366 and year is not None and not calendar.isleap(year):
        return False
    if "quarter" in f and "month" in f and (f["month"] - 1) // 3 + 1 != f["quarter"]:
        return False
    if year is not None and 1 <= year <= 9999 and "month" in f and "day" in f:
        date = dt.date(year, f["month"], f["day"])
        if "day_of_week" in f and date.isoweekday() != f["day_of_week"]:
            return False
        if "day_of_year" in f and date.timetuple().tm_yday != f["day_of_year"]:
            return False
    return not ("ampm" in f and "hour" in f and (f["hour"] >= 12) != (f["ampm"] == 1))


@dataclass(frozen=True, slots=True)
class _Literal:
    regex_literal: str
    field: None = None
    write: None = None


def _tokenize(pattern: str) -> tuple[Any, ...]:
    """Split a pattern into letter tokens, literals and nested optional sections."""
    stack: list[list[Any]] = [[]]
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "'":
            end = i + 1
            text = []
            while True:
                if end >= len(pattern):
                    raise RuleError(f"date/time format '{pattern}' has an unclosed quote; close it with '")
                if pattern[end] == "'":
                    if end + 1 < len(pattern) and pattern[end + 1] == "'":
                        text.append("'")
                        end += 2
                        continue
                    break
                text.append(pattern[end])
                end += 1
            stack[-1].append(_Literal("".join(text) if end > i + 1 else "'"))
            i = end + 1
        elif ch == "[":
            stack.append([])
            i += 1
        elif ch == "]":
            if len(stack) == 1:
                raise RuleError(f"date/time format '{pattern}' closes an optional section it never opened")
            section = stack.pop()
            stack[-1].append(("optional", tuple(section)))
            i += 1
        elif ch in "{}#":
            raise RuleError(f"date/time format '{pattern}' uses '{ch}', which DateTimeFormatter reserves; quote it")
        elif ch.isascii() and ch.isalpha():
            count = 1
            while i + count < len(pattern) and pattern[i + count] == ch:
                count += 1
            if ch == "p":
                raise RuleError(f"date/time format '{pattern}' uses the pad letter 'p', which pactspec does not support")
            stack[-1].append(letter_token(ch, count, pattern))
            i += count
        else:
            stack[-1].append(_Literal(ch))
            i += 1
    if len(stack) != 1:
        raise RuleError(f"date/time format '{pattern}' has an unclosed optional section; close it with ]")
    return tuple(stack[0])


def _build(tokens: tuple[Any, ...], readers: list[tuple[str, Callable[[str], Any]]]) -> str:
    parts = []
    for token in tokens:
        if isinstance(token, tuple):
            parts.append(f"(?:{_build(token[1], readers)})?")
        elif isinstance(token, _Literal):
            parts.append(re.escape(token.regex_literal))
        else:
            assert token.field is not None and token.read is not None
            readers.append((token.field, token.read))
            parts.append(f"({token.regex})")
    return "".join(parts)


# Adjacent variable-width numbers (``dMdM…``) make the regex backtrack through every way of splitting
# the digits: beyond this many ways a contract's format could hang a run, so it is refused.
_MAX_SPLITS = 10_000
_WIDTHS = re.compile(r"\\d\{(\d+)(?:,(\d+))?\}")


def _check_ambiguity(pattern: str, tokens: tuple[Any, ...]) -> None:
    splits = 1
    for token in _flat(tokens):
        if isinstance(token, _Literal):
            splits = 1
            continue
        for low, high in _WIDTHS.findall(token.regex):
            splits *= int(high) - int(low) + 1 if high else 1
        if splits > _MAX_SPLITS:
            raise RuleError(
                f"date/time format '{pattern}' has number fields of varying width next to each other, "
                "so a value could be split between them in too many ways to check; put a separator "
                "between the fields or use fixed widths (e.g. 'dd' instead of 'd')"
            )


def _flat(tokens: tuple[Any, ...]) -> Any:
    for token in tokens:
        if isinstance(token, tuple):
            yield from _flat(token[1])
        else:
            yield token


@functools.lru_cache(maxsize=1024)
def java_pattern(pattern: str) -> JavaDateTimeFormat:
    """Compile a Java DateTimeFormatter pattern (cached); RuleError for a pattern Java would reject."""
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(
            f"a date/time format must be a non-empty string such as 'yyyy-MM-dd', got {pattern!r}"
        )
    tokens = _tokenize(pattern)
    _check_ambiguity(pattern, tokens)
    readers: list[tuple[str, Callable[[str], Any]]] = []
    regex = re.compile(_build(tokens, readers), re.ASCII)  # Java reads ASCII digits only, not "２０２１"
    return JavaDateTimeFormat(pattern, regex, tuple(readers), tokens)


_ISO = {
    "date": "yyyy-MM-dd",
    "time": "HH:mm[:ss[.SSSSSSSSS][.SSSSSS][.SSS][.SS][.S]][XXXXX]",
    "datetime": "yyyy-MM-dd'T'HH:mm[:ss[.SSSSSSSSS][.SSSSSS][.SSS][.SS][.S]][XXXXX]",
}


@functools.lru_cache(maxsize=8)
def default_format(kind: Literal["date", "time", "datetime"]) -> JavaDateTimeFormat:
    """The format for a rule or generator without one.

    Matching accepts ISO 8601 (fraction and offset optional); formatting writes ``yyyy-MM-dd``,
    ``HH:mm:ss`` or ``yyyy-MM-dd'T'HH:mm:ss``.
    """
    lenient = java_pattern(_ISO[kind])
    strict = java_pattern({"date": DEFAULT_DATE, "time": DEFAULT_TIME, "datetime": DEFAULT_DATETIME}[kind])
    return JavaDateTimeFormat(strict.pattern, lenient._regex, lenient._readers, strict._writers)
