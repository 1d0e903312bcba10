"""Matching rules from and to Pact JSON: the registry of ``match`` names and the parsers.

``parse_rule({"match": "regex", "regex": "\\d+"})`` gives a rule object (see
:mod:`pactspec.rules._types`), ``parse_rule_list`` the rules at one path with their ``combine``; a
rule that cannot be used raises :class:`~pactspec.errors.RuleError` naming its path. The rule
classes are re-exported here, so ``pactspec.rules._registry`` is the one place to import them from.

Nothing is cached: a pact's reader parses each matcher once and the model keeps the rule objects
(:mod:`pactspec.pactfile._rules`), so compiling does not parse them again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pactspec.errors import RuleError
from pactspec.paths import parse_path
from pactspec.rules._base import Rule, RuleList
from pactspec.rules._collection import ArrayContains, EachKey, EachValue, Variant
from pactspec.rules._format import (
    STATUS_CLASSES,
    ContentType,
    DateTimeRule,
    Semver,
    StatusCode,
    java_format,
)
from pactspec.rules._types import (
    Boolean,
    Decimal,
    Equality,
    Include,
    Integer,
    NotEmpty,
    Null,
    Number,
    Regex,
    Type,
    Values,
    _compile_regex,
)

__all__ = [
    "MATCHERS",
    "parse_rule",
    "parse_rule_list",
]


def _int_field(data: Mapping[str, Any], key: str, path: str | None) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        if isinstance(value, str) and value.isdigit():
            return int(value)
        raise RuleError(f"'{key}' must be a whole number >= 0, not {value!r}", path=path)
    return value


def _str_field(data: Mapping[str, Any], key: str, path: str | None, *alternatives: str) -> str:
    for name in (key, *alternatives):
        value = data.get(name)
        if isinstance(value, str):
            return value
    raise RuleError(f"the {data.get('match')!r} matcher needs a string '{key}'", path=path)


def _type(data: Mapping[str, Any], path: str | None) -> Rule:
    minimum, maximum = _int_field(data, "min", path), _int_field(data, "max", path)
    if minimum is not None and maximum is not None and minimum > maximum:
        raise RuleError(f"min {minimum} is greater than max {maximum}", path=path)
    return Type(min=minimum, max=maximum)


def _regex(data: Mapping[str, Any], path: str | None) -> Rule:
    regex = _str_field(data, "regex", path)
    return Regex(regex, _compile_regex(regex, path))


def _datetime(kind: str) -> Callable[[Mapping[str, Any], str | None], Rule]:
    def build(data: Mapping[str, Any], path: str | None) -> Rule:
        fmt = data.get("format") or data.get(kind) or (data.get("timestamp") if kind == "datetime" else None)
        if fmt is not None and not isinstance(fmt, str):
            raise RuleError(f"the {kind} matcher's 'format' must be a string, not {fmt!r}", path=path)
        if fmt:
            java_format(fmt)  # a bad pattern is reported once, when the rules are read
        return DateTimeRule(kind, fmt or None)  # type: ignore[arg-type]

    return build


def _sub_rules(data: Mapping[str, Any], path: str | None) -> tuple[Rule, ...]:
    raw = data.get("rules")
    if not isinstance(raw, list):
        raise RuleError(f"the {data.get('match')!r} matcher needs a list 'rules'", path=path)
    return tuple(parse_rule(item, path=path) for item in raw)


def _variants(data: Mapping[str, Any], path: str | None) -> Rule:
    raw = data.get("variants")
    if not isinstance(raw, list):
        raise RuleError("the 'arrayContains' matcher needs a list 'variants'", path=path)
    variants = []
    for position, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise RuleError(f"arrayContains variant {position} must be an object", path=path)
        index = _int_field(item, "index", path)
        rules = item.get("rules") or {}
        if not isinstance(rules, Mapping):
            raise RuleError(f"arrayContains variant {position} 'rules' must be an object", path=path)
        for key in rules:
            parse_path(key)  # a bad variant path is reported when the rules are read, not mid-walk
        parsed = tuple((key, parse_rule_list(value, path=key)) for key, value in rules.items())
        variants.append(Variant(position if index is None else index, parsed, item.get("generators")))
    return ArrayContains(tuple(variants))


def _status(data: Mapping[str, Any], path: str | None) -> Rule:
    status = data.get("status")
    if isinstance(status, list) and all(isinstance(s, int) for s in status):
        return StatusCode(tuple(status))
    if isinstance(status, str) and status in STATUS_CLASSES:
        return StatusCode(status)
    raise RuleError(
        f"statusCode 'status' must be one of {', '.join(STATUS_CLASSES)} or a list of codes, not {status!r}",
        path=path,
    )


MATCHERS: dict[str, Callable[[Mapping[str, Any], str | None], Rule]] = {
    "equality": lambda d, p: Equality(),
    "regex": _regex,
    "type": _type,
    "min": _type,
    "max": _type,
    "include": lambda d, p: Include(_str_field(d, "value", p)),
    "integer": lambda d, p: Integer(),
    "decimal": lambda d, p: Decimal(),
    "number": lambda d, p: Number(),
    "boolean": lambda d, p: Boolean(),
    "null": lambda d, p: Null(),
    "date": _datetime("date"),
    "time": _datetime("time"),
    "timestamp": _datetime("timestamp"),
    "datetime": _datetime("datetime"),
    "values": lambda d, p: Values(),
    "contentType": lambda d, p: ContentType(_str_field(d, "value", p)),
    "notEmpty": lambda d, p: NotEmpty(),
    "semver": lambda d, p: Semver(),
    "eachKey": lambda d, p: EachKey(_sub_rules(d, p), d.get("value")),
    "eachValue": lambda d, p: EachValue(_sub_rules(d, p), d.get("value")),
    "arrayContains": _variants,
    "statusCode": _status,
}
_ALIASES = {
    "content-type": "contentType",
    "not-empty": "notEmpty",
    "each-key": "eachKey",
    "each-value": "eachValue",
    "array-contains": "arrayContains",
    "status-code": "statusCode",
}


def parse_rule(data: Any, *, path: str | None = None) -> Rule:
    """One matcher from its Pact JSON (``{"match": "regex", "regex": "\\d+"}``); raises ``RuleError``."""
    if not isinstance(data, Mapping):
        raise RuleError(f'a matcher must be a JSON object like {{"match": "type"}}, not {data!r}', path=path)
    name = data.get("match")
    if name is None:
        # V2 rules leave out "match": {"regex": ...} or {"min": 1}
        if "regex" in data:
            name = "regex"
        elif "min" in data or "max" in data:
            name = "type"
        else:
            raise RuleError('a matcher needs a \'match\' key, e.g. {"match": "type"}', path=path)
    if not isinstance(name, str):
        raise RuleError(f"'match' must be a string, not {name!r}", path=path)
    builder = MATCHERS.get(_ALIASES.get(name, name))
    if builder is None:
        known = ", ".join(sorted(MATCHERS))
        raise RuleError(f"unknown matcher {name!r}; use one of {known}", path=path)
    return builder(data, path)


def parse_rule_list(data: Any, *, path: str | None = None) -> RuleList:
    """The rules at one path: ``{"combine": "AND", "matchers": [...]}`` (or a bare V2 matcher)."""
    if not isinstance(data, Mapping):
        raise RuleError(f"rules must be a JSON object with 'matchers', not {data!r}", path=path)
    combine = data.get("combine", "AND")
    if combine not in ("AND", "OR"):
        raise RuleError(f'\'combine\' must be "AND" or "OR", not {combine!r}', path=path)
    if "matchers" not in data:
        return RuleList((parse_rule(data, path=path),), combine, (data,))
    matchers = data["matchers"]
    if not isinstance(matchers, list):
        raise RuleError("'matchers' must be a list of matcher objects", path=path)
    return RuleList(tuple(parse_rule(item, path=path) for item in matchers), combine, tuple(matchers))
