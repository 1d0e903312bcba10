"""Matchers written in Python: what ``pactspec.match``, ``pactspec.generate`` and the inline docstring
functions build.

Every matcher is a :class:`Matcher`: the example, the matcher words of the contract tables
(``"regex [0-9\\-]+"``, ``"each like min 1"``) and optional generator words. The words are read by
:mod:`pactspec.consumer._language`, so ``match.integer(12)`` in Python, ``{{ integer(12) }}`` in a
docstring and ``| $.id | 12 | integer |`` in a table are one rule, built by one implementation.

The inline docstring functions (:data:`INLINE_FUNCTIONS`) are the factories themselves; the
``pactspec.match`` functions call the same factories and add what a Python caller needs: the file
and line of the call, the example checked against its own matcher at once, and a wrong call
(an unknown keyword, a missing argument) told in one sentence naming the function, file:line and
argument.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, ParamSpec

from pactspec.consumer._language import CellMatcher, parse_generator, parse_matcher
from pactspec.errors import ContractSyntaxError, RuleError
from pactspec.rules import Rule, RuleList, parse_rule, parse_rule_list
from pactspec.sources import Source

__all__ = [
    "INLINE_FUNCTIONS",
    "Matcher",
    "call_error",
    "call_site",
    "compiled_generator",
    "compiled_matcher",
    "parsed_rule_list",
    "public",
    "rules_of",
    "shown_filename",
]

_UUID_EXAMPLE = "e2490de5-5bd3-43d5-b7c4-526e33f71304"
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


@dataclass(slots=True)
class Matcher:
    """A value of a contract together with its matcher words and generator words.

    ``words`` is empty for a generated value without a matcher (``pactspec.generate``); ``parts``
    holds the words of an :func:`all_of` / :func:`any_of` combination, joined by ``combine``.
    """

    example: Any
    words: str
    generator: str | None = None
    variants: tuple[Any, ...] | None = None  # array_contains
    line: int | None = None  # the line of the docstring it was written on, once rendered
    parts: tuple[str, ...] = ()
    combine: Literal["AND", "OR"] = "AND"
    function: str = ""  # "match.integer", for errors about a matcher written in Python
    source: Source | None = None  # where a Python caller wrote it

    def __str__(self) -> str:  # reached when a matcher is made part of a text ({{ "a" ~ integer(1) }}, f"{m}")
        raise RuleError(f"the inline matcher {self.words!r} must stand alone as a whole value, not be part of a "
                        "text; print repr() of it to see it")


@functools.lru_cache(maxsize=4096)
def compiled_matcher(words: str) -> CellMatcher | None:
    """:func:`parse_matcher`, once per distinct words (a thousand interactions share a few dozen)."""
    return parse_matcher(words)


@functools.lru_cache(maxsize=1024)
def rules_of(words: str) -> tuple[Rule, ...]:
    matcher = compiled_matcher(words)
    return tuple(parse_rule(rule) for rule in matcher.rules) if matcher is not None else ()


@functools.lru_cache(maxsize=1024)
def parsed_rule_list(words: str) -> RuleList:
    """The parsed rules the words stand for, once per distinct words (frozen, so shared by every path)."""
    matcher = compiled_matcher(words)
    assert matcher is not None
    return parse_rule_list(matcher.rule_list())


@functools.lru_cache(maxsize=1024)
def _generator_json(words: str) -> Mapping[str, Any] | None:
    return parse_generator(words)


def compiled_generator(words: str | None) -> dict[str, Any] | None:
    """:func:`parse_generator`, once per distinct words; a fresh dict each call (it goes into a pact)."""
    if not words:
        return None
    found = _generator_json(words)
    return dict(found) if found is not None else None


def _generator_words(generator: Any) -> str | None:
    """A matcher's ``generator=``: generator words, or what ``pactspec.generate`` made."""
    if generator is None or isinstance(generator, str):
        return generator
    if isinstance(generator, Matcher) and generator.generator and not generator.words:
        return generator.generator
    raise RuleError(f"generator= takes generator words such as \"random int 1 9\" or a pactspec.generate "
                    f"value such as generate.random_int(1, 9), not {generator!r}")


