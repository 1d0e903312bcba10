"""Matching rules and generators of a pact file: Pact JSON <-> the model's parsed objects.

Reading normalises what the Pact versions spell differently: V2 flat rule paths (``$.body.id``),
V3/V4 categories (``content``/``contents`` -> ``body``, ``metaData`` -> ``metadata``) and rule lists
without ``combine`` (-> ``AND``). Each matcher and generator is parsed here, once: the model keeps
the :class:`~pactspec.rules.RuleList` and generator objects, compiling uses them as they are, and
writing asks each for its ``to_json`` (which gives back the JSON as read). A malformed value raises
:class:`~pactspec.errors.PactFileError` naming the source and the JSON path.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pactspec.errors import PactFileError, RuleError
from pactspec.generators import Generator, from_json
from pactspec.model import PactJson, entry_json
from pactspec.pactfile._where import Where, expect_object, type_name
from pactspec.paths import parse_path
from pactspec.rules import Combine, Rule, RuleList, parse_rule

__all__ = [
    "generators_from_json",
    "generators_to_json",
    "rules_from_json",
    "rules_to_json",
]

_CATEGORY_ALIASES = {"content": "body", "contents": "body", "metaData": "metadata", "headers": "header"}
_LEGACY_MATCHER_KEYS = ("regex", "min", "max", "timestamp", "date", "time")


def _matcher(value: Any, where: Where, index: int | None = None) -> Rule:
    """One matcher, checked and parsed.

    ``index`` is its place in the list's ``matchers`` (``None``: a bare matcher at ``where``); the
    matcher's own Where is built only for an error, as most pacts hold thousands of matchers.
    """
    if not isinstance(value, dict) or not isinstance(value.get("match"), str) or not value["match"]:
        here = where if index is None else where.key("matchers").index(index)
        matcher = expect_object(value, here, '{"match": "type"}')
        kind = matcher.get("match")
        if kind is None:
            if not any(k in matcher for k in _LEGACY_MATCHER_KEYS):
                here.fail('a matcher needs "match" to say which rule it is; write it like {"match": "type"}')
        else:
            here.key("match").fail(f'expected the rule name as text, got {type_name(kind)}; e.g. "match": "regex"')
    try:
        return parse_rule(value)  # no path: the error names the file and JSON path instead
    except RuleError as exc:
        here = where if index is None else where.key("matchers").index(index)
        raise PactFileError(_rule_message(exc), source=here.source, path=here.path) from exc


def _rule_message(exc: RuleError) -> str:
    text = str(exc)
    prefix = f"{exc.path}: " if exc.path else ""
    return text[len(prefix):] if prefix and text.startswith(prefix) else text


def _rule_list(value: Any, where: Where) -> RuleList:
    """The rule list at ``where``; parsed once per source for each distinct plain list (see :func:`_plain_key`)."""
    key = _plain_key(value)
    if key is None:
        return _parse_rule_list(value, where)
    known = where.parsed.get(key)
    if known is None:
        known = where.parsed[key] = _parse_rule_list(value, where)
    return known


def _plain_key(value: Any) -> tuple[Any, ...] | None:
    """A key for a ``{"combine", "matchers"}`` list whose matchers hold only text and integers, else ``None``.

    Text and integers never compare equal across types (unlike ``1``, ``1.0`` and ``true``), so two
    lists with one key have the same JSON and parse to the same frozen :class:`RuleList`.
    """
    if type(value) is not dict or len(value) != ("combine" in value) + 1:
        return None
    matchers = value.get("matchers")
    if type(matchers) is not list:
        return None
    key: list[Any] = [value.get("combine")]
    for matcher in matchers:
        if type(matcher) is not dict:
            return None
        items = tuple(matcher.items())
        for _, item in items:
            if type(item) is not str and type(item) is not int:
                return None
        key.append(items)
    return tuple(key)


def _parse_rule_list(value: Any, where: Where) -> RuleList:
    example = '{"combine": "AND", "matchers": [{"match": "type"}]}'
    data = expect_object(value, where, example)
    if "matchers" not in data:
        if "match" in data or any(k in data for k in _LEGACY_MATCHER_KEYS):
            # A bare matcher where a list belongs (V2 style): the reference implementations accept it.
            return RuleList((_matcher(data, where),), "AND", (data,))
        where.fail(f'a rule list needs "matchers"; write it like {example}')
    matchers = data["matchers"]
    if not isinstance(matchers, list):
        where.key("matchers").fail(f"expected an array of matchers, got {type_name(matchers)}; e.g. {example}")
    combine = data.get("combine", "AND")
    if not isinstance(combine, str) or combine.upper() not in ("AND", "OR"):
        where.key("combine").fail(f'expected "AND" or "OR", got {json.dumps(combine)}')
    rules = tuple(_matcher(m, where, i) for i, m in enumerate(matchers))
    combined: Combine = "OR" if combine.upper() == "OR" else "AND"
    return RuleList(rules, combined, tuple(matchers))


def _category_name(name: str) -> str:
    return _CATEGORY_ALIASES.get(name, name)


def _check_path(category: str, path: str, where: Where) -> None:
    """A body rule or generator path must parse now, so a bad one names the file, not a failed match."""
    if category == "body" and path != "":
        try:
            parse_path(path)
        except RuleError as exc:
            raise PactFileError(_rule_message(exc), source=where.source, path=where.path) from exc


def _v2_rules(data: dict[str, Any], where: Where) -> dict[str, dict[str, RuleList]]:
    rules: dict[str, dict[str, RuleList]] = {}
    for key, value in data.items():
        here = where.key(key)
        if not key.startswith("$."):
            here.fail(
                "mixes V2 paths ($.body.x) with V3 categories; write every rule under a category, "
                'e.g. "matchingRules": {"body": {"$.x": {"matchers": [...]}}}'
            )
        rest = key[2:]
        category, _, name = rest.partition(".")
        bracket = category.find("[")
        if bracket >= 0:
            category, name = category[:bracket], rest[bracket:]
        if not category:
            here.fail('a V2 rule path names its category first, e.g. "$.body.id" or "$.metadata.topic"')
        category = _category_name(category)
        if category == "body":
            path = "$" + rest[4:]
            if path != "$" and not path.startswith(("$.", "$[")):
                here.fail('a V2 body rule path looks like "$.body.id" or "$.body[0]"')
        else:
            path = name
        _check_path(category, path, here)
        rules.setdefault(category, {})[path] = _rule_list(value, here)
    return rules


def rules_from_json(value: Any, where: Where) -> dict[str, dict[str, RuleList]]:
    """``matchingRules`` (V2 flat, V3, V4) as ``{category: {path: RuleList}}``."""
    data = expect_object(value, where, '{"body": {"$.id": {"matchers": [{"match": "integer"}]}}}')
    if any(key.startswith("$") for key in data):
        return _v2_rules(data, where)
    rules: dict[str, dict[str, RuleList]] = {}
    for name, entries in data.items():
        here = where.key(name)
        category_name = _category_name(name)
        category = rules.setdefault(category_name, {})
        entries = expect_object(entries, here, '{"$.id": {"matchers": [{"match": "integer"}]}}')
        if "matchers" in entries:
            # Categories without sub-paths (HTTP path, status) hold the rule list directly.
            category[""] = _rule_list(entries, here)
            continue
        for path, rule_list in entries.items():
            at = here.key(path)
            _check_path(category_name, path, at)
            category[path] = _rule_list(rule_list, at)
    return {name: category for name, category in rules.items() if category}


def rules_to_json(rules: Mapping[str, Mapping[str, Mapping[str, Any] | PactJson]]) -> dict[str, Any]:
    """The model's rules (parsed or Pact JSON) as ``matchingRules``; empty categories are left out."""
    out: dict[str, Any] = {}
    for category, entries in rules.items():
        if not entries:
            continue
        if set(entries) == {""}:
            out[category] = dict(entry_json(entries[""]))
        else:
            out[category] = {path: dict(entry_json(entry)) for path, entry in entries.items()}
    return out


