"""``pactspec.match``: the matcher table's words as functions, for contracts written in Python.

``match.integer(12)``, ``match.regex("2020-01-01", r"[0-9\\-]+")``, ``match.each_like({...}, min=1)``:
each returns the :class:`~pactspec.consumer._markers.Matcher` that the inline docstring function of
the same name builds (one implementation, :mod:`pactspec.consumer._markers`), with the file and line
of the call, and its example already checked against its own matcher. Every function takes
``generator=`` (generator words, or a ``pactspec.generate`` value) where its inline twin does.
``all_of`` / ``any_of`` combine matchers (Pact's ``"combine": "AND"`` / ``"OR"``); ``words`` takes any
matcher words of the table.
"""

from __future__ import annotations

from pactspec.consumer._markers import INLINE_FUNCTIONS, public

__all__ = [
    "all_of",
    "any_of",
    "array_contains",
    "boolean",
    "content_type",
    "date",
    "datetime",
    "decimal",
    "each_key",
    "each_like",
    "each_value",
    "equality",
    "include",
    "integer",
    "like",
    "max",
    "min",
    "not_empty",
    "null",
    "number",
    "regex",
    "semver",
    "string",
    "time",
    "type",
    "uuid",
    "values",
    "words",
]

like = public("match", "like", INLINE_FUNCTIONS["like"])
type = public("match", "type", INLINE_FUNCTIONS["type"])
each_like = public("match", "each_like", INLINE_FUNCTIONS["each_like"])
min = public("match", "min", INLINE_FUNCTIONS["min"])
max = public("match", "max", INLINE_FUNCTIONS["max"])
integer = public("match", "integer", INLINE_FUNCTIONS["integer"])
decimal = public("match", "decimal", INLINE_FUNCTIONS["decimal"])
number = public("match", "number", INLINE_FUNCTIONS["number"])
boolean = public("match", "boolean", INLINE_FUNCTIONS["boolean"])
string = public("match", "string", INLINE_FUNCTIONS["string"])
equality = public("match", "equality", INLINE_FUNCTIONS["equality"])
values = public("match", "values", INLINE_FUNCTIONS["values"])
not_empty = public("match", "not_empty", INLINE_FUNCTIONS["not_empty"])
semver = public("match", "semver", INLINE_FUNCTIONS["semver"])
regex = public("match", "regex", INLINE_FUNCTIONS["regex"])
date = public("match", "date", INLINE_FUNCTIONS["date"])
time = public("match", "time", INLINE_FUNCTIONS["time"])
datetime = public("match", "datetime", INLINE_FUNCTIONS["datetime"])
uuid = public("match", "uuid", INLINE_FUNCTIONS["uuid"])
include = public("match", "include", INLINE_FUNCTIONS["include"])
null = public("match", "null", INLINE_FUNCTIONS["null"])
content_type = public("match", "content_type", INLINE_FUNCTIONS["content_type"])
each_key = public("match", "each_key", INLINE_FUNCTIONS["each_key"])
each_value = public("match", "each_value", INLINE_FUNCTIONS["each_value"])
array_contains = public("match", "array_contains", INLINE_FUNCTIONS["array_contains"])
all_of = public("match", "all_of", INLINE_FUNCTIONS["all_of"])
any_of = public("match", "any_of", INLINE_FUNCTIONS["any_of"])
words = public("match", "words", INLINE_FUNCTIONS["match"])
