"""Tests for pactspec.timeformats._patterns."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pactspec.errors import RuleError
from pactspec.timeformats._patterns import default_format, java_pattern
from tests.conformance import conformance_dir

MATCHES = [
    # pattern, value, verdict
    ("yyyy-MM-dd", "2023-07-19", True),  # compat suite V3 date matcher, positive case
    ("yyyy-MM-dd", "23/07/19", False),  # compat suite V3 date matcher, negative case
    ("yyyy-MM-dd", "2024-02-29", True),
    ("yyyy-MM-dd", "2023-02-29", False),
    ("yyyy-MM-dd", "2023-04-31", False),
    ("yyyy-MM-dd", "2023-13-01", False),
    ("yyyy-MM-dd", "2023-00-10", False),
    ("yyyy-MM-dd", "2023-7-19", False),
    ("yyyy-MM-dd", "2023-07-19 ", False),
    ("yyyy-MM-dd", " 2023-07-19", False),
    ("yyyy-MM-dd", "\uff12\uff10\uff12\uff13-07-19", False),  # full-width digits: Java reads ASCII digits only
    ("yyyy-M-d", "2023-7-9", True),
    ("yyyy-M-d", "2023-07-09", True),
    ("MM/dd/yyyy", "07/19/2023", True),
    ("MM/dd/yyyy", "19/07/2023", False),
    ("HH:mm", "23:59", True),
    ("HH:mm", "24:00", False),
    ("HH:mm", "12:60", False),
    ("HH:mm:ss", "20:41:37", True),
    ("HH:mm:ss", "22:98:78", False),
    ("HH:mm::ss", "10:15::30", True),
    ("HH:ss:mm", "10:30:15", True),
    ("yyyy-MM-dd HH:ss:mm", "2015-06-10 20:37:41", True),
    ("yyyy/MM/dd - HH:mm:ss.S", "2015/06/10 - 20:41:37.5", True),
    ("yyyy/MM/dd - HH:mm:ss.S", "2015/06/10 - 20:41:37.55", False),
    ("yyyy-MM-dd'T'HH:mm:ss", "2015-06-10T20:41:37", True),
    ("yyyy-MM-dd'T'HH:mm:ss", "2015-06-10T22:98:78", False),
    ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2024-01-31T13:45:00.123+01:00", True),
    ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2024-01-31T13:45:00.123Z", True),
    ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2024-01-31T13:45:00.123+0100", False),
    ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2024-01-31T13:45:00.12+01:00", False),
    ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2024-01-31T13:45:00.123+19:00", False),
    ("yyyy-MM-dd'T'HH:mm:ssZ", "2024-01-31T13:45:00+0100", True),
    ("yyyy-MM-dd'T'HH:mm:ssZ", "2024-01-31T13:45:00Z", False),
    ("yyyy-MM-dd'T'HH:mm:ssxxx", "2024-01-31T13:45:00+00:00", True),
    ("yyyy-MM-dd'T'HH:mm:ssxxx", "2024-01-31T13:45:00Z", False),
    ("yyyy-MM-dd'T'HH:mm:ssX", "2024-01-31T13:45:00+01", True),
    ("EEE, dd MMM yyyy HH:mm:ss zzz", "Wed, 31 Jan 2024 13:45:00 GMT", True),
    ("EEE, dd MMM yyyy HH:mm:ss zzz", "Thu, 31 Jan 2024 13:45:00 GMT", False),  # wrong weekday
    ("EEE, dd MMM yyyy HH:mm:ss zzz", "Wed, 31 jan 2024 13:45:00 GMT", False),  # case-sensitive
    ("EEEE, d MMMM yyyy", "Wednesday, 31 January 2024", True),
    ("EEEE, d MMMM yyyy", "Wednesday, 31 Janvier 2024", False),
    ("h:mm a", "1:05 PM", True),
    ("h:mm a", "13:05 PM", False),
    ("hh:mm a", "12:00 AM", True),
    ("HH:mm a", "13:05 PM", True),
    ("HH:mm a", "13:05 AM", False),
    ("yy-MM-dd", "24-02-29", True),
    ("yyyyMMddHHmmss", "20240131134500", True),
    ("yyyyMMddHHmmss", "2024013113450", False),
    ("yyyy-DDD", "2024-366", True),
    ("yyyy-DDD", "2023-366", False),
    ("yyyy-'Q'Q", "2024-Q3", True),
    ("yyyy-QQQ", "2024-Q5", False),
    ("yyyy-MM-dd['T'HH:mm]", "2024-01-31", True),
    ("yyyy-MM-dd['T'HH:mm]", "2024-01-31T10:15", True),
    ("yyyy-MM-dd['T'HH:mm]", "2024-01-31T10", False),
    ("yyyy-MM-dd'T'HH:mm:ss'Z'", "2024-01-31T10:15:00Z", True),
    ("'at' HH 'o''clock'", "at 10 o'clock", True),
    ("dd.MM.yyyy G", "31.01.2024 AD", True),
    ("yyyy-MM-dd VV", "2024-01-31 Europe/London", True),
    ("yyyy-MM-dd VV", "2024-01-31 Mars/Olympus", False),
    ("yyyy-MM-dd O", "2024-01-31 GMT+1", True),
    ("yyyy-MM-dd OOOO", "2024-01-31 GMT+01:00", True),
    ("YYYY-mm-DD'T'HH:mm:ss", "2024-15-031T10:15:00", True),  # spec README example: mm twice agrees
    ("YYYY-mm-DD'T'HH:mm:ss", "2024-15-031T10:16:00", False),
    ("HH:mm:ss.SSSSSS", "10:15:00.123456", True),
    ("HH:mm:ss.n", "10:15:00.123456789", True),
]


class TestMatches:
    @pytest.mark.parametrize(("pattern", "value", "verdict"), MATCHES)
    def test_table(self, pattern: str, value: str, verdict: bool) -> None:
        """The text is accepted exactly when it is in the pattern and names a real date/time."""
        assert java_pattern(pattern).matches(value) is verdict

    def test_compat_suite_date_scenarios(self) -> None:
        """The V3 compatibility suite's date matcher fixture accepts its positive value only."""
        suite = conformance_dir() / "pact-compatibility-suite"
        rule = json.loads((suite / "fixtures" / "date-matcher-v3.json").read_text())["body"]["$.one"]["matchers"][0]
        compiled = java_pattern(rule["format"])
        feature = (suite / "features" / "V3" / "matching_rules.feature").read_text()
        assert '"one": "2023-07-19"' in feature and '"one": "23/07/19"' in feature
        assert compiled.matches("2023-07-19")
        assert not compiled.matches("23/07/19")

    def test_non_text_never_matches(self) -> None:
        """A number where a date string belongs does not match (and does not crash)."""
        assert not java_pattern("yyyy").matches(2024)  # type: ignore[arg-type]

    def test_cached(self) -> None:
        """The same pattern gives the same compiled object."""
        assert java_pattern("dd/MM/yyyy") is java_pattern("dd/MM/yyyy")