def _matcher_words(matcher: Any) -> str:
    if isinstance(matcher, str):
        return matcher
    if isinstance(matcher, Matcher) and matcher.words and not matcher.parts:
        return matcher.words
    raise RuleError(f"give a matcher as words such as \"integer\" or as a pactspec.match value such as "
                    f"match.integer(1), not {matcher!r}")


# ---- the factories: the inline docstring functions, and what pactspec.match calls --------------------


def _marker(name: str) -> Callable[..., Matcher]:
    def make(example: Any, *, generator: Any = None) -> Matcher:
        return Matcher(example, name, _generator_words(generator))

    make.__name__ = make.__qualname__ = name.replace(" ", "_")
    return make


def _bounds(low: int | None, high: int | None) -> str:
    return (f" min {low}" if low is not None else "") + (f" max {high}" if high is not None else "")


def _like(example: Any, min: int | None = None, max: int | None = None, *, generator: Any = None) -> Matcher:
    return Matcher(example, "type" + _bounds(min, max), _generator_words(generator))


def _each_like(example: Any, min: int = 1, max: int | None = None) -> Matcher:
    return Matcher(example, "each like" + _bounds(min, max))


def _min(example: Any, count: int, *, generator: Any = None) -> Matcher:
    return Matcher(example, f"min {count}", _generator_words(generator))


def _max(example: Any, count: int, *, generator: Any = None) -> Matcher:
    return Matcher(example, f"max {count}", _generator_words(generator))


def _regex(example: Any, pattern: str | None = None, *, regex: str | None = None, generator: Any = None) -> Matcher:
    chosen = pattern if pattern is not None else regex
    if chosen is None:
        raise RuleError('regex() needs a pattern: regex("2020-01-01", "[0-9\\\\-]+")')
    return Matcher(example, f"regex {chosen}", _generator_words(generator))


def _dated(word: str) -> Callable[..., Matcher]:
    def make(example: Any, format: str | None = None, *, generator: Any = None) -> Matcher:
        return Matcher(example, f"{word} {format}" if format else word, _generator_words(generator))

    make.__name__ = make.__qualname__ = word
    return make


def _uuid(example: Any = _UUID_EXAMPLE, format: str | None = None, *, generator: Any = None) -> Matcher:
    return Matcher(example, f"uuid {format}" if format else "uuid", _generator_words(generator))


def _include(text: str, example: Any = None, *, generator: Any = None) -> Matcher:
    return Matcher(text if example is None else example, f'include "{text}"', _generator_words(generator))


def _null() -> Matcher:
    return Matcher(None, "null")


def _content_type(media: str, example: Any, *, generator: Any = None) -> Matcher:
    return Matcher(example, f"content type {media}", _generator_words(generator))


def _each(word: str) -> Callable[..., Matcher]:
    def make(example: Any, matcher: Any) -> Matcher:
        return Matcher(example, f"{word} {_matcher_words(matcher)}")

    make.__name__ = make.__qualname__ = word.replace(" ", "_")
    return make


def _array_contains(*variants: Any, matcher: Any = None) -> Matcher:
    words = f"array contains {_matcher_words(matcher)}" if matcher is not None else "array contains"
    return Matcher(list(variants), words, variants=variants)


def _words(example: Any, words: str, *, generator: Any = None) -> Matcher:
    return Matcher(example, words, _generator_words(generator))


def _combined(combine: Literal["AND", "OR"]) -> Callable[..., Matcher]:
    def make(example: Any, *matchers: Any, generator: Any = None) -> Matcher:
        if len(matchers) < 2:
            raise RuleError(f"{make.__name__}() combines two or more matchers, e.g. "
                            f'{make.__name__}(12, integer(0), regex(0, "[0-9]+"))')
        parts = tuple(_matcher_words(m) for m in matchers)
        for part in parts:
            parsed = compiled_matcher(part)
            if parsed is not None and (parsed.each_like is not None or parsed.array_contains is not None):
                raise RuleError(f"'{part}' cannot be combined with other matchers; combine type, regex, integer, "
                                "null, …")
        return Matcher(example, f" {combine.lower()} ".join(parts), _generator_words(generator), parts=parts,
                       combine=combine)

    make.__name__ = make.__qualname__ = "all_of" if combine == "AND" else "any_of"
    return make