def _generator(value: Any, where: Where) -> Generator:
    data = expect_object(value, where, '{"type": "RandomInt", "min": 1, "max": 9}')
    kind = data.get("type")
    if not isinstance(kind, str) or not kind:
        where.fail('a generator needs "type" as text; write it like {"type": "RandomInt", "min": 1, "max": 9}')
    try:
        return from_json(data, path=where.path)
    except RuleError as exc:
        raise PactFileError(_rule_message(exc), source=where.source, path=where.path) from exc


def generators_from_json(value: Any, where: Where) -> dict[str, dict[str, Generator]]:
    """``generators`` as ``{category: {path: Generator}}``."""
    data = expect_object(value, where, '{"body": {"$.id": {"type": "RandomInt"}}}')
    generators: dict[str, dict[str, Generator]] = {}
    for name, entries in data.items():
        here = where.key(name)
        category_name = _category_name(name)
        category = generators.setdefault(category_name, {})
        entries = expect_object(entries, here, '{"$.id": {"type": "RandomInt"}}')
        if "type" in entries and not isinstance(entries["type"], dict):
            # HTTP status and path generators sit directly under the category.
            category[""] = _generator(entries, here)
            continue
        for path, generator in entries.items():
            at = here.key(path)
            _check_path(category_name, path, at)
            category[path] = _generator(generator, at)
    return {name: category for name, category in generators.items() if category}


generators_to_json = rules_to_json  # the same shape: {category: {path: entry}}, or the entry alone


