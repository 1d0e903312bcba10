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
Our regexes are built here from fixed, bounded pieces (never from user regex text), so plain
``re`` is safe.

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

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_ZONE_NAMES = {
    "UTC": "Coordinated Universal Time", "GMT": "Greenwich Mean Time", "CET": "Central European Time",
    "CEST": "Central European Summer Time", "EST": "Eastern Standard Time", "EDT": "Eastern Daylight Time",
    "PST": "Pacific Standard Time", "PDT": "Pacific Daylight Time", "BST": "British Summer Time",
}
_SIGNED_OFFSET = re.compile(r"([+-])(\d{1,2}):?(\d{2})?:?(\d{2})?$")

Value = dt.datetime | dt.date | dt.time
Fields = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Token:
    """One piece of a pattern: its regex, how to read the matched text, how to print a value."""

    regex: str
    field: str | None = None  # name of the value it carries, None for literals
    read: Callable[[str], Any] | None = None
    write: Callable[[Value], str] | None = None


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


def _num(width_min: int, width_max: int) -> str:
    return rf"\d{{{width_min}}}" if width_min == width_max else rf"\d{{{width_min},{width_max}}}"


def _text(names: list[str]) -> str:
    return "(?:" + "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True)) + ")"


def _offset_seconds(raw: str) -> int:
    if raw in ("Z", "GMT", "UTC"):
        return 0
    raw = raw.removeprefix("GMT").removeprefix("UTC")
    m = _SIGNED_OFFSET.match(raw)
    if not m:
        raise ValueError(raw)
    sign, hours, minutes, seconds = m.groups()
    if len(hours) == 1 and minutes is not None and ":" not in raw:
        raise ValueError(raw)
    if int(minutes or 0) > 59 or int(seconds or 0) > 59:
        raise ValueError(raw)
    total = int(hours) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    return -total if sign == "-" else total


def _offset_of(value: Value) -> dt.timedelta:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo is not None else value.astimezone()
        offset = aware.utcoffset()
    elif isinstance(value, dt.time) and value.tzinfo is not None:
        offset = value.utcoffset()
    else:
        raise AttributeError("offset")
    assert offset is not None
    return offset


def _render_offset(value: Value, *, colon: bool, seconds: bool, minutes: Literal["always", "optional"],
                   zero: str | None) -> str:
    total = int(_offset_of(value).total_seconds())
    if total == 0 and zero is not None:
        return zero
    sign = "-" if total < 0 else "+"
    total = abs(total)
    hh, mm, ss = total // 3600, total // 60 % 60, total % 60
    sep = ":" if colon else ""
    text = f"{sign}{hh:02d}"
    if minutes == "always" or mm or ss:
        text += f"{sep}{mm:02d}"
    if seconds and ss:
        text += f"{sep}{ss:02d}"
    return text


def _gmt_offset(value: Value, *, short: bool) -> str:
    total = int(_offset_of(value).total_seconds())
    if total == 0:
        return "GMT"
    sign = "-" if total < 0 else "+"
    hh, mm = abs(total) // 3600, abs(total) // 60 % 60
    if short:
        return f"GMT{sign}{hh}" + (f":{mm:02d}" if mm else "")
    return f"GMT{sign}{hh:02d}:{mm:02d}"


def _zone_abbreviation(value: Value) -> str:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo is not None else value.astimezone()
        name = aware.tzname() or ""
    elif isinstance(value, dt.time) and value.tzinfo is not None:
        name = value.tzname() or ""
    else:
        raise AttributeError("zone")
    return name if re.fullmatch(r"[A-Z]{2,5}", name) else _gmt_offset(value, short=False)


def _zone_id(value: Value) -> str:
    if not isinstance(value, dt.datetime):
        raise AttributeError("zone")  # noqa: TRY004 - _write turns AttributeError into "needs a zone"
    aware = value if value.tzinfo is not None else value.astimezone()
    key = getattr(aware.tzinfo, "key", None)
    if key:
        return str(key)
    return "Z" if aware.utcoffset() == dt.timedelta(0) else _render_offset(
        aware, colon=True, seconds=False, minutes="always", zero="Z")


def _valid_zone_id(raw: str) -> str:
    if raw in ("Z", "UTC", "GMT") or raw.startswith(("+", "-", "UTC+", "UTC-", "GMT+", "GMT-")):
        if raw not in ("Z", "UTC", "GMT"):
            _offset_seconds(raw)
        return raw
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(raw)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(raw) from exc
    return raw


def _fraction(count: int) -> _Token:
    def write(v: Value) -> str:
        return f"{v.microsecond:06d}000"[:count]  # type: ignore[union-attr]

    return _Token(_num(count, count), "nano", lambda s: int((s + "000000000")[:9]), write)


