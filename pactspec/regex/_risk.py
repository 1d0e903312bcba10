"""Which regexes can make a backtracking engine take exponential or high-polynomial time.

Static analysis of the ``re`` parser's tree, used by :mod:`pactspec.regex._safe` to decide which
patterns run in-process and which run in the time-limited worker (the shapes are listed there).
"""

from __future__ import annotations

import functools
import importlib
import re
import warnings
from typing import Any

__all__ = ["CATEGORY_TESTS", "longest_chain", "parse_tree", "risk", "sre_constants", "variable_repeat_count"]

# Python 3.11 moved the parser into re; the old sre_* modules still work but warn.
sre_constants: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")

_MAXREPEAT = sre_constants.MAXREPEAT
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)
_RIGID = (sre_constants.POSSESSIVE_REPEAT, sre_constants.ATOMIC_GROUP)
# A bounded outer repeat this small cannot multiply the work enough to matter.
_SMALL_REPEAT = 3


@functools.lru_cache(maxsize=1024)
def parse_tree(python_pattern: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sre_parse.parse(python_pattern)


# Characters that stand for "everything" when deciding whether two parts of a pattern can
# consume the same text: ASCII, Latin-1 and a few Unicode digits, spaces and letters.
_SAMPLES = frozenset(
    [chr(c) for c in range(0x180)] + ["\u0660", "\u0966", "\u2000", "\u2028", "\u3000", "\u4e2d", "\U0001f600"]
)
CATEGORY_TESTS = {
    sre_constants.CATEGORY_DIGIT: re.compile(r"\d"),
    sre_constants.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    sre_constants.CATEGORY_SPACE: re.compile(r"\s"),
    sre_constants.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    sre_constants.CATEGORY_WORD: re.compile(r"\w"),
    sre_constants.CATEGORY_NOT_WORD: re.compile(r"\W"),
}


def _chars_of_item(op: Any, av: Any) -> frozenset[str]:
    """The sample characters one single-character node can match."""
    if op is sre_constants.LITERAL:
        return frozenset({chr(av), chr(av).lower(), chr(av).upper()})
    if op is sre_constants.NOT_LITERAL:
        return _SAMPLES - {chr(av)}
    if op is sre_constants.ANY:
        return _SAMPLES
    if op is sre_constants.IN:
        chars: set[str] = set()
        negate = False
        for item_op, item_av in av:
            if item_op is sre_constants.NEGATE:
                negate = True
            elif item_op is sre_constants.LITERAL:
                chars.update((chr(item_av), chr(item_av).lower(), chr(item_av).upper()))
            elif item_op is sre_constants.RANGE:
                lo, hi = item_av
                chars.update(c for c in _SAMPLES if lo <= ord(c) <= hi)
            elif item_op is sre_constants.CATEGORY and item_av in CATEGORY_TESTS:
                test = CATEGORY_TESTS[item_av]
                chars.update(c for c in _SAMPLES if test.match(c))
            else:
                return _SAMPLES
        return frozenset(_SAMPLES - chars if negate else chars)
    return _SAMPLES


def _chars(tree: Any) -> frozenset[str]:
    """Every sample character some part of ``tree`` can consume."""
    out: set[str] = set()
    for op, av in tree:
        if op in (sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.ANY, sre_constants.IN):
            out |= _chars_of_item(op, av)
        else:
            for child in _children(op, av):
                out |= _chars(child)
    return frozenset(out)


def _children(op: Any, av: Any) -> list[Any]:
    if op in _REPEATS or op is sre_constants.POSSESSIVE_REPEAT:
        return [av[2]]
    if op is sre_constants.SUBPATTERN:
        return [av[3]]
    if op is sre_constants.BRANCH:
        return list(av[1])
    if op is sre_constants.ATOMIC_GROUP:
        return [av]
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return [av[1]]
    if op is sre_constants.GROUPREF_EXISTS:
        return [p for p in av[1:] if p is not None]
    return []


def _variable_repeats(tree: Any) -> list[Any]:
    """The backtracking (non-possessive, non-atomic) repeats of varying length inside ``tree``."""
    found = []
    for op, av in tree:
        if op in _RIGID:
            continue
        if op in _REPEATS and av[0] != av[1]:
            found.append(av[2])
        found.extend(r for child in _children(op, av) for r in _variable_repeats(child))
    return found


def variable_repeat_count(tree: Any) -> int:
    """How many backtracking repeats of varying length ``tree`` holds, nested or not.

    Each may retry every split of the value with the others, so a match can cost about
    ``len(value) ** count`` steps when it fails (``\\d{1,60000}`` three times on 50k digits).
    """
    return len(_variable_repeats(tree))


def _first_chars(tree: Any) -> frozenset[str] | None:
    """The characters a match of ``tree`` can start with; None when it can match the empty string."""
    for op, av in tree:
        if op in (sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.ANY, sre_constants.IN):
            return _chars_of_item(op, av)
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue
        if op is sre_constants.SUBPATTERN or op is sre_constants.ATOMIC_GROUP:
            inner = _first_chars(av[3] if op is sre_constants.SUBPATTERN else av)
            if inner is None:
                return _SAMPLES  # an optional group: give up precision, stay conservative
            return inner
        if op in _REPEATS or op is sre_constants.POSSESSIVE_REPEAT:
            return _first_chars(av[2]) if av[0] > 0 else None
        if op is sre_constants.BRANCH:
            sets = [_first_chars(b) for b in av[1]]
            return None if any(s is None for s in sets) else frozenset().union(*sets)  # type: ignore[arg-type]
        return _SAMPLES
    return None


def _pinned(body: Any, inner: frozenset[str]) -> bool:
    """Whether each iteration of ``body`` starts or ends with a required character ``inner`` lacks."""
    single = (sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.IN, sre_constants.ANY)
    for end in (0, -1):
        node = list(body)
        while node:
            op, av = node[end]
            if op is sre_constants.SUBPATTERN:
                node = list(av[3])
                continue
            if op in single and not (_chars_of_item(op, av) & inner):
                return True
            break
    return False


def risk(tree: Any) -> str | None:
    """Why running ``tree`` with a backtracking engine could take very long, or None."""

    def visit(node: Any) -> str | None:
        for op, av in node:
            if op in (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS):
                return "it uses a backreference"
            # Inside an atomic group or possessive repeat the engine still backtracks until the
            # group first succeeds, so their contents are checked like any other.
            if op in _REPEATS:
                hi, body = av[1], av[2]
                if hi > _SMALL_REPEAT:
                    inner = _variable_repeats(body)
                    if inner:
                        inner_chars = frozenset().union(*(_chars(r) for r in inner))
                        if len(inner) > 1 or not _pinned(body, inner_chars):
                            return "it nests a variable-length repeat inside another repeat"
                    for branch_op, branch_av in _walk(body):
                        if branch_op is sre_constants.BRANCH and _overlapping(branch_av[1]):
                            return "it repeats an alternation whose branches can match the same text"
            reason = None
            for child in _children(op, av):
                reason = visit(child)
                if reason:
                    return reason
        return None

    reason = visit(tree)
    if reason:
        return reason
    if longest_chain(tree) >= 3:
        return "it has three or more unbounded repeats in a row over the same characters"
    return None


def longest_chain(tree: Any) -> int:
    """The most unbounded repeats in a row that can share characters (each one multiplies the work)."""
    longest = 0
    chain: list[frozenset[str]] = []
    saved: list[list[frozenset[str]]] = []
    for kind, chars in _sequence(tree):
        if kind == "optional":
            saved.append(chain)
        elif kind == "end":
            # Either path may be taken; keep the longer chain (the worse case).
            skipped = saved.pop()
            chain = chain if len(chain) >= len(skipped) else skipped
        elif kind == "repeat":
            chain = chain + [chars] if chain and chain[-1] & chars else [chars]
            longest = max(longest, len(chain))
        elif chain and not chain[-1] & chars:
            # A required character the repeat cannot consume fixes where the repeat ends.
            chain = []
    return longest


def _sequence(tree: Any) -> Any:
    """The pattern as a flat run of unbounded repeats, single characters and optional parts."""
    single = (sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.IN, sre_constants.ANY)
    empty: frozenset[str] = frozenset()
    for op, av in tree:
        if op in single:
            yield "char", _chars_of_item(op, av)
        elif op in _REPEATS:
            lo, hi, body = av
            if hi == _MAXREPEAT:
                yield "repeat", _chars(body)
            elif lo == 0:
                yield "optional", empty
                yield from _sequence(body)
                yield "end", empty
            else:
                yield from _sequence(body)
        elif op is sre_constants.SUBPATTERN:
            yield from _sequence(av[3])


def _walk(tree: Any) -> Any:
    for op, av in tree:
        yield op, av
        if op not in _RIGID:
            for child in _children(op, av):
                yield from _walk(child)


def _overlapping(branches: list[Any]) -> bool:
    seen: set[str] = set()
    for branch in branches:
        first = _first_chars(branch)
        if first is None or first & seen:
            return True
        seen |= first
    return False
