"""Compare the suite's HTTP requests and responses part by part with pactspec's matching engine.

pactspec verifies messages, not HTTP; the matching features still state their cases as HTTP
requests, so each part goes to the engine entry point for it: the body to
:func:`pactspec.matching._message.match_body`, headers, query parameters and the status to
:mod:`tests.compatibility.httpmatching`. This module only picks the parts and the rule category for each.
"""

from __future__ import annotations

from pactspec import NO_BODY, Mismatch, matching
from tests.compatibility.httpmatching import match_headers, match_query, match_status
from tests.compatibility.support import HttpPart

__all__ = ["compare_request", "compare_response"]


def _body(expected: HttpPart, actual: HttpPart) -> list[Mismatch]:
    if expected.body is NO_BODY:
        return []
    content_type = expected.content_type or actual.content_type
    return list(matching.match_body(expected.body, actual.body, expected.matching_rules.get("body", {}),
                                    content_type))


def compare_request(expected: HttpPart, actual: HttpPart) -> list[Mismatch]:
    """Every mismatch between an expected and an actual request (empty: they match)."""
    rules = expected.matching_rules
    mismatches = _body(expected, actual)
    if expected.query or actual.query:
        mismatches += match_query(expected.query, actual.query, rules.get("query", {}))
    if expected.headers:
        mismatches += match_headers(expected.headers, actual.headers, rules.get("header", {}))
    return mismatches


def compare_response(expected: HttpPart, actual: HttpPart) -> list[Mismatch]:
    """Every mismatch between an expected and an actual response (empty: they match)."""
    rules = expected.matching_rules
    mismatches: list[Mismatch] = []
    if expected.status is not None:
        mismatches += match_status(expected.status, actual.status, rules.get("status", {}))
    if expected.headers:
        mismatches += match_headers(expected.headers, actual.headers, rules.get("header", {}))
    return mismatches + _body(expected, actual)
