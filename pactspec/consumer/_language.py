"""The matcher language of contract tables: words in a cell ↔ Pact matching-rule and generator JSON.

A matcher cell such as ``regex [0-9\\-]+`` or ``each like min 1`` becomes the Pact rule JSON
(``{"match": "regex", "regex": "[0-9\\-]+"}``); a generator cell such as ``random int 1 9`` becomes
the Pact generator JSON. Example and parameter cells are typed like JSON: ``127`` is an integer,
``"127"`` a string, anything that is not JSON is text. (The living docs put a pact's rules back
into words with :mod:`pactspec.docs._describe`.)
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pactspec.content import MAX_DEPTH, json_depth, reject_constant, too_deep
from pactspec.errors import RuleError
from pactspec.generators import from_json
from pactspec.model import NO_BODY
from pactspec.regex import UUID_PATTERNS
from pactspec.rules import parse_rule

__all__ = [
    "GENERATOR_WORDS",
    "MATCHER_WORDS",
    "MAX_EXAMPLE_ITEMS",
    "CellMatcher",
    "parse_generator",
    "parse_matcher",
    "parse_value",
]

MATCHER_WORDS = (
    "type [min N] [max N]",
    "min N",
    "max N",
    "regex P",
    "integer",
    "decimal",
    "number",
    "boolean",
    "string",
    "date [F]",
    "time [F]",
    "datetime [F]",
    "uuid [simple|lowercase|uppercase|urn]",  # also lower-case-hyphenated|upper-case-hyphenated
    "include S",
    "null",
    "equality",
    "values",
    "not empty",
    "semver",
    "content type T",
    "each like [min N] [max N]",
    "each key <matcher>",
    "each value <matcher>",
    "array contains [<matcher>]",
)

GENERATOR_WORDS = (
    "random int A B",
    "random decimal [N]",
    "random hex [N]",
    "random string [N]",
    "random boolean",
    "regex P",
    "uuid [simple|lower-case-hyphenated|upper-case-hyphenated|URN]",
    "date [F] [at EXPRESSION]",
    "time [F] [at EXPRESSION]",
    "datetime [F] [at EXPRESSION]",
    "provider state EXPRESSION",
    "mock server url EXAMPLE REGEX",
)

# The UUID forms in both spellings, each place accepting the other's: the matcher words
# (simple|lowercase|uppercase|urn) and Pact's generator format names
# (simple|lower-case-hyphenated|upper-case-hyphenated|URN).
_UUID_MATCHER_FORM = {"lower-case-hyphenated": "lowercase", "upper-case-hyphenated": "uppercase"}
_UUID_GENERATOR_FORM = {"simple": "simple", "lower-case-hyphenated": "lower-case-hyphenated",
                        "upper-case-hyphenated": "upper-case-hyphenated", "urn": "URN",
                        "lowercase": "lower-case-hyphenated", "uppercase": "upper-case-hyphenated"}

_SIMPLE = {
    "integer": "integer",
    "decimal": "decimal",
    "number": "number",
    "boolean": "boolean",
    "null": "null",
    "equality": "equality",
    "values": "values",
    "semver": "semver",
    "not empty": "notEmpty",
}
# The most elements an 'each like min N' example array is built with (a message, not a data set).
MAX_EXAMPLE_ITEMS = 10_000
_DATE_WORDS = {"date": "date", "time": "time", "datetime": "datetime", "timestamp": "datetime"}
_KNOWN_HEADS = [*_SIMPLE, "string", "type", "regex", "date", "time", "datetime", "uuid", "include",
                "content type", "each like", "each key", "each value", "array contains"]
_HINT = "write one of: " + ", ".join(MATCHER_WORDS)
_GENERATOR_HINT = "write one of: " + ", ".join(GENERATOR_WORDS)


@dataclass(frozen=True, slots=True)
class CellMatcher:
    """A parsed matcher cell: the Pact rules plus what the words say about the example.

    ``each_like`` is ``(min, max)`` when the example is one element of an array (``each like``);
    ``array_contains`` holds the rules each variant gets (``None`` when it is not ``array contains``);
    ``expects`` names the example's required JSON type (``"string"`` for ``string``), if any.
    """

    text: str
    rules: tuple[Mapping[str, Any], ...]
    each_like: tuple[int, int | None] | None = None
    array_contains: tuple[Mapping[str, Any], ...] | None = None
    expects: str | None = None

    def rule_list(self, example: Any = NO_BODY) -> dict[str, Any]:
        """The Pact JSON for this cell's path: ``{"combine": "AND", "matchers": [...]}``.

        Given the example, ``eachKey``/``eachValue`` carry it as compact JSON text under ``value``, as the
        Pact reference implementation writes them.
        """
        matchers = [dict(rule) for rule in self.rules]
        if example is not NO_BODY:
            for rule in matchers:
                if rule["match"] in ("eachKey", "eachValue"):
                    rule["value"] = json.dumps(example, separators=(",", ":"), ensure_ascii=False)
        return {"combine": "AND", "matchers": matchers}

    def shape_example(self, example: Any) -> Any:
        """The body value the example stands for: one element becomes an array for ``each like``."""
        if self.each_like is not None:
            low = self.each_like[0]
            return [example] * max(low, 1)
        return example

    def check_example(self, example: Any) -> str | None:
        """A sentence saying why the example cannot carry this matcher, or ``None``."""
        if self.expects == "string" and not isinstance(example, str):
            return (
                f"the example {json.dumps(example)} is not a string but the matcher says 'string'; "
                f'write it in quotes ("{example}") or use another matcher'
            )
        if self.array_contains is not None and not isinstance(example, list):
            return (
                f"'{self.text}' needs the example to be a JSON array of the values it must contain, "
                f"such as [1, 2]; got {json.dumps(example)}"
            )
        return None


def parse_value(text: str) -> Any:
    """A table cell typed like JSON: ``127`` → 127, ``"127"`` → '127', ``Billy`` → 'Billy'."""
    stripped = text.strip()
    if not stripped:
        return ""
    if stripped[0] in '-0123456789"[{tfn':
        depth = json_depth(stripped)
        if depth > MAX_DEPTH:
            raise RuleError(f"the value cannot be read: {too_deep(depth)}")
        try:
            return json.loads(stripped, parse_constant=reject_constant)
        except ValueError:
            pass
    return stripped


def parse_matcher(text: str) -> CellMatcher | None:
    """Parse a matcher cell; ``None`` for an empty cell. Raises :class:`RuleError` with a hint.

    The rules are checked as the verifier will read them (regexes compiled, date formats parsed), so
    a bad pattern is reported at the cell that wrote it rather than when the example is matched.
    """
    matcher = _parse_matcher(text)
    if matcher is not None:
        for rule in (*matcher.rules, *(matcher.array_contains or ())):
            parse_rule(rule)
    return matcher


def _parse_matcher(text: str) -> CellMatcher | None:
    words = text.strip()
    if not words:
        return None
    lowered = words.lower()
    if lowered.startswith("each like") and _boundary(lowered, "each like"):
        low, high = _bounds(words[len("each like"):], words)
        rule: dict[str, Any] = {"match": "type", "min": max(low if low is not None else 1, 0)}
        if high is not None:
            rule["max"] = high
        if high is not None and high < rule["min"]:
            raise RuleError(f"'{words}' has max {high} below min {rule['min']}; make max at least min")
        if rule["min"] > MAX_EXAMPLE_ITEMS:
            # The example array is built with min elements; verifying a large min stays cheap (counting),
            # so only this consumer-side generation is capped.
            raise RuleError(f"'{words}' asks for an example array of {rule['min']:,} elements; the limit is "
                            f"{MAX_EXAMPLE_ITEMS:,}, so lower min (the provider's messages are still checked "
                            "against the rule)")
        return CellMatcher(words, (rule,), each_like=(rule["min"], high))
    if lowered.startswith("each key") and _boundary(lowered, "each key"):
        inner = _inner(words, "each key")
        return CellMatcher(words, ({"match": "eachKey", "rules": [dict(r) for r in inner.rules]},))
    if lowered.startswith("each value") and _boundary(lowered, "each value"):
        inner = _inner(words, "each value")
        return CellMatcher(words, ({"match": "eachValue", "rules": [dict(r) for r in inner.rules]},))
    if lowered.startswith("array contains") and _boundary(lowered, "array contains"):
        rest = words[len("array contains"):].strip()
        variant_rules: tuple[Mapping[str, Any], ...] = ()
        if rest:
            variant = _parse_matcher(rest)
            assert variant is not None
            if variant.each_like or variant.array_contains is not None:
                raise RuleError(f"'{words}': a variant matcher cannot itself be '{rest}'; use type or regex")
            variant_rules = variant.rules
        # the variants are filled in from the example by the contract builder
        return CellMatcher(words, ({"match": "arrayContains", "variants": []},), array_contains=variant_rules)
    return CellMatcher(words, (_single(words),), expects="string" if lowered == "string" else None)


def _boundary(lowered: str, prefix: str) -> bool:
    return len(lowered) == len(prefix) or lowered[len(prefix)] == " "


def _inner(words: str, prefix: str) -> CellMatcher:
    rest = words[len(prefix):].strip()
    if not rest:
        raise RuleError(f"'{words}' needs the matcher the {prefix[5:]}s must satisfy, e.g. '{prefix} regex [a-z]+'")
    inner = _parse_matcher(rest)
    assert inner is not None
    if inner.each_like or inner.array_contains is not None:
        raise RuleError(f"'{words}': '{rest}' cannot be nested under '{prefix}'; use type, regex, integer, ...")
    return inner


def _single(words: str) -> dict[str, Any]:
    head, _, rest = words.partition(" ")
    key = head.lower()
    rest = rest.strip()
    lowered = words.lower()
    if lowered in _SIMPLE:
        return {"match": _SIMPLE[lowered]}
    if key == "string" and not rest:
        return {"match": "type"}
    if key == "type":
        low, high = _bounds(rest, words)
        rule: dict[str, Any] = {"match": "type"}
        if low is not None:
            rule["min"] = low
        if high is not None:
            rule["max"] = high
        if low is not None and high is not None and low > high:
            raise RuleError(f"'{words}' has min {low} greater than max {high}; write the smaller bound as min, "
                            f"e.g. 'type min {high} max {low}'")
        return rule
    if key in ("min", "max"):
        value = _int(rest, words)
        return {"match": key, key: value}
    if key == "regex":
        if not rest:
            raise RuleError(f"'{words}' needs a pattern after 'regex', e.g. 'regex [0-9]+'")
        return {"match": "regex", "regex": rest}
    if key in _DATE_WORDS:
        rule = {"match": _DATE_WORDS[key]}
        if rest:
            rule["format"] = _unquote(rest)
        return rule
    if key == "uuid":
        form = _UUID_MATCHER_FORM.get(rest.lower(), rest.lower())
        if form not in UUID_PATTERNS:
            raise RuleError(f"'{words}': unknown UUID format {rest!r}; write uuid, or uuid simple|lowercase|uppercase|urn")
        return {"match": "regex", "regex": UUID_PATTERNS[form]}
    if key == "include":
        if not rest:
            raise RuleError(f"'{words}' needs the text to include, e.g. 'include @example.com'")
        return {"match": "include", "value": _unquote(rest)}
    if lowered in ("content type", "contenttype"):
        raise RuleError(f"'{words}' needs the media type, e.g. 'content type image/png'")
    if lowered.startswith(("content type ", "contenttype ")):
        media = words.split(None, 2)[-1] if lowered.startswith("content type ") else rest
        return {"match": "contentType", "value": media.strip()}
    close = difflib.get_close_matches(lowered, _KNOWN_HEADS, n=1, cutoff=0.6) or difflib.get_close_matches(
        key, _KNOWN_HEADS, n=1, cutoff=0.6
    )
    suggestion = f"did you mean '{close[0]}'? " if close else ""
    raise RuleError(f"unknown matcher '{words}'; {suggestion}{_HINT}")


def _bounds(text: str, words: str) -> tuple[int | None, int | None]:
    tokens = text.split()
    low = high = None
    if len(tokens) % 2:
        raise RuleError(f"'{words}': write the bounds as 'min N' and/or 'max N', e.g. 'type min 1 max 5'")
    for name, value in zip(tokens[::2], tokens[1::2]):
        if name.lower() == "min" and low is None:
            low = _int(value, words)
        elif name.lower() == "max" and high is None:
            high = _int(value, words)
        else:
            raise RuleError(f"'{words}': expected 'min N' or 'max N', got '{name} {value}'")
    return low, high


def _int(text: str, words: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise RuleError(f"'{words}': {text.strip() or 'nothing'} is not a whole number; write e.g. 'min 1'") from None
    if value < 0:
        raise RuleError(f"'{words}': {value} is negative; write a count of 0 or more")
    return value


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'" and text.count(text[0]) == 2:
        return text[1:-1]
    return text


def parse_generator(text: str) -> dict[str, Any] | None:
    """Parse a generator cell into Pact generator JSON; ``None`` for an empty cell.

    The generator is checked as the verifier will read it (regex, date format and expression), so a
    mistake is reported at the cell that wrote it.
    """
    generator = _parse_generator(text)
    if generator is not None:
        from_json(generator)
    return generator


def _parse_generator(text: str) -> dict[str, Any] | None:
    words = text.strip()
    if not words:
        return None
    lowered = words.lower()
    tokens = words.split()
    if [t.lower() for t in tokens[:2]] == ["random", "int"]:
        if len(tokens) == 2:
            return {"type": "RandomInt", "min": 0, "max": 2147483647}
        if len(tokens) != 4:
            raise RuleError(f"'{words}': write 'random int A B' with the smallest and largest value, e.g. 'random int 1 100'")
        low, high = (_signed_int(t, words) for t in tokens[2:])
        if high < low:
            raise RuleError(f"'{words}': {high} is below {low}; write the smaller number first")
        return {"type": "RandomInt", "min": low, "max": high}
    for word, kind, field in (
        ("random decimal", "RandomDecimal", "digits"),
        ("random hexadecimal", "RandomHexadecimal", "digits"),
        ("random hex", "RandomHexadecimal", "digits"),
        ("random string", "RandomString", "size"),
    ):
        if lowered == word or lowered.startswith(word + " "):
            rest = words[len(word):].strip()
            return {"type": kind, field: _int(rest, words) if rest else 10}
    if lowered == "random boolean":
        return {"type": "RandomBoolean"}
    if lowered.startswith("regex "):
        return {"type": "Regex", "regex": words[6:].strip()}
    if tokens[0].lower() == "uuid":
        forms = _UUID_GENERATOR_FORM
        if len(tokens) == 1:
            return {"type": "Uuid"}
        if len(tokens) == 2 and tokens[1].lower() in forms:
            return {"type": "Uuid", "format": forms[tokens[1].lower()]}
        raise RuleError(f"'{words}': write uuid, or uuid simple|lower-case-hyphenated|upper-case-hyphenated|URN")
    if tokens[0].lower() in ("date", "time", "datetime"):
        kind = {"date": "Date", "time": "Time", "datetime": "DateTime"}[tokens[0].lower()]
        rest = words[len(tokens[0]):].strip()
        generator: dict[str, Any] = {"type": kind}
        fmt, sep, expression = rest.partition(" at ")
        if not sep and rest.lower().startswith("at "):
            fmt, expression = "", rest[3:]
        if fmt.strip():
            generator["format"] = _unquote(fmt)
        if expression.strip():
            generator["expression"] = _unquote(expression)
        return generator
    if lowered.startswith("provider state "):
        expression = _unquote(words[len("provider state "):])
        return {"type": "ProviderState", "expression": expression}
    if lowered.startswith("mock server url ") and len(tokens) >= 5:
        return {"type": "MockServerURL", "example": tokens[3], "regex": " ".join(tokens[4:])}
    close = difflib.get_close_matches(lowered, [w.split(" [")[0].split(" A")[0] for w in GENERATOR_WORDS], n=1)
    suggestion = f"did you mean '{close[0]}'? " if close else ""
    raise RuleError(f"unknown generator '{words}'; {suggestion}{_GENERATOR_HINT}")


def _signed_int(text: str, words: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise RuleError(f"'{words}': {text} is not a whole number") from None
