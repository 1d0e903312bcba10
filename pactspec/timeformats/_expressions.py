"""Pact's date / time expression language, used by the Date, Time and DateTime generators.

The grammar and meaning follow pact-reference (``pact_models`` date/time expression parsers) and
pact-jvm. A date-time expression is ``<date part> @ <time part>``; either part may be left out.

Date part::

    (now | today | yesterday | tomorrow) (('+' | '-') INT unit)*     unit: day(s) week(s) month(s) year(s)
    ('+' | '-') INT unit (…)*
    (next | last) (day | week | fortnight | month | year | monday…sunday | january…december) (…)*

Time part::

    (now | midnight | noon | INT o'clock [am | pm]) (('+' | '-') INT tunit)*
    (next | last) (hour | minute | second | millisecond) (…)*    tunit: hour(s) minute(s) second(s) millisecond(s)

Examples from 2000-01-01 10:00: ``+ 1 day @ noon`` → 2000-01-02 12:00, ``next monday`` →
2000-01-03, ``last month @ last hour`` → 1999-12-01 09:00, ``next jan`` → 2001-01-01,
``tomorrow + 4 years @ 3 o'clock + 40 milliseconds`` → 2004-01-02 15:00:00.040.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from pactspec.errors import RuleError

__all__ = ["evaluate_date", "evaluate_datetime", "evaluate_time", "parse_date_part", "parse_time_part"]

_TOKEN = re.compile(r"\s*(?:(?P<op>[+-])|(?P<int>\d+)|(?P<word>o'clock|[a-z]+)|(?P<bad>\S))")
_WEEKDAYS = {"mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
             "thu": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5,
             "sun": 6, "sunday": 6}
_MONTHS = {name: i for i, (short, full) in enumerate(
    zip(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        ["january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"]), start=1) for name in (short, full)}
_DATE_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
               "months": "month", "year": "year", "years": "year"}
_TIME_UNITS = {"hour": "hour", "hours": "hour", "minute": "minute", "minutes": "minute", "second": "second",
               "seconds": "second", "millisecond": "millisecond", "milliseconds": "millisecond"}
_TIME_STEPS = {"hour": dt.timedelta(hours=1), "minute": dt.timedelta(minutes=1), "second": dt.timedelta(seconds=1),
               "millisecond": dt.timedelta(milliseconds=1)}


@dataclass(frozen=True, slots=True)
class _Adjustment:
    sign: int  # +1 or -1
    amount: int
    unit: str  # day week month year | weekday:N | month:N | hour minute second millisecond


@dataclass(frozen=True, slots=True)
class _Parsed:
    base: str  # now today yesterday tomorrow | midnight noon | am:H pm:H next:H
    adjustments: tuple[_Adjustment, ...]


def _tokens(expression: str, kind: str) -> list[tuple[str, str, int]]:
    out = []
    pos = 0
    text = expression.lower()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:  # only trailing whitespace is left
            break
        if match.group("bad"):
            raise _error(expression, kind, "a word, a number, + or -", match.start("bad"))
        key = next(k for k in ("op", "int", "word") if match.group(k))
        out.append((key, match.group(key), match.start(key)))
        pos = match.end()
    return out


def _error(expression: str, kind: str, expected: str, pos: int | None) -> RuleError:
    where = f" at position {pos + 1}" if pos is not None else " at the end"
    example = "'+ 1 day', 'next monday' or 'tomorrow'" if kind == "date" else "'+ 1 hour', 'noon' or '3 o'clock pm'"
    return RuleError(f"{kind} expression '{expression}' expected {expected}{where}; write e.g. {example}")


class _Reader:
    def __init__(self, expression: str, kind: str) -> None:
        self.expression = expression
        self.kind = kind
        self.tokens = _tokens(expression, kind)
        self.i = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, expected: str) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise _error(self.expression, self.kind, expected, None)
        self.i += 1
        return token

    def fail(self, expected: str, token: tuple[str, str, int] | None) -> RuleError:
        return _error(self.expression, self.kind, expected, token[2] if token else None)

    def adjustments(self, units: dict[str, str], unit_words: str) -> list[_Adjustment]:
        out = []
        while (token := self.peek()) is not None:
            if token[0] != "op":
                raise self.fail("+ or -", token)
            self.i += 1
            number = self.take("a number")
            if number[0] != "int":
                raise self.fail("a number", number)
            unit = self.take(unit_words)
            if unit[1] not in units:
                raise self.fail(unit_words, unit)
            out.append(_Adjustment(1 if token[1] == "+" else -1, int(number[1]), units[unit[1]]))
        return out


@functools.lru_cache(maxsize=512)
def parse_date_part(expression: str) -> _Parsed:
    """Parse the date part of an expression; RuleError saying what was expected where."""
    reader = _Reader(expression, "date")
    base = "now"
    adjustments: list[_Adjustment] = []
    first = reader.peek()
    if first is None:
        return _Parsed(base, ())
    if first[0] == "word" and first[1] in ("now", "today", "yesterday", "tomorrow"):
        base = first[1]
        reader.i += 1
    elif first[0] == "word" and first[1] in ("next", "last"):
        reader.i += 1
        offset = reader.take("day, week, fortnight, month, year, a weekday or a month name")
        sign = 1 if first[1] == "next" else -1
        word = offset[1]
        if word in ("day", "week", "month", "year"):
            adjustments.append(_Adjustment(sign, 1, word))
        elif word == "fortnight":
            adjustments.append(_Adjustment(sign, 2, "week"))
        elif word in _WEEKDAYS:
            adjustments.append(_Adjustment(sign, 1, f"weekday:{_WEEKDAYS[word]}"))
        elif word in _MONTHS:
            adjustments.append(_Adjustment(sign, 1, f"month:{_MONTHS[word]}"))
        else:
            raise reader.fail("day, week, fortnight, month, year, a weekday or a month name", offset)
    elif first[0] != "op":
        raise reader.fail("one of now, today, yesterday, tomorrow, +, -, next or last", first)
    adjustments.extend(reader.adjustments(_DATE_UNITS, "day(s), week(s), month(s) or year(s)"))
    return _Parsed(base, tuple(adjustments))


@functools.lru_cache(maxsize=512)
def parse_time_part(expression: str) -> _Parsed:
    """Parse the time part of an expression; RuleError saying what was expected where."""
    reader = _Reader(expression, "time")
    base = "now"
    adjustments: list[_Adjustment] = []
    first = reader.peek()
    if first is None:
        return _Parsed(base, ())
    if first[0] == "word" and first[1] in ("now", "midnight", "noon"):
        base = first[1]
        reader.i += 1
    elif first[0] == "int":
        reader.i += 1
        hour = int(first[1])
        if not 1 <= hour <= 12:
            raise reader.fail("an hour from 1 to 12", first)
        oclock = reader.take("o'clock")
        if oclock[1] != "o'clock":
            raise reader.fail("o'clock", oclock)
        half = reader.peek()
        if half is not None and half[1] in ("am", "pm"):
            reader.i += 1
            base = f"{half[1]}:{hour}"
        else:
            base = f"next:{hour}"
    elif first[0] == "word" and first[1] in ("next", "last"):
        reader.i += 1
        unit = reader.take("hour, minute, second or millisecond")
        if unit[1] not in _TIME_UNITS:
            raise reader.fail("hour, minute, second or millisecond", unit)
        adjustments.append(_Adjustment(1 if first[1] == "next" else -1, 1, _TIME_UNITS[unit[1]]))
    elif first[0] != "op":
        raise reader.fail("one of now, midnight, noon, 1-12 o'clock, +, -, next or last", first)
    adjustments.extend(reader.adjustments(_TIME_UNITS, "hour(s), minute(s), second(s) or millisecond(s)"))
    return _Parsed(base, tuple(adjustments))


def _roll_month(moment: dt.datetime, months: int) -> dt.datetime:
    """Move by whole months keeping the day of month, clamped to the target month's length."""
    index = moment.year * 12 + (moment.month - 1) + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _step_until(moment: dt.datetime, step: int, test: object) -> dt.datetime:
    day = dt.timedelta(days=step)
    while test(moment):  # type: ignore[operator]
        moment += day
    while not test(moment):  # type: ignore[operator]
        moment += day
    return moment