def _letter_token(letter: str, count: int, pattern: str) -> _Token:
    def bad() -> RuleError:
        return RuleError(
            f"date/time format '{pattern}' has {letter * count}, which is too many '{letter}' letters; "
            "see the letters of java.time.format.DateTimeFormatter"
        )

    def number(name: str, attr: Callable[[Any], int], max_width: int, max_count: int = 2) -> _Token:
        if count > max_count:
            raise bad()
        width_min = count
        width_max = max_width if count == 1 else count
        return _Token(_num(width_min, width_max), name, int, lambda v: f"{attr(v):0{count}d}")

    if letter in "yu":
        name = "year_of_era" if letter == "y" else "year"
        if count == 2:
            return _Token(r"\d{2}", "year_2", int, lambda v: f"{v.year % 100:02d}")  # type: ignore[union-attr]
        regex = r"\d{1,9}" if count == 1 else (rf"(?:\d{{{count}}}|\+\d{{{count + 1},9}})" if count >= 4
                                               else rf"\d{{{count},9}}")
        return _Token(regex, name, lambda s: int(s.lstrip("+")),
                      lambda v: f"{v.year:0{count}d}")  # type: ignore[union-attr]
    if letter == "Y":
        if count == 2:
            return _Token(r"\d{2}", "week_year_2", int,
                          lambda v: f"{v.isocalendar()[0] % 100:02d}")  # type: ignore[union-attr]
        return _Token(rf"\d{{{count},9}}" if count != 1 else r"\d{1,9}", "week_year", int,
                      lambda v: f"{v.isocalendar()[0]:0{count}d}")  # type: ignore[union-attr]
    if letter in "ML":
        if count <= 2:
            return number("month", lambda v: v.month, 2)
        if count == 3:
            return _Token(_text([m[:3] for m in MONTHS]), "month", lambda s: [m[:3] for m in MONTHS].index(s) + 1,
                          lambda v: MONTHS[v.month - 1][:3])  # type: ignore[union-attr]
        if count == 4:
            return _Token(_text(MONTHS), "month", lambda s: MONTHS.index(s) + 1,
                          lambda v: MONTHS[v.month - 1])  # type: ignore[union-attr]
        if count == 5:
            return _Token("[JFMASOND]", "month_letter", str, lambda v: MONTHS[v.month - 1][0])  # type: ignore[union-attr]
        raise bad()
    if letter == "d":
        return number("day", lambda v: v.day, 2)
    if letter == "D":
        if count > 3:
            raise bad()
        return _Token(_num(count, 3), "day_of_year", int,
                      lambda v: f"{v.timetuple().tm_yday:0{count}d}")  # type: ignore[union-attr]
    if letter in "Qq":
        if count <= 2:
            return number("quarter", lambda v: (v.month - 1) // 3 + 1, 1)
        if count == 3:
            return _Token("Q[1-4]", "quarter", lambda s: int(s[1]),
                          lambda v: f"Q{(v.month - 1) // 3 + 1}")  # type: ignore[union-attr]
        if count == 4:
            names = ["1st quarter", "2nd quarter", "3rd quarter", "4th quarter"]
            return _Token(_text(names), "quarter", lambda s: names.index(s) + 1,
                          lambda v: names[(v.month - 1) // 3])  # type: ignore[union-attr]
        raise bad()
    if letter == "w":
        return number("week_of_year", lambda v: v.isocalendar()[1], 2)
    if letter == "W":
        return number("week_of_month", lambda v: (v.day - 1 + dt.date(v.year, v.month, 1).weekday()) // 7 + 1, 1, 1)
    if letter == "F":
        return number("aligned_week", lambda v: (v.day - 1) // 7 + 1, 1, 1)
    if letter in "Eec":
        if letter in "ec" and count <= 2:
            return number("local_dow", lambda v: v.isoweekday() % 7 + 1, 1)
        if count <= 3:
            short = [d[:3] for d in DAYS]
            return _Token(_text(short), "day_of_week", lambda s: short.index(s) + 1,
                          lambda v: short[v.weekday()])  # type: ignore[union-attr]
        if count == 4:
            return _Token(_text(DAYS), "day_of_week", lambda s: DAYS.index(s) + 1,
                          lambda v: DAYS[v.weekday()])  # type: ignore[union-attr]
        if count == 5:
            return _Token("[MTWFS]", "day_letter", str, lambda v: DAYS[v.weekday()][0])  # type: ignore[union-attr]
        raise bad()
    if letter == "a":
        if count > 1:
            raise bad()
        return _Token("(?:AM|PM)", "ampm", lambda s: 0 if s == "AM" else 1,
                      lambda v: "AM" if v.hour < 12 else "PM")  # type: ignore[union-attr]
    if letter == "G":
        if count <= 3:
            return _Token("(?:AD|BC)", "era", lambda s: 1 if s == "AD" else 0, lambda v: "AD")
        if count == 4:
            return _Token("(?:Anno Domini|Before Christ)", "era", lambda s: 1 if s[0] == "A" else 0,
                          lambda v: "Anno Domini")
        if count == 5:
            return _Token("[AB]", "era", lambda s: 1 if s == "A" else 0, lambda v: "A")
        raise bad()
    if letter == "H":
        return number("hour", lambda v: v.hour, 2)
    if letter == "k":
        return number("hour_1_24", lambda v: v.hour or 24, 2)
    if letter == "h":
        return number("hour_1_12", lambda v: v.hour % 12 or 12, 2)
    if letter == "K":
        return number("hour_0_11", lambda v: v.hour % 12, 2)
    if letter == "m":
        return number("minute", lambda v: v.minute, 2)
    if letter == "s":
        return number("second", lambda v: v.second, 2)
    if letter == "S":
        if count > 9:
            raise bad()
        return _fraction(count)
    if letter in "AN":
        name = "milli_of_day" if letter == "A" else "nano_of_day"

        def of_day(v: Any) -> str:
            millis = ((v.hour * 60 + v.minute) * 60 + v.second) * 1000 + v.microsecond // 1000
            amount = millis if letter == "A" else millis * 1_000_000 + v.microsecond % 1000 * 1000
            return f"{amount:0{count}d}"

        return _Token(rf"\d{{{count},19}}", name, int, of_day)
    if letter == "n":
        return _Token(rf"\d{{{count},9}}", "nano_value", int,
                      lambda v: f"{v.microsecond * 1000:0{count}d}")  # type: ignore[union-attr]
    if letter == "V":
        if count != 2:
            raise RuleError(f"date/time format '{pattern}' has {letter * count}; the zone ID is written VV")
        return _Token(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*|Z|[+-]\d{2}:\d{2}", "zone_id",
                      _valid_zone_id, _zone_id)
    if letter == "z":
        if count <= 3:
            return _Token(r"[A-Z]{2,5}|GMT[+-]\d{2}:\d{2}", "zone_name", str, _zone_abbreviation)
        if count == 4:
            return _Token(r"[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)*", "zone_name", str,
                          lambda v: _ZONE_NAMES.get(_zone_abbreviation(v), _zone_abbreviation(v)))
        raise bad()
    if letter == "O":
        if count == 1:
            return _Token(r"GMT(?:[+-]\d{1,2}(?::\d{2}(?::\d{2})?)?)?", "offset", _offset_seconds,
                          lambda v: _gmt_offset(v, short=True))
        if count == 4:
            return _Token(r"GMT(?:[+-]\d{2}:\d{2}(?::\d{2})?)?", "offset", _offset_seconds,
                          lambda v: _gmt_offset(v, short=False))
        raise bad()
    if letter in "Xx":
        zero = "Z" if letter == "X" else None
        shapes = {
            1: (r"[+-]\d{2}(?:\d{2})?", {"colon": False, "seconds": False, "minutes": "optional"}),
            2: (r"[+-]\d{4}", {"colon": False, "seconds": False, "minutes": "always"}),
            3: (r"[+-]\d{2}:\d{2}", {"colon": True, "seconds": False, "minutes": "always"}),
            4: (r"[+-]\d{4}(?:\d{2})?", {"colon": False, "seconds": True, "minutes": "always"}),
            5: (r"[+-]\d{2}:\d{2}(?::\d{2})?", {"colon": True, "seconds": True, "minutes": "always"}),
        }
        if count not in shapes:
            raise bad()
        regex, style = shapes[count]
        if zero:
            regex = f"Z|{regex}"
        return _Token(f"(?:{regex})", "offset", _offset_seconds,
                      lambda v: _render_offset(v, zero=zero, **style))  # type: ignore[arg-type]
    if letter == "Z":
        if count <= 3:
            return _Token(r"[+-]\d{4}", "offset", _offset_seconds,
                          lambda v: _render_offset(v, colon=False, seconds=False, minutes="always", zero=None))
        if count == 4:
            return _Token(r"GMT(?:[+-]\d{2}:\d{2})?", "offset", _offset_seconds,
                          lambda v: _gmt_offset(v, short=False))
        if count == 5:
            return _Token(r"Z|[+-]\d{2}:\d{2}(?::\d{2})?", "offset", _offset_seconds,
                          lambda v: _render_offset(v, colon=True, seconds=True, minutes="always", zero="Z"))
        raise bad()
    raise RuleError(
        f"date/time format '{pattern}' uses the letter '{letter}', which DateTimeFormatter does not define; "
        "quote literal text as 'text'"
    )


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
            stack[-1].append(_letter_token(ch, count, pattern))
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
    regex = re.compile(_build(tokens, readers))
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
