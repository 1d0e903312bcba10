"""Tests for pactspec.timeformats._expressions (the table is pact-reference's, based at 2000-01-01 10:00 UTC)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pactspec.errors import RuleError
from pactspec.timeformats._expressions import (
    evaluate_date,
    evaluate_datetime,
    evaluate_time,
)

BASE = dt.datetime(2000, 1, 1, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("", "2000-01-01 10:00:00"),
        ("now", "2000-01-01 10:00:00"),
        ("today", "2000-01-01 10:00:00"),
        ("yesterday", "1999-12-31 10:00:00"),
        ("tomorrow", "2000-01-02 10:00:00"),
        ("+ 1 day", "2000-01-02 10:00:00"),
        ("+1 day", "2000-01-02 10:00:00"),
        ("+ 1 week", "2000-01-08 10:00:00"),
        ("- 2 weeks", "1999-12-18 10:00:00"),
        ("+ 4 years", "2004-01-01 10:00:00"),
        ("tomorrow+ 4 years", "2004-01-02 10:00:00"),
        ("next week", "2000-01-08 10:00:00"),
        ("last month", "1999-12-01 10:00:00"),
        ("next fortnight", "2000-01-15 10:00:00"),
        ("next monday", "2000-01-03 10:00:00"),
        ("last wednesday", "1999-12-29 10:00:00"),
        ("next mon", "2000-01-03 10:00:00"),
        ("last december", "1999-12-01 10:00:00"),
        ("next jan", "2001-01-01 10:00:00"),
        ("next june + 2 weeks", "2000-06-15 10:00:00"),
        ("last mon + 2 weeks", "2000-01-10 10:00:00"),
        ("Next Monday", "2000-01-03 10:00:00"),
    ],
)
def test_date_expressions(expression: str, expected: str) -> None:
    """Date expressions move the base date as pact-reference does."""
    assert evaluate_date(expression, BASE).strftime("%Y-%m-%d %H:%M:%S") == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("now", "10:00:00.000000"),
        ("midnight", "00:00:00.000000"),
        ("noon", "12:00:00.000000"),
        ("+ 1 hour", "11:00:00.000000"),
        ("+ 2 hours - 1 second", "11:59:59.000000"),
        ("midnight + 2 hours", "02:00:00.000000"),
        ("3 o'clock", "15:00:00.000000"),
        ("11 o'clock", "11:00:00.000000"),
        ("3 o'clock am", "03:00:00.000000"),
        ("12 o'clock am", "00:00:00.000000"),
        ("12 o'clock pm", "12:00:00.000000"),
        ("next minute", "10:01:00.000000"),
        ("last second", "09:59:59.000000"),
        ("noon + 40 milliseconds", "12:00:00.040000"),
    ],
)
def test_time_expressions(expression: str, expected: str) -> None:
    """Time expressions set or move the time of day."""
    assert evaluate_time(expression, BASE).strftime("%H:%M:%S.%f") == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("today @ now", "2000-01-01T10:00:00.000000"),
        ("+ 1 day @ noon", "2000-01-02T12:00:00.000000"),
        ("+ 1 week @ +1 hour", "2000-01-08T11:00:00.000000"),
        ("- 2 weeks @ now + 1 hour", "1999-12-18T11:00:00.000000"),
        ("+ 4 years @ midnight", "2004-01-01T00:00:00.000000"),
        ("tomorrow+ 4 years @ 3 o'clock + 40 milliseconds", "2004-01-02T15:00:00.040000"),
        ("next week @ next hour", "2000-01-08T11:00:00.000000"),
        ("last month @ last hour", "1999-12-01T09:00:00.000000"),
        ("@ noon", "2000-01-01T12:00:00.000000"),
        ("+ 1 hour", "2000-01-01T11:00:00.000000"),  # no '@' and not a date part: a time part
    ],
)
def test_datetime_expressions(expression: str, expected: str) -> None:
    """'<date> @ <time>' applies both parts."""
    assert evaluate_datetime(expression, BASE).strftime("%Y-%m-%dT%H:%M:%S.%f") == expected


def test_month_arithmetic_clamps_to_the_month_length() -> None:
    """31 January + 1 month is the last day of February, as Java's plusMonths gives."""
    assert evaluate_date("+ 1 month", dt.datetime(2024, 1, 31)).date() == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("evaluate", "expression", "says"),
    [
        (evaluate_date, "not valid", "expected one of now, today, yesterday, tomorrow, +, -, next or last at position 1"),
        (evaluate_date, "now today", "expected + or - at position 5"),
        (evaluate_date, "+ x day", "expected a number at position 3"),
        (evaluate_date, "+ 1", "expected day(s), week(s), month(s) or year(s) at the end"),
        (evaluate_date, "next", "at the end"),
        (evaluate_date, "+ 1 day!", "expected a word, a number, + or - at position 8"),
        (evaluate_time, "44 o'clock", "expected an hour from 1 to 12 at position 1"),
        (evaluate_time, "3 oclock", "expected o'clock"),
        (evaluate_time, "midnight 2 week", "expected + or - at position 10"),
        (evaluate_datetime, "today @ noon @ now", "more than one '@'"),
    ],
)
def test_bad_expressions(evaluate: object, expression: str, says: str) -> None:
    """A bad expression is one RuleError sentence saying what was expected where, with an example."""
    with pytest.raises(RuleError) as caught:
        evaluate(expression, BASE)  # type: ignore[operator]
    assert says in str(caught.value)
    assert "write e.g." in str(caught.value) or "'@'" in str(caught.value)


@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
       st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]))
def test_next_weekday_is_within_a_week_ahead(now: dt.datetime, day: str) -> None:
    """'next <weekday>' lands 1 to 7 days later on that weekday."""
    moved = evaluate_date(f"next {day}", now)
    assert 1 <= (moved.date() - now.date()).days <= 7
    assert moved.strftime("%A").lower() == day
