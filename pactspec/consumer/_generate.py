"""``pactspec.generate``: the generator table's words as functions, for contracts written in Python.

``generate.random_int(1, 9)`` is the generator cell ``random int 1 9``: use it as a value in the
content (the example is what the generator makes with a fixed seed, or ``example=``), or as a
matcher's ``generator=`` (``match.integer(12, generator=generate.random_int(1, 9))``). Each builds
the same :class:`~pactspec.consumer._markers.Matcher` (without matcher words) that the generator
words of a table build, read by the one reader of generator words.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from pactspec.consumer._markers import Matcher, compiled_generator, public
from pactspec.errors import RuleError
from pactspec.generators import from_json

__all__ = [
    "date",
    "datetime",
    "mock_server_url",
    "provider_state",
    "random_boolean",
    "random_decimal",
    "random_hex",
    "random_int",
    "random_string",
    "regex",
    "time",
    "uuid",
]

# Examples are made with a fixed seed and clock, so that writing a contract twice writes the same pact.
_SEED = 0
_NOW = dt.datetime(2024, 1, 1, 12, 0, tzinfo=dt.UTC)


def _generated(words: str, example: Any) -> Matcher:
    generator = compiled_generator(words)  # a mistake in the words is told here, at the call
    if example is None:
        assert generator is not None
        example = from_json(generator).generate({"random": random.Random(_SEED), "now": _NOW})
    return Matcher(example, "", words)


def _random_int(min: int = 0, max: int = 2147483647, *, example: Any = None) -> Matcher:
    return _generated(f"random int {min} {max}", example)


def _random_decimal(digits: int = 10, *, example: Any = None) -> Matcher:
    return _generated(f"random decimal {digits}", example)


def _random_hex(digits: int = 10, *, example: Any = None) -> Matcher:
    return _generated(f"random hex {digits}", example)


def _random_string(size: int = 10, *, example: Any = None) -> Matcher:
    return _generated(f"random string {size}", example)


def _random_boolean(*, example: Any = None) -> Matcher:
    return _generated("random boolean", example)


def _regex(pattern: str, *, example: Any = None) -> Matcher:
    return _generated(f"regex {pattern}", example)


def _uuid(format: str | None = None, *, example: Any = None) -> Matcher:
    return _generated(f"uuid {format}" if format else "uuid", example)


def _dated(word: str) -> Callable[..., Matcher]:
    def make(format: str | None = None, expression: str | None = None, *, example: Any = None) -> Matcher:
        words = word + (f" {format}" if format else "") + (f" at {expression}" if expression else "")
        return _generated(words, example)

    make.__name__ = make.__qualname__ = word
    return make


def _provider_state(expression: str, *, example: Any) -> Matcher:
    if "${" not in expression:
        raise RuleError(f"the expression {expression!r} names no provider-state value; write e.g. \"${{id}}\"")
    return _generated(f"provider state {expression}", example)


def _mock_server_url(example: str, regex: str) -> Matcher:
    return _generated(f"mock server url {example} {regex}", example)


random_int = public("generate", "random_int", _random_int)
random_decimal = public("generate", "random_decimal", _random_decimal)
random_hex = public("generate", "random_hex", _random_hex)
random_string = public("generate", "random_string", _random_string)
random_boolean = public("generate", "random_boolean", _random_boolean)
regex = public("generate", "regex", _regex)
uuid = public("generate", "uuid", _uuid)
date = public("generate", "date", _dated("date"))
time = public("generate", "time", _dated("time"))
datetime = public("generate", "datetime", _dated("datetime"))
provider_state = public("generate", "provider_state", _provider_state)
mock_server_url = public("generate", "mock_server_url", _mock_server_url)
