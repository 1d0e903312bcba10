"""Java ``DateTimeFormatter`` patterns and Pact's date/time expressions: strict matching and formatting.
"""

from __future__ import annotations

from pactspec.timeformats._expressions import (
    evaluate_date,
    evaluate_datetime,
    evaluate_time,
    parse_date_part,
    parse_time_part,
)
from pactspec.timeformats._patterns import default_format, java_pattern

__all__ = [
    "default_format",
    "evaluate_date",
    "evaluate_datetime",
    "evaluate_time",
    "java_pattern",
    "parse_date_part",
    "parse_time_part",
]