INLINE_FUNCTIONS: Mapping[str, Callable[..., Matcher]] = {
    "match": _words,
    "like": _like,
    "type": _like,
    "each_like": _each_like,
    "min": _min,
    "max": _max,
    "integer": _marker("integer"),
    "decimal": _marker("decimal"),
    "number": _marker("number"),
    "boolean": _marker("boolean"),
    "string": _marker("string"),
    "equality": _marker("equality"),
    "values": _marker("values"),
    "not_empty": _marker("not empty"),
    "semver": _marker("semver"),
    "regex": _regex,
    "date": _dated("date"),
    "time": _dated("time"),
    "datetime": _dated("datetime"),
    "uuid": _uuid,
    "include": _include,
    "null": _null,
    "content_type": _content_type,
    "each_key": _each("each key"),
    "each_value": _each("each value"),
    "array_contains": _array_contains,
    "all_of": _combined("AND"),
    "any_of": _combined("OR"),
}


# ---- the pactspec.match functions -----------------------------------------------------------------


def call_site() -> Source:
    """Where the user's code called into pactspec: the first frame outside the package."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back  # type: ignore[assignment]
    if frame is None:
        return Source()
    return Source(shown_filename(frame.f_code.co_filename), frame.f_lineno)


@functools.lru_cache(maxsize=256)
def shown_filename(filename: str) -> str:
    """The file relative to the current directory when it is inside it (a thousand calls share a few files)."""
    try:
        relative = os.path.relpath(filename)
    except ValueError:  # another drive on Windows
        return filename
    return filename if relative.startswith("..") else relative


def call_error(function: str, raw: Callable[..., Any], args: tuple[Any, ...], kwargs: Mapping[str, Any],
               exc: TypeError, source: Source) -> ContractSyntaxError:
    """A wrong call of a public function as one sentence: which argument, and how to call it."""
    try:
        signature = inspect.signature(raw)
    except (TypeError, ValueError):
        return source.error(f"{function}() {exc}")
    shown = ", ".join(p.name if p.default is p.empty else f"{p.name}=…" for p in signature.parameters.values()
                      if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))
    accepted = set(signature.parameters)
    unknown = [name for name in kwargs if name not in accepted]
    if unknown and not any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values()):
        return source.error(f"{function}() has no argument {unknown[0]!r}; it takes ({shown})")
    text = str(exc).split("() ", 1)[-1]
    return source.error(f"{function}() {text}; it takes ({shown})")


_P = ParamSpec("_P")


def public(namespace: str, name: str, raw: Callable[_P, Matcher]) -> Callable[_P, Matcher]:
    """``raw`` as ``pactspec.<namespace>.<name>``: it remembers where it was called and says what is wrong there."""
    function = f"{namespace}.{name}"

    @functools.wraps(raw)
    def call(*args: _P.args, **kwargs: _P.kwargs) -> Matcher:
        try:
            made = raw(*args, **kwargs)
        except TypeError as exc:
            raise call_error(function, raw, args, kwargs, exc, call_site()) from None
        except RuleError as exc:
            raise call_site().error(f"{function}(): {exc}") from None
        made.function = function
        made.source = call_site()
        if made.words:
            _check_own_example(made)
        return made

    call.__name__ = call.__qualname__ = name
    return call


def _check_own_example(made: Matcher) -> None:
    """The words are valid and a single-value example satisfies them: told at the line that wrote it."""
    assert made.source is not None
    try:
        for part in made.parts or (made.words,):
            parsed = compiled_matcher(part)
            if parsed is not None:
                problem = parsed.check_example(made.example)
                if problem:
                    raise RuleError(problem)
        if isinstance(made.example, (dict, list)) or made.variants is not None:
            return  # containers are checked with the whole body, where the path is known
        messages = [message for part in made.parts or (made.words,) for rule in rules_of(part)
                    if (message := rule.check(made.example, made.example, False)) is not None]
    except RuleError as exc:
        raise made.source.error(f"{made.function}(): {exc}") from None
    failed = len(messages) == len(made.parts) if made.combine == "OR" and made.parts else bool(messages)
    if failed:
        raise made.source.error(f"{made.function}(example={made.example!r}) rejects its own example: "
                                f"{messages[0]}; give an example the matcher accepts")
