"""What each Java ``DateTimeFormatter`` pattern letter means: its regex, how to read the matched
text into a field, and how to print a value (used by :mod:`pactspec.timeformats._patterns`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pactspec.errors import RuleError

__all__ = ["DAYS", "MONTHS", "Token", "Value", "letter_token"]

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


@dataclass(frozen=True, slots=True)
class Token:
    """One piece of a pattern: its regex, how to read the matched text, how to print a value."""

    regex: str
    field: str | None = None  # name of the value it carries, None for literals
    read: Callable[[str], Any] | None = None
    write: Callable[[Value], str] | None = None




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


def _fraction(count: int) -> Token:
    def write(v: Value) -> str:
        return f"{v.microsecond:06d}000"[:count]  # type: ignore[union-attr]

    return Token(_num(count, count), "nano", lambda s: int((s + "000000000")[:9]), write)


def letter_token(letter: str, count: int, pattern: str) -> Token:
    def bad() -> RuleError:
        return RuleError(
            f"date/time format '{pattern}' has {letter * count}, which is too many '{letter}' letters; "
            "see the letters of java.time.format.DateTimeFormatter"
        )

    def number(name: str, attr: Callable[[Any], int], max_width: int, max_count: int = 2) -> Token:
        if count > max_count:
            raise bad()
        width_min = count
        width_max = max_width if count == 1 else count
        return Token(_num(width_min, width_max), name, int, lambda v: f"{attr(v):0{count}d}")

    if letter in "yu":
        name = "year_of_era" if letter == "y" else "year"
        if count == 2:
            return Token(r"\d{2}", "year_2", int, lambda v: f"{v.year % 100:02d}")  # type: ignore[union-attr]
        regex = r"\d{1,9}" if count == 1 else (rf"(?:\d{{{count}}}|\+\d{{{count + 1},9}})" if count >= 4
                                               else rf"\d{{{count},9}}")
        return Token(regex, name, lambda s: int(s.lstrip("+")),
                      lambda v: f"{v.year:0{count}d}")  # type: ignore[union-attr]
    if letter == "Y":
        if count == 2:
            return Token(r"\d{2}", "week_year_2", int,
                          lambda v: f"{v.isocalendar()[0] % 100:02d}")  # type: ignore[union-attr]
        return Token(rf"\d{{{count},9}}" if count != 1 else r"\d{1,9}", "week_year", int,
                      lambda v: f"{v.isocalendar()[0]:0{count}d}")  # type: ignore[union-attr]
    if letter in "ML":
        if count <= 2:
            return number("month", lambda v: v.month, 2)
        if count == 3:
            return Token(_text([m[:3] for m in MONTHS]), "month", lambda s: [m[:3] for m in MONTHS].index(s) + 1,
                          lambda v: MONTHS[v.month - 1][:3])  # type: ignore[union-attr]
        if count == 4:
            return Token(_text(MONTHS), "month", lambda s: MONTHS.index(s) + 1,
                          lambda v: MONTHS[v.month - 1])  # type: ignore[union-attr]
        if count == 5:
            return Token("[JFMASOND]", "month_letter", str, lambda v: MONTHS[v.month - 1][0])  # type: ignore[union-attr]
        raise bad()
    if letter == "d":
        return number("day", lambda v: v.day, 2)
    if letter == "D":
        if count > 3:
            raise bad()
        return Token(_num(count, 3), "day_of_year", int,
                      lambda v: f"{v.timetuple().tm_yday:0{count}d}")  # type: ignore[union-attr]
    if letter in "Qq":
        if count <= 2:
            return number("quarter", lambda v: (v.month - 1) // 3 + 1, 1)
        if count == 3:
            return Token("Q[1-4]", "quarter", lambda s: int(s[1]),
                          lambda v: f"Q{(v.month - 1) // 3 + 1}")  # type: ignore[union-attr]
        if count == 4:
            names = ["1st quarter", "2nd quarter", "3rd quarter", "4th quarter"]
            return Token(_text(names), "quarter", lambda s: names.index(s) + 1,
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
            return Token(_text(short), "day_of_week", lambda s: short.index(s) + 1,
                          lambda v: short[v.weekday()])  # type: ignore[union-attr]
        if count == 4:
            return Token(_text(DAYS), "day_of_week", lambda s: DAYS.index(s) + 1,
                          lambda v: DAYS[v.weekday()])  # type: ignore[union-attr]
        if count == 5:
            return Token("[MTWFS]", "day_letter", str, lambda v: DAYS[v.weekday()][0])  # type: ignore[union-attr]
        raise bad()
    if letter == "a":
        if count > 1:
            raise bad()
        return Token("(?:AM|PM)", "ampm", lambda s: 0 if s == "AM" else 1,
                      lambda v: "AM" if v.hour < 12 else "PM")  # type: ignore[union-attr]
    if letter == "G":
        if count <= 3:
            return Token("(?:AD|BC)", "era", lambda s: 1 if s == "AD" else 0, lambda v: "AD")
        if count == 4:
            return Token("(?:Anno Domini|Before Christ)", "era", lambda s: 1 if s[0] == "A" else 0,
                          lambda v: "Anno Domini")
        if count == 5:
            return Token("[AB]", "era", lambda s: 1 if s == "A" else 0, lambda v: "A")
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

        return Token(rf"\d{{{count},19}}", name, int, of_day)
    if letter == "n":
        return Token(rf"\d{{{count},9}}", "nano_value", int,
                      lambda v: f"{v.microsecond * 1000:0{count}d}")  # type: ignore[union-attr]
    if letter == "V":
        if count != 2:
            raise RuleError(f"date/time format '{pattern}' has {letter * count}; the zone ID is written VV")
        return Token(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*|Z|[+-]\d{2}:\d{2}", "zone_id",
                      _valid_zone_id, _zone_id)
    if letter == "z":
        if count <= 3:
            return Token(r"[A-Z]{2,5}|GMT[+-]\d{2}:\d{2}", "zone_name", str, _zone_abbreviation)
        if count == 4:
            return Token(r"[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)*", "zone_name", str,
                          lambda v: _ZONE_NAMES.get(_zone_abbreviation(v), _zone_abbreviation(v)))
        raise bad()
    if letter == "O":
        if count == 1:
            return Token(r"GMT(?:[+-]\d{1,2}(?::\d{2}(?::\d{2})?)?)?", "offset", _offset_seconds,
                          lambda v: _gmt_offset(v, short=True))
        if count == 4:
            return Token(r"GMT(?:[+-]\d{2}:\d{2}(?::\d{2})?)?", "offset", _offset_seconds,
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
        return Token(f"(?:{regex})", "offset", _offset_seconds,
                      lambda v: _render_offset(v, zero=zero, **style))  # type: ignore[arg-type]
    if letter == "Z":
        if count <= 3:
            return Token(r"[+-]\d{4}", "offset", _offset_seconds,
                          lambda v: _render_offset(v, colon=False, seconds=False, minutes="always", zero=None))
        if count == 4:
            return Token(r"GMT(?:[+-]\d{2}:\d{2})?", "offset", _offset_seconds,
                          lambda v: _gmt_offset(v, short=False))
        if count == 5:
            return Token(r"Z|[+-]\d{2}:\d{2}(?::\d{2})?", "offset", _offset_seconds,
                          lambda v: _render_offset(v, colon=True, seconds=True, minutes="always", zero="Z"))
        raise bad()
    raise RuleError(
        f"date/time format '{pattern}' uses the letter '{letter}', which DateTimeFormatter does not define; "
        "quote literal text as 'text'"
    )