class TestBadPatterns:
    @pytest.mark.parametrize(
        ("pattern", "says"),
        [
            ("yyyy-MM-dd'T", "unclosed quote"),
            ("yyyy-MM-dd[HH", "unclosed optional section"),
            ("yyyy]", "never opened"),
            ("ddd", "too many 'd' letters"),
            ("HHH", "too many 'H' letters"),
            ("MMMMMM", "too many 'M' letters"),
            ("yyyy-bb", "the letter 'b'"),
            ("yyyy#", "reserves"),
            ("V", "VV"),
            ("", "non-empty"),
        ],
    )
    def test_rule_error(self, pattern: str, says: str) -> None:
        """A pattern Java would reject is a RuleError quoting it and saying what is wrong."""
        with pytest.raises(RuleError) as caught:
            java_pattern(pattern)
        assert says in str(caught.value)

    def test_ambiguous_adjacent_fields_are_refused_not_hung_on(self) -> None:
        """Many adjacent variable-width numbers (exponential backtracking) are a RuleError at compile time."""
        with pytest.raises(RuleError, match="varying width next to each other"):
            java_pattern("dM" * 14)

    @pytest.mark.parametrize("pattern", ["yyyyMMddHHmmssSSS", "yMdHms", "yyyyMMdd"])
    def test_real_unseparated_formats_still_compile(self, pattern: str) -> None:
        """Formats without separators that real contracts use stay valid."""
        assert java_pattern(pattern).matches(java_pattern(pattern).format(MOMENT))


MOMENT = dt.datetime(2024, 1, 31, 13, 45, 7, 123456, tzinfo=ZoneInfo("Europe/Paris"))


