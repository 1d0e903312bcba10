"""Example strings for a regex (the Pact ``Regex`` generator), drawn from the parsed pattern.

Repetition is bounded (at most :data:`EXTRA_REPEATS` beyond a quantifier's minimum) so ``\\d+``
gives short numbers, and every candidate is checked with :meth:`SafePattern.full_match`;
lookarounds and possessive quantifiers can reject a draw, in which case another is drawn.
"""

from __future__ import annotations

import random
import string
from typing import Any, Protocol

from pactspec.errors import RuleError
from pactspec.regex._risk import CATEGORY_TESTS, sre_constants

__all__ = ["EXTRA_REPEATS", "Generable", "example_size", "generate_match"]


class Generable(Protocol):
    """What generation needs of a compiled regex (a :class:`~pactspec.regex._safe.SafePattern` has it)."""

    @property
    def pattern(self) -> str: ...

    @property
    def parsed(self) -> Any: ...

    def full_match(self, text: str) -> bool: ...


EXTRA_REPEATS = 8
_ATTEMPTS = 50
_PRINTABLE = string.ascii_letters + string.digits + " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_CATEGORY_CHARS = {
    sre_constants.CATEGORY_DIGIT: string.digits,
    sre_constants.CATEGORY_NOT_DIGIT: string.ascii_letters + "-_ ",
    sre_constants.CATEGORY_SPACE: " ",
    sre_constants.CATEGORY_NOT_SPACE: string.ascii_letters + string.digits,
    sre_constants.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    sre_constants.CATEGORY_NOT_WORD: " -.,:;!",
}


def generate_match(pattern: Generable, rng: random.Random | None = None) -> str:
    """A string ``pattern`` fully matches; RuleError when none can be drawn."""
    rng = rng or random.Random()
    tree = pattern.parsed
    for _ in range(_ATTEMPTS):
        out: list[str] = []
        _emit(tree, rng, out, {})
        candidate = "".join(out)
        if pattern.full_match(candidate):
            return candidate
    raise RuleError(
        f"regex /{pattern.pattern}/ could not produce an example (its lookarounds or possessive "
        "quantifiers rejected every draw); give the generator a simpler regex or the rule an example"
    )


def example_size(tree: Any, groups: dict[int, int] | None = None) -> int:
    """The most characters :func:`generate_match` can draw for ``tree`` (a parsed pattern).

    Counted before drawing, so ``[a-z]{99999999}`` is refused at once instead of building the string.
    """
    groups = {} if groups is None else groups
    total = 0
    for op, av in tree:
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            lo, hi, body = av
            times = min(hi, lo + EXTRA_REPEATS)
            total += times * example_size(body, groups) if times else 0
        elif op is sre_constants.BRANCH:
            total += max((example_size(branch, groups) for branch in av[1]), default=0)
        elif op is sre_constants.SUBPATTERN:
            size = example_size(av[3], groups)
            if av[0] is not None:
                groups[av[0]] = size
            total += size
        elif op is sre_constants.ATOMIC_GROUP:
            total += example_size(av, groups)
        elif op is sre_constants.GROUPREF_EXISTS:
            total += max(example_size(av[1], groups), example_size(av[2] or [], groups))
        elif op is sre_constants.GROUPREF:
            total += groups.get(av, 0)
        elif op in (sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.ANY, sre_constants.IN):
            total += 1
    return total


def _emit(tree: Any, rng: random.Random, out: list[str], groups: dict[int, str]) -> None:
    for op, av in tree:
        if op is sre_constants.LITERAL:
            out.append(chr(av))
        elif op is sre_constants.NOT_LITERAL:
            out.append(rng.choice([c for c in _PRINTABLE if c != chr(av)]))
        elif op is sre_constants.ANY:
            out.append(rng.choice(_PRINTABLE))
        elif op is sre_constants.IN:
            out.append(_pick_in(av, rng))
        elif op is sre_constants.BRANCH:
            _emit(rng.choice(av[1]), rng, out, groups)
        elif op is sre_constants.SUBPATTERN:
            group, _, _, body = av
            start = len(out)
            _emit(body, rng, out, groups)
            if group is not None:
                groups[group] = "".join(out[start:])
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            lo, hi, body = av
            for _ in range(rng.randint(lo, max(lo, min(hi, lo + EXTRA_REPEATS)))):
                _emit(body, rng, out, groups)
        elif op is sre_constants.ATOMIC_GROUP:
            _emit(av, rng, out, groups)
        elif op is sre_constants.GROUPREF:
            out.append(groups.get(av, ""))
        elif op is sre_constants.GROUPREF_EXISTS:
            group, yes, no = av
            branch = yes if group in groups else no
            if branch is not None:
                _emit(branch, rng, out, groups)
        # AT (anchors) and lookarounds produce nothing; the final full_match check enforces them.


def _contains(items: Any, ch: str) -> bool:
    code = ord(ch)
    for op, av in items:
        if op is sre_constants.LITERAL and av == code:
            return True
        if op is sre_constants.RANGE and av[0] <= code <= av[1]:
            return True
        if op is sre_constants.CATEGORY and av in CATEGORY_TESTS and CATEGORY_TESTS[av].match(ch):
            return True
    return False


def _pick_in(items: Any, rng: random.Random) -> str:
    if items and items[0][0] is sre_constants.NEGATE:
        rest = items[1:]
        allowed = [c for c in _PRINTABLE if not _contains(rest, c)]
        return rng.choice(allowed or ["\u00e9", "\u4e2d"])
    op, av = rng.choice(list(items))
    if op is sre_constants.LITERAL:
        return chr(av)
    if op is sre_constants.RANGE:
        lo, hi = av
        # Prefer printable ASCII inside wide ranges such as \u0000-\uffff.
        ascii_part = [c for c in _PRINTABLE if lo <= ord(c) <= hi]
        if ascii_part:
            return rng.choice(ascii_part)
        code = rng.randint(lo, hi)
        return chr(code) if not 0xD800 <= code <= 0xDFFF else chr(lo)
    if op is sre_constants.CATEGORY:
        return rng.choice(_CATEGORY_CHARS.get(av, string.ascii_letters))
    return rng.choice(string.ascii_letters)
