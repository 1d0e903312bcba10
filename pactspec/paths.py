"""Pact matching-rule paths: parse ``$.items[*].id`` into segments, weigh them, format them back.

Pact paths are a small JSONPath dialect (the one the Pact reference implementation parses): ``$``,
``.name``, ``['any name']``, ``[3]``, ``.*`` and ``[*]``. Names may carry XML markers (``@id``,
``#text``) and namespace colons, which general JSONPath parsers reject, so the grammar is parsed
here directly. Paths are parsed once and cached.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from pactspec.errors import RuleError

__all__ = [
    "ANY",
    "ANY_INDEX",
    "Segment",
    "Wildcard",
    "format_path",
    "parse_path",
    "path_weight",
    "segment_weight",
]


class Wildcard:
    """A wildcard segment: ``.*`` matches any key or index, ``[*]`` only an index."""

    __slots__ = ("index_only", "text")

    def __init__(self, text: str, index_only: bool) -> None:
        self.text = text
        self.index_only = index_only

    def __repr__(self) -> str:
        return self.text

    def __reduce__(self) -> str:
        return "ANY_INDEX" if self.index_only else "ANY"


ANY = Wildcard("*", index_only=False)
ANY_INDEX = Wildcard("[*]", index_only=True)

Segment = str | int | Wildcard

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-:#@")
_HINT = "write paths like $.items[*].id, $['a key'] or $.list[0]"


@lru_cache(maxsize=4096)
def parse_path(text: str) -> tuple[Segment, ...]:
    """Parse a Pact path into segments (the root ``$`` is implied); raises ``RuleError``."""
    if not isinstance(text, str):
        raise RuleError(f"a matching-rule path must be a string, not {type(text).__name__}; {_HINT}")
    source = text.strip()
    if not source.startswith("$"):
        raise RuleError(f"matching-rule path {text!r} does not start with '$'; {_HINT}")
    segments: list[Segment] = []
    pos, end = 1, len(source)
    while pos < end:
        char = source[pos]
        if char == ".":
            pos += 1
            if pos < end and source[pos] == "*":
                segments.append(ANY)
                pos += 1
                continue
            start = pos
            while pos < end and (source[pos] in _NAME_CHARS or source[pos].isalnum()):
                pos += 1
            if pos == start:
                raise _error(text, pos, "a name or '*' after '.'")
            segments.append(source[start:pos])
        elif char == "[":
            pos, segment = _bracket(text, source, pos + 1)
            segments.append(segment)
        else:
            raise _error(text, pos, "'.' or '['")
    return tuple(segments)


def _bracket(text: str, source: str, pos: int) -> tuple[int, Segment]:
    end = len(source)
    if pos < end and source[pos] in "'\"":
        quote = source[pos]
        pos += 1
        chars: list[str] = []
        while pos < end and source[pos] != quote:
            if source[pos] == "\\" and pos + 1 < end:
                pos += 1
            chars.append(source[pos])
            pos += 1
        if pos >= end:
            raise _error(text, pos, f"a closing {quote}")
        pos += 1
        if pos >= end or source[pos] != "]":
            raise _error(text, pos, "']'")
        return pos + 1, "".join(chars)
    close = source.find("]", pos)
    if close < 0:
        raise _error(text, pos, "']'")
    inner = source[pos:close].strip()
    if inner == "*":
        return close + 1, ANY_INDEX
    if inner.isdigit():
        return close + 1, int(inner)
    raise _error(text, pos, "an index, '*' or a quoted name inside [ ]")


def _error(text: str, pos: int, wanted: str) -> RuleError:
    return RuleError(
        f"cannot parse matching-rule path {text!r} at character {pos + 1}: expected {wanted}; {_HINT}"
    )


def segment_weight(rule_segment: Segment, actual: str | int) -> int:
    """How well one rule segment matches one actual segment: 2 exact, 1 wildcard, 0 not at all."""
    if isinstance(rule_segment, Wildcard):
        if not rule_segment.index_only:
            return 1
        return 1 if isinstance(actual, int) or actual.isdigit() else 0
    if type(rule_segment) is type(actual):
        return 2 if rule_segment == actual else 0
    # A key "0" and an index 0 are the same fragment, as in the reference implementation.
    return 2 if str(rule_segment) == str(actual) else 0


def path_weight(rule_segments: Sequence[Segment], actual_segments: Sequence[str | int]) -> int:
    """The V3 path weight of a rule path against an actual path; 0 means the rule does not apply.

    A rule applies to its own path and cascades to everything below it; longer rule paths do not
    apply. The root counts 2, an exact segment 2, a wildcard 1, and the weights multiply.
    """
    if len(rule_segments) > len(actual_segments):
        return 0
    weight = 2
    for rule_segment, actual in zip(rule_segments, actual_segments):
        weight *= segment_weight(rule_segment, actual)
        if not weight:
            return 0
    return weight


def format_path(segments: Sequence[Segment]) -> str:
    """Render segments as ``$.items[3].id`` / ``$['a b']`` (digit-only keys as ``[100]``, like Pact)."""
    parts = ["$"]
    for segment in segments:
        if isinstance(segment, Wildcard):
            parts.append("[*]" if segment.index_only else ".*")
        elif isinstance(segment, int) or segment.isdigit():
            parts.append(f"[{segment}]")
        elif segment and all(c in _NAME_CHARS or c.isalnum() for c in segment) and segment != "*":
            parts.append("." + segment)
        else:
            escaped = segment.replace("\\", "\\\\").replace("'", "\\'")
            parts.append(f"['{escaped}']")
    return "".join(parts)
