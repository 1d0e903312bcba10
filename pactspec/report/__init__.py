"""Verification reports: the console text, JUnit XML and the ``pactspec-verification/1`` JSON document.
"""

from __future__ import annotations

from pactspec.report._report import format_console, scenario_location, write_reports

__all__ = [
    "format_console",
    "scenario_location",
    "write_reports",
]