def _apply_date(parsed: _Parsed, moment: dt.datetime) -> dt.datetime:
    if parsed.base == "yesterday":
        moment -= dt.timedelta(days=1)
    elif parsed.base == "tomorrow":
        moment += dt.timedelta(days=1)
    for adj in parsed.adjustments:
        if adj.unit == "day":
            moment += dt.timedelta(days=adj.sign * adj.amount)
        elif adj.unit == "week":
            moment += dt.timedelta(weeks=adj.sign * adj.amount)
        elif adj.unit == "month":
            moment = _roll_month(moment, adj.sign * adj.amount)
        elif adj.unit == "year":
            moment = _roll_month(moment, adj.sign * adj.amount * 12)
        elif adj.unit.startswith("weekday:"):
            weekday = int(adj.unit.split(":")[1])
            moment = _step_until(moment, adj.sign, lambda m, w=weekday: m.weekday() == w)
        else:
            month = int(adj.unit.split(":")[1])
            moment = _step_until(moment, adj.sign, lambda m, n=month: m.month == n)
            if adj.sign < 0:
                moment = moment.replace(day=1)
            else:
                moment = moment.replace(day=1) if moment.day != 1 else moment
    return moment


def _apply_time(parsed: _Parsed, moment: dt.datetime) -> dt.datetime:
    base = parsed.base
    if base == "midnight":
        moment = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    elif base == "noon":
        moment = moment.replace(hour=12, minute=0, second=0, microsecond=0)
    elif base != "now":
        kind, hour_text = base.split(":")
        hour = int(hour_text) % 12
        if kind == "pm":
            hour += 12
        elif kind == "next":
            # The next time the clock shows this hour: later this morning, this afternoon, or tomorrow.
            if moment.hour >= hour + 12:
                moment += dt.timedelta(days=1)
            elif moment.hour >= hour:
                hour += 12
        moment = moment.replace(hour=hour, minute=0, second=0, microsecond=0)
    for adj in parsed.adjustments:
        moment += adj.sign * adj.amount * _TIME_STEPS[adj.unit]
    return moment


def evaluate_date(expression: str | None, now: dt.datetime) -> dt.datetime:
    """``now`` moved by a date expression (the time of day is kept)."""
    return _apply_date(parse_date_part(expression or ""), now)


def evaluate_time(expression: str | None, now: dt.datetime) -> dt.datetime:
    """``now`` moved by a time expression."""
    return _apply_time(parse_time_part(expression or ""), now)


def evaluate_datetime(expression: str | None, now: dt.datetime) -> dt.datetime:
    """``now`` moved by ``<date part> @ <time part>``; without ``@`` the expression is a date part,
    or else a time part."""
    text = expression or ""
    if "@" in text:
        date_part, _, time_part = text.partition("@")
        if "@" in time_part:
            raise RuleError(f"date-time expression '{text}' has more than one '@'; write '<date> @ <time>'")
        return _apply_time(parse_time_part(time_part), _apply_date(parse_date_part(date_part), now))
    try:
        return _apply_date(parse_date_part(text), now)
    except RuleError as date_error:
        try:
            return _apply_time(parse_time_part(text), now)
        except RuleError:
            raise date_error from None
