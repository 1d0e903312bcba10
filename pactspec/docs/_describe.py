"""Matching rules and generators in plain words, for people reading the contract.

``describe_rules({"combine": "AND", "matchers": [{"match": "integer"}]})`` → ``"any integer"``;
``describe_generator({"type": "RandomInt", "min": 1, "max": 9})`` → ``"a random integer from 1 to 9"``.
Every rule and generator type of the Pact JSON form (V2 shorthands included) has words; an unknown
one is named as it stands in the pact, never dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pactspec.consumer import UUID_PATTERNS
from pactspec.mismatch import type_name

__all__ = ["NO_EXAMPLE", "describe_generator", "describe_rule", "describe_rules", "example_type"]

NO_EXAMPLE: Any = object()  # "the example value is not known", distinct from a JSON null

_STATUS_CLASSES = {
    "info": "an informational status (1xx)",
    "success": "a success status (2xx)",
    "redirect": "a redirect status (3xx)",
    "clientError": "a client error status (4xx)",
    "serverError": "a server error status (5xx)",
    "nonError": "a status that is not an error (1xx to 3xx)",
    "error": "an error status (4xx or 5xx)",
}


# pactspec.mismatch.type_name's names as the docs word them
_EXAMPLE_TYPES = {
    "Null": "null",
    "Boolean": "boolean",
    "Integer": "integer",
    "Decimal": "decimal number",
    "String": "string",
    "Array": "array",
    "Object": "object",
    "Bytes": "bytes",
}


def example_type(value: Any) -> str:
    """The kind of a JSON example in words: ``12`` → ``'integer'``, ``'a'`` → ``'string'``."""
    name = type_name(value)
    return _EXAMPLE_TYPES.get(name, name)


def _literal(value: Any) -> str:
    """A value as it would be written in the pact (JSON), for quoting in a sentence."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _items(count: Any) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _array(low: Any, high: Any, *, each: bool = True) -> str:
    """An array's bounds in words; a minimum of 0 reads "possibly empty", not "at least 0 items"."""
    if low is not None and high is not None:
        what = f"an array of {low} to {_items(high)}"
    elif low:
        what = f"an array of at least {_items(low)}"
    elif high is not None:
        what = f"an array of at most {_items(high)}"
    else:
        what = "an array, possibly empty" if low == 0 else "an array"
    return what + (", each like the example" if each else "")


def _type_rule(rule: Mapping[str, Any], example: Any) -> str:
    low, high = rule.get("min"), rule.get("max")
    if isinstance(example, list) or (example is NO_EXAMPLE and (low is not None or high is not None)):
        return _array(low, high, each=example is NO_EXAMPLE or bool(example))
    if example is NO_EXAMPLE:
        return "any value of the example's type"
    kind = example_type(example)
    if kind == "object":
        return "an object shaped like the example"
    return f"any {kind}"


def _format_rule(kind: str, default: str) -> Callable[[Mapping[str, Any], Any], str]:
    def words(rule: Mapping[str, Any], example: Any) -> str:
        # Rust writes "format"; pact-jvm and V2 write the format under the rule's own name
        pattern = rule.get("format") or next(
            (rule[k] for k in ("timestamp", "datetime", "date", "time") if isinstance(rule.get(k), str)), None
        )
        if pattern:
            return f"a {kind} formatted {pattern}"
        return f"a {kind} in ISO 8601 form ({default})"

    return words


def _nested(rules: Any) -> str:
    if isinstance(rules, Mapping):
        return describe_rules(rules)
    if isinstance(rules, Sequence) and not isinstance(rules, str):
        return describe_rules({"combine": "AND", "matchers": list(rules)})
    return "as the example"


def _array_contains(rule: Mapping[str, Any], example: Any) -> str:
    variants = rule.get("variants") or []
    parts = []
    for variant in variants:
        index = variant.get("index", "?") if isinstance(variant, Mapping) else "?"
        inner = variant.get("rules") if isinstance(variant, Mapping) else None
        text = f"an item like example item {index}"
        if isinstance(inner, Mapping) and inner:
            detail = "; ".join(f"{path}: {describe_rules(group)}" for path, group in inner.items())
            text += f" ({detail})"
        parts.append(text)
    if not parts:
        return "an array (with no variants to contain)"
    return "an array containing " + ", and ".join(parts) + ", in any order"


def _status(rule: Mapping[str, Any], example: Any) -> str:
    status = rule.get("status")
    if isinstance(status, list):
        return "one of the statuses " + ", ".join(str(code) for code in status)
    if isinstance(status, str) and status in _STATUS_CLASSES:
        return _STATUS_CLASSES[status]
    return f"a status of class {_literal(status)}"


def _regex(rule: Mapping[str, Any], example: Any) -> str:
    pattern = rule.get("regex", "")
    for form, uuid_pattern in UUID_PATTERNS.items():  # the patterns the "uuid" matcher words write
        if pattern == uuid_pattern:
            return f"a UUID ({form})" if form else "a UUID"
    return f"text matching {pattern}"


