"""Matching the HTTP parts of an interaction for the compatibility suite: headers, query, status.

pactspec verifies messages (its verifier skips HTTP interactions), so this is not core API: the
Pact compatibility suite states its matching-rule cases as HTTP requests and responses, and only
it needs the parts beyond the body. Bodies go through
:func:`pactspec.matching._message.match_body`; the parts here use the same rules (``header``, ``query`` and
``status`` categories) through :meth:`~pactspec.rules._registry.Rule.check_text`, so a number rule accepts
``"100.4"`` in a header or query string, as the Pact reference implementation does, while a body
keeps JSON types. Wording follows the reference implementation's mismatch descriptions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pactspec import Mismatch
from pactspec.rules import Rule, RuleList, parse_rule_list

__all__ = ["match_headers", "match_query", "match_status"]

Values = Mapping[str, "Sequence[str] | str"]


def _values(value: Sequence[str] | str) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _rules(rules: Mapping[str, Any] | None, key: str, category: str, *, ignore_case: bool = False) -> RuleList | None:
    for path, value in (rules or {}).items():
        name = path.removeprefix("$.")
        if name == key or (ignore_case and name.lower() == key.lower()):
            return value if isinstance(value, RuleList) else parse_rule_list(value, path=f"{category} {path}")
    return None


def _rule_failures(rule_list: RuleList, want: list[str], got: list[str]) -> list[tuple[str, str, str]]:
    """``(example, actual value, message)`` for each actual value the rules reject."""
    failures = []
    for index, value in enumerate(got):
        example = want[min(index, len(want) - 1)] if want else ""

        def check(rule: Rule, example: str = example, value: str = value) -> str | None:
            return rule.check_text(example, value, False)

        failures += [(example, value, message) for message in rule_list.apply(check)]
    return failures


def _header_values(values: Sequence[str] | str) -> list[str]:
    # "a, b" and ["a", "b"] are the same header; compare the values one by one, trimmed.
    return [part.strip() for value in _values(values) for part in value.split(",")]


def match_headers(expected: Values, actual: Values, rules: Mapping[str, Any] | None = None) -> list[Mismatch]:
    """Differences in the expected headers (names ignore case; extra actual headers are fine)."""
    by_name = {name.lower(): value for name, value in actual.items()}
    mismatches: list[Mismatch] = []
    for key, want_value in expected.items():
        if key.lower() not in by_name:
            mismatches.append(Mismatch(key, want_value, None, f"Expected a header '{key}' but was missing", "header"))
            continue
        want, got = _header_values(want_value), _header_values(by_name[key.lower()])
        rule_list = _rules(rules, key, "header", ignore_case=True)
        if rule_list is not None:
            for example, value, message in _rule_failures(rule_list, want, got):
                mismatches.append(Mismatch(key, example, value, f"Mismatch with header '{key}': {message}", "header"))
        elif want != got:
            mismatches.append(Mismatch(key, ", ".join(want), ", ".join(got),
                                       f"Mismatch with header '{key}': Expected header '{key}' to have value "
                                       f"'{', '.join(want)}' but was '{', '.join(got)}'", "header"))
    return mismatches


def match_query(expected: Values, actual: Values, rules: Mapping[str, Any] | None = None) -> list[Mismatch]:
    """Differences in query parameters: missing, unexpected, and per-value (rules or equality)."""
    mismatches: list[Mismatch] = []
    for key, want_value in expected.items():
        want = _values(want_value)
        if key not in actual:
            mismatches.append(Mismatch(key, want, None, f"Expected query parameter '{key}' but was missing", "query"))
            continue
        got = _values(actual[key])
        rule_list = _rules(rules, key, "query")
        if rule_list is not None:
            for example, value, message in _rule_failures(rule_list, want, got):
                mismatches.append(Mismatch(key, example, value, message, "query"))
            continue
        if len(want) != len(got):
            mismatches.append(Mismatch(key, want, got, f"Expected query parameter '{key}' with {len(want)} value(s) "
                                                       f"but received {len(got)} value(s)", "query"))
        for w, g in zip(want, got):
            if w != g:
                mismatches.append(Mismatch(key, w, g, f"Expected '{w}' but received '{g}' for query parameter "
                                                      f"'{key}'", "query"))
    for key in actual:
        if key not in expected:
            mismatches.append(Mismatch(key, None, _values(actual[key]), f"Unexpected query parameter '{key}' received",
                                       "query"))
    return mismatches


def match_status(expected: int, actual: int | None, rules: Mapping[str, Any] | None = None) -> list[Mismatch]:
    """The status code: the ``status`` rules when given (a class such as ``success``), else equality."""
    rule_list = None
    if rules:
        raw = rules.get("", rules) if "matchers" not in rules else rules
        rule_list = raw if isinstance(raw, RuleList) else parse_rule_list(raw, path="status")
    if rule_list is not None:
        def check(rule: Rule) -> str | None:
            return rule.check(expected, actual, False)

        return [Mismatch("status", expected, actual, message, "status") for message in rule_list.apply(check)]
    if expected == actual:
        return []
    return [Mismatch("status", expected, actual, f"expected {expected} but was {actual}", "status")]
