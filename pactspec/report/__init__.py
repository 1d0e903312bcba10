"""Verification reports: the console text, JUnit XML and the ``pactspec-verification/1`` JSON document."""

from __future__ import annotations

from pactspec.report._report import (
    SCHEMA,
    describe_states,
    format_console,
    format_duration,
    format_failure,
    mismatch_summary,
    to_json,
    to_junit,
    write_json,
    write_junit,
    write_reports,
)
from pactspec.sources import (
    scenario_location,  # documented here before sources owned it
)

__all__ = [
    "SCHEMA",
    "describe_states",
    "format_console",
    "format_duration",
    "format_failure",
    "mismatch_summary",
    "scenario_location",
    "to_json",
    "to_junit",
    "write_json",
    "write_junit",
    "write_reports",
]