_RULE_WORDS: dict[str, Callable[[Mapping[str, Any], Any], str]] = {
    "equality": lambda r, e: "equal to the example" if e is NO_EXAMPLE else f"exactly {_literal(e)}",
    "regex": _regex,
    "type": _type_rule,
    "min": lambda r, e: _array(r.get("min"), None),
    "max": lambda r, e: _array(None, r.get("max")),
    "include": lambda r, e: f"text containing {_literal(r.get('value', ''))}",
    "integer": lambda r, e: "any integer",
    "decimal": lambda r, e: "any decimal number",
    "real": lambda r, e: "any decimal number",
    "number": lambda r, e: "any number",
    "boolean": lambda r, e: "true or false",
    "null": lambda r, e: "null",
    "date": _format_rule("date", "yyyy-MM-dd"),
    "time": _format_rule("time", "HH:mm:ss"),
    "timestamp": _format_rule("date and time", "yyyy-MM-dd'T'HH:mm:ss"),
    "datetime": _format_rule("date and time", "yyyy-MM-dd'T'HH:mm:ss"),
    "values": lambda r, e: "an object with any keys, each value like the example's",
    "contentType": lambda r, e: f"content of type {r.get('value', '?')}",
    "content-type": lambda r, e: f"content of type {r.get('value', '?')}",
    "notEmpty": lambda r, e: "not empty" if e is NO_EXAMPLE else f"a non-empty {example_type(e)}",
    "semver": lambda r, e: "a semantic version (like 1.2.3)",
    "eachKey": lambda r, e: f"an object whose every key is {_nested(r.get('rules'))}",
    "eachValue": lambda r, e: f"an object or array whose every value is {_nested(r.get('rules'))}",
    "arrayContains": _array_contains,
    "statusCode": _status,
}


def describe_rule(rule: Mapping[str, Any], example: Any = NO_EXAMPLE) -> str:
    """One matcher (``{"match": "integer"}``) in words; ``example`` (the value at its path) sharpens them."""
    if not isinstance(rule, Mapping):
        return f"an unreadable rule {_literal(rule)}"
    match = rule.get("match")
    if match is None:  # V2 shorthands: {"regex": …}, {"min": 1}, {"timestamp": …}
        for key in ("regex", "timestamp", "date", "time"):
            if key in rule:
                match = key
                break
        else:
            match = "type" if "min" in rule or "max" in rule else None
    words = _RULE_WORDS.get(str(match)) if match is not None else None
    if words is None:
        return f"rule {_literal(match)} {_literal(dict(rule))}" if match else f"rule {_literal(dict(rule))}"
    return words(rule, example)


def describe_rules(group: Mapping[str, Any] | Sequence[Mapping[str, Any]], example: Any = NO_EXAMPLE) -> str:
    """A rule group (``{"combine": "AND"|"OR", "matchers": [...]}``) in words, joined by 'and' / 'or'."""
    if isinstance(group, Mapping) and "matchers" in group:
        matchers = group.get("matchers") or []
        combine = str(group.get("combine", "AND")).upper()
    elif isinstance(group, Mapping):
        matchers, combine = [group], "AND"
    else:
        matchers, combine = list(group), "AND"
    parts = [describe_rule(rule, example) for rule in matchers]
    if not parts:
        return "no rule"
    return (" or " if combine == "OR" else " and ").join(parts)


def _shift(gen: Mapping[str, Any]) -> str:
    expression = gen.get("expression")
    return f", at {expression}" if expression else ""


def _when(kind: str, default: str) -> Callable[[Mapping[str, Any]], str]:
    def words(gen: Mapping[str, Any]) -> str:
        fmt = gen.get("format") or default
        return f"the current {kind}{_shift(gen)}, formatted {fmt}"

    return words


def _uuid(gen: Mapping[str, Any]) -> str:
    fmt = gen.get("format")
    return f"a random UUID ({fmt})" if fmt else "a random UUID"


def _random_int(gen: Mapping[str, Any]) -> str:
    return f"a random integer from {gen.get('min', 0)} to {gen.get('max', 2147483647)}"


_GENERATOR_WORDS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "RandomInt": _random_int,
    "RandomDecimal": lambda g: f"a random decimal number of {g.get('digits', 10)} digits",
    "RandomHexadecimal": lambda g: f"a random hexadecimal string of {g.get('digits', 10)} digits",
    "RandomString": lambda g: f"a random string of {g.get('size', 10)} characters",
    "Regex": lambda g: f"a random string matching {g.get('regex', '')}",
    "Uuid": _uuid,
    "Date": _when("date", "yyyy-MM-dd"),
    "Time": _when("time", "HH:mm:ss"),
    "DateTime": _when("date and time", "yyyy-MM-dd'T'HH:mm:ss"),
    "Timestamp": _when("date and time", "yyyy-MM-dd'T'HH:mm:ss"),
    "RandomBoolean": lambda g: "true or false at random",
    "ProviderState": lambda g: f"filled in by the provider state: {g.get('expression', '')}",
    "MockServerURL": lambda g: f"the mock server's URL in place of {g.get('example', 'the example')}",
    "ArrayContains": lambda g: "generated per array variant",
}


def describe_generator(gen: Mapping[str, Any]) -> str:
    """One generator (``{"type": "RandomInt", "min": 1, "max": 9}``) in words."""
    if not isinstance(gen, Mapping):
        return f"an unreadable generator {_literal(gen)}"
    kind = gen.get("type")
    words = _GENERATOR_WORDS.get(str(kind))
    if words is None:
        return f"generator {_literal(kind)} {_literal(dict(gen))}"
    return words(gen)