class TestFormat:
    @pytest.mark.parametrize(
        ("pattern", "text"),
        [
            ("yyyy-MM-dd", "2024-01-31"),
            ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2024-01-31T13:45:07.123+01:00"),
            ("EEE, dd MMM yyyy HH:mm:ss zzz", "Wed, 31 Jan 2024 13:45:07 CET"),
            ("EEEE d MMMM yy", "Wednesday 31 January 24"),
            ("h:mm a", "1:45 PM"),
            ("HH:mm", "13:45"),
            ("yyyy/MM/dd - HH:mm:ss.S", "2024/01/31 - 13:45:07.1"),
            ("'Q'Q yyyy, DDD", "Q1 2024, 031"),
            ("xx Z ZZZZZ", "+0100 +0100 +01:00"),
            ("VV", "Europe/Paris"),
            ("HH:mm:ss.SSSSSS", "13:45:07.123456"),
        ],
    )
    def test_table(self, pattern: str, text: str) -> None:
        """A moment prints as Java's formatter prints it, and the output matches the pattern."""
        compiled = java_pattern(pattern)
        assert compiled.format(MOMENT) == text
        assert compiled.matches(text)

    def test_utc_zero_offset_is_z(self) -> None:
        """XXX writes Z for a zero offset, xxx writes +00:00."""
        moment = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        assert java_pattern("XXX").format(moment) == "Z"
        assert java_pattern("xxx").format(moment) == "+00:00"

    def test_date_and_time_values(self) -> None:
        """A date formats with date letters, a time with time letters."""
        assert java_pattern("dd/MM/yyyy").format(dt.date(2024, 2, 29)) == "29/02/2024"
        assert java_pattern("HH:mm:ss").format(dt.time(9, 5, 3)) == "09:05:03"

    def test_missing_field_is_a_rule_error(self) -> None:
        """Formatting a date with an hour letter says the format needs a time field."""
        with pytest.raises(RuleError, match="needs a hour but was given a date"):
            java_pattern("yyyy-MM-dd HH").format(dt.date(2024, 1, 1))

    def test_optional_section_is_left_out_when_the_value_lacks_it(self) -> None:
        """An optional time part is skipped for a date value."""
        assert java_pattern("yyyy-MM-dd['T'HH:mm]").format(dt.date(2024, 1, 31)) == "2024-01-31"


class TestDefaults:
    @pytest.mark.parametrize(
        ("kind", "value", "verdict"),
        [
            ("date", "2024-01-31", True),
            ("date", "2024-1-31", False),
            ("time", "13:45:00", True),
            ("time", "13:45", True),
            ("time", "13:45:00.123+01:00", True),
            ("time", "25:00:00", False),
            ("datetime", "2015-06-10T20:41:37", True),
            ("datetime", "2015-06-10T22:98:78", False),
            ("datetime", "2024-01-31T13:45:00Z", True),
            ("datetime", "2024-01-31T13:45:00.123456+01:00", True),
            ("datetime", "2024-01-31", False),
        ],
    )
    def test_iso_is_accepted_without_a_format(self, kind: str, value: str, verdict: bool) -> None:
        """Without a format, ISO 8601 (optional fraction and offset) is accepted."""
        assert default_format(kind).matches(value) is verdict  # type: ignore[arg-type]

    def test_defaults_format_plainly(self) -> None:
        """Generated defaults are yyyy-MM-dd, HH:mm:ss and yyyy-MM-dd'T'HH:mm:ss."""
        assert default_format("date").format(MOMENT) == "2024-01-31"
        assert default_format("time").format(MOMENT) == "13:45:07"
        assert default_format("datetime").format(MOMENT) == "2024-01-31T13:45:07"


PATTERNS = [
    "yyyy-MM-dd",
    "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
    "EEE, dd MMM yyyy HH:mm:ss zzz",
    "EEEE d MMMM yyyy h:mm a",
    "yyyyMMddHHmmssSSS",
    "dd.MM.yy HH:mm Z",
    "yyyy-DDD'T'HH:mm:ss.n",
]


@given(
    st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.sampled_from(PATTERNS),
)
def test_formatted_values_always_match(moment: dt.datetime, pattern: str) -> None:
    """Whatever moment is formatted, the text matches the same pattern (round trip)."""
    aware = moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))
    compiled = java_pattern(pattern)
    assert compiled.matches(compiled.format(aware))


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_real_dates_match_and_parse_back(day: dt.date) -> None:
    """Every real calendar date is accepted and read back as the same fields."""
    fields = java_pattern("EEE dd/MM/yyyy").parse(day.strftime("%a %d/%m/%Y"))
    assert fields is not None
    assert (fields["year_of_era"], fields["month"], fields["day"]) == (day.year, day.month, day.day)


@given(
    st.sampled_from(PATTERNS + ["yyyy-MM-dd VV", "G yyyy QQQQ", "yyyy-MM-dd['T'HH:mm[:ss]]", "hh 'o''clock' a"]),
    st.text(alphabet="0123456789-:+TZ./ APMGTWedJanQ'", max_size=40) | st.text(max_size=40),
)
def test_matching_never_raises(pattern: str, text: str) -> None:
    """Any text gets a yes/no answer, never an exception."""
    assert java_pattern(pattern).matches(text) in (True, False)
