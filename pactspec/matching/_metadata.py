"""Matching message metadata: equality by default, the ``metadata`` rules where given.

Only the keys the contract expects are checked (a message may carry more). Keys are exact and
case-sensitive, as in Pact, except the content type: ``contentType`` and ``content-type`` in any
case are one key (:func:`pactspec.content.is_content_type_key`), because contracts and transports
spell it differently. The content type is compared ignoring parameters the contract does not state
(``; charset=utf-8``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from pactspec.content import base_type, content_type_key, is_content_type_key
from pactspec.errors import RuleError
from pactspec.mismatch import Mismatch, type_name
from pactspec.rules import RuleList, parse_rule_list

__all__ = ["compile_metadata_rules", "content_types_equal", "match_metadata"]


def compile_metadata_rules(rules: Mapping[str, Any] | None) -> dict[str, RuleList]:
    """Metadata rules by key; ``$.key`` and ``$['key']`` spellings are accepted too.

    Parsed rule lists (a pact's reader leaves them so) are used as they are; Pact JSON is parsed here.
    """
    compiled: dict[str, RuleList] = {}
    for path, value in (rules or {}).items():
        if not isinstance(path, str):
            raise RuleError(f"a metadata rule key must be a string, not {path!r}")
        key = path
        if key.startswith("$."):
            key = key[2:]
        elif key.startswith("$['") and key.endswith("']"):
            key = key[3:-2]
        compiled[key] = (
            value if isinstance(value, RuleList) else parse_rule_list(value, path=f"metadata {path}")
        )
    return compiled


def _params(content_type: str) -> dict[str, str]:
    params = {}
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip():
            params[name.strip().lower()] = value.strip().strip('"').lower()
    return params


def content_types_equal(expected: str, actual: str) -> bool:
    """Same base type, and every parameter the expected type states has the same value."""
    if base_type(expected) != base_type(actual):
        return False
    got = _params(actual)
    return all(got.get(name) == value for name, value in _params(expected).items())


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), sort_keys=True)


def match_metadata(
    expected: Mapping[str, Any],
    actual: Mapping[str, Any],
    rules: Mapping[str, RuleList],
    *,
    skip: frozenset[str] = frozenset(),
) -> list[Mismatch]:
    """Differences between expected and actual metadata (extra actual keys are fine)."""
    mismatches: list[Mismatch] = []
    for key, want in expected.items():
        if key in skip:
            continue
        found = _actual_key(key, actual)
        if found is None:
            mismatches.append(
                Mismatch(key, want, None, f"Expected message metadata '{key}' but was missing", "metadata")
            )
            continue
        got = actual[found]
        rule_list = _rule_for(key, rules)
        if rule_list is not None:
            for message in rule_list.apply(functools.partial(_check, want=want, got=got)):
                mismatches.append(Mismatch(key, want, got, message, "metadata"))
            continue
        if is_content_type_key(key) and isinstance(want, str) and isinstance(got, str):
            ok = content_types_equal(want, got)
        else:
            ok = type(want) is type(got) and want == got
        if not ok:
            message = (
                f"Expected message metadata '{key}' to have value '{_text(want)}' but was '{_text(got)}'"
            )
            if _text(want) == _text(got):  # same text, different JSON types: say which
                message += f" ({type_name(got)}, where the contract has {type_name(want)})"
            mismatches.append(Mismatch(key, want, got, message, "metadata"))
    return mismatches


def _actual_key(key: str, actual: Mapping[str, Any]) -> str | None:
    """The actual key holding the expected one: itself, or for the content type any spelling of it."""
    if key in actual:
        return key
    if is_content_type_key(key):
        return content_type_key(actual)
    return None


def _rule_for(key: str, rules: Mapping[str, RuleList]) -> RuleList | None:
    """The rule on a key; a content-type rule applies whichever spelling the rule and the value use."""
    rule_list = rules.get(key)
    if rule_list is None and is_content_type_key(key):
        rule_list = next((r for k, r in rules.items() if is_content_type_key(k)), None)
    return rule_list


def _check(rule: Any, *, want: Any, got: Any) -> str | None:
    if isinstance(want, str) and isinstance(got, str):
        return rule.check_text(want, got, False)
    if isinstance(got, str) and not isinstance(want, (dict, list)):
        return rule.check_text(_text(want), got, False)
    return rule.check(want, got, False)
